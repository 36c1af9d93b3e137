/**
 * The engine's error family. Each error carries the protocol error code it
 * maps to at the edge (protocol.md), so the gateway never guesses.
 */
import { Data } from "effect"

export type ErrorCode =
  | "bad_frame"
  | "too_large"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid_command"
  | "rate_limited"
  | "unavailable"
  | "internal"

/** A command refused by the domain or the runtime; sent to the client as a `nack`. */
export class CommandRejected extends Data.TaggedError("CommandRejected")<{
  readonly code: ErrorCode
  readonly message: string
}> {}

export class InvalidAddress extends Data.TaggedError("InvalidAddress")<{ readonly message: string }> {
  readonly code = "not_found" as const
}

/** The log already holds events past the sequence this writer expected: another writer owns the stream. */
export class WrongExpectedSequence extends Data.TaggedError("WrongExpectedSequence")<{
  readonly stream: string
  readonly expected: number
  readonly actual: number | undefined
}> {
  readonly code = "conflict" as const
  override get message() {
    return `stream ${this.stream}: expected last sequence ${this.expected}, log has ${this.actual ?? "a newer one"}`
  }
}

/** The log could not be reached or could not make the append durable; nothing was acknowledged. */
export class LogUnavailable extends Data.TaggedError("LogUnavailable")<{
  readonly message: string
  readonly cause?: unknown
}> {
  readonly code = "unavailable" as const
}

/** Bytes in the log that fail their checksum somewhere other than a torn tail. */
export class LogCorrupted extends Data.TaggedError("LogCorrupted")<{
  readonly file: string
  readonly offset: number
  readonly reason: string
}> {
  override get message() {
    return `event log corrupted in ${this.file} at offset ${this.offset}: ${this.reason}`
  }
}

/** Configuration that cannot work; the process reports it in one line and exits. */
export class ConfigError extends Data.TaggedError("ConfigError")<{
  readonly variable: string
  readonly problem: string
  readonly fix: string
}> {
  override get message() {
    return `${this.variable}: ${this.problem}. ${this.fix}`
  }
}
