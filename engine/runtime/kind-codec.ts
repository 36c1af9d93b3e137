/**
 * Decoding what reaches an actor: commands as clients sent them, and events
 * as the log holds them. Building a decoder compiles the schema, so it is
 * done once per kind, not per message.
 */
import { Schema, type Exit } from "effect"
import type { AnyActorKind } from "../actor-kind.ts"
import { describeSchemaFailure as describeIssues } from "../schema-issues.ts"
import { ActorStop } from "./lifecycle.ts"

type Decoder = (input: unknown) => Exit.Exit<{ type: string }, unknown>

export interface KindCodec {
  readonly decodeCommand: Decoder
  readonly decodeEvent: Decoder
}

const codecs = new WeakMap<AnyActorKind, KindCodec>()

export const codecOf = (kind: AnyActorKind): KindCodec => {
  let codec = codecs.get(kind)
  if (!codec) {
    codec = { decodeCommand: Schema.decodeUnknownExit(kind.commandSchema), decodeEvent: Schema.decodeUnknownExit(kind.eventSchema) }
    codecs.set(kind, codec)
  }
  return codec
}

/** An event read back from the log; one the kind cannot read stops the actor, naming its sequence. */
export const decodeStored = (codec: KindCodec, raw: unknown, seq: number): { type: string } => {
  const decoded = codec.decodeEvent(raw)
  if (decoded._tag === "Failure") throw new ActorStop("an event it cannot read", { seq, error: describeSchemaFailure(decoded.cause) })
  return decoded.value
}

/** Which field of the command (or stored event) is wrong, in plain words; `input` lets it quote what was sent. */
export const describeSchemaFailure = (cause: unknown, input?: unknown): string =>
  describeIssues(cause, input === undefined ? {} : { input, root: "cmd", noun: "command" })
