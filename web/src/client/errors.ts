/**
 * The two errors a screen meets: `ApiError` from the HTTP API and
 * `CommandError` from a live command or join. Both carry the protocol's
 * error code (plus `network` when the server could not be reached at all);
 * screens turn the code into their own words and never show `detail` or
 * `message`, which are the server's English for logs and developers.
 */
import type { ErrorCode } from "../../../gateway/protocol.ts"

/** The protocol's codes, plus `network` (no answer: offline, DNS, connection refused, aborted). */
export type ClientErrorCode = ErrorCode | "network"

const KNOWN = new Set<string>([
  "bad_frame",
  "too_large",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "invalid_command",
  "rate_limited",
  "unavailable",
  "internal",
  "network",
])

/** A code from the wire, or `internal` when it is not one we know (a newer server). */
export const toClientCode = (code: unknown): ClientErrorCode => (typeof code === "string" && KNOWN.has(code) ? (code as ClientErrorCode) : "internal")

/** A failed HTTP API call, from an RFC 9457 problem document (gateway/http/problem.ts) or from no answer at all. */
export class ApiError extends Error {
  override readonly name = "ApiError"
  constructor(
    /** HTTP status; 0 when there was no response. */
    readonly status: number,
    readonly code: ClientErrorCode,
    /** The server's explanation, for logs: not for users. */
    readonly detail: string,
    /** For `rate_limited` (and some `unavailable`): seconds to wait before trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${code}: ${detail}`)
  }
}

/** A live command refused (`nack`), a join refused, or an access revoked. */
export class CommandError extends Error {
  override readonly name = "CommandError"
  constructor(
    readonly code: ClientErrorCode,
    /** The server's explanation, for logs: not for users. */
    override readonly message: string,
  ) {
    super(message)
  }
}
