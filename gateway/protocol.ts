/**
 * The live protocol (shared/design/protocol.md), in one module shared by the
 * gateway, the web clients and the load generators, so a client and the
 * server can never disagree on a frame. It imports no Node-only module.
 *
 * The codec and the plain constants live in protocol-codec.ts (no Effect, so
 * a browser bundle stays small) and are re-exported here unchanged; this
 * module adds the frame schemas, the frame types and the validating decoder
 * for client frames. Web code imports the types from here with `import type`
 * and the values from protocol-codec.ts.
 */
import { describeSchemaFailure } from "../engine/schema-issues.ts"
import { Result, Schema } from "effect"
import type { ErrorCode as EngineErrorCode } from "../engine/errors.ts"
import { badFrame, unpackMap, type Decoded, type ErrorCode, type PROTOCOL_VERSION } from "./protocol-codec.ts"

export {
  CloseCode,
  DEFAULT_MAX_FRAME_BYTES,
  ERROR_CODES,
  MAX_DEPTH,
  PROTOCOL_VERSION,
  decodeServerFrame,
  encodeFrame,
  unpackMap,
  type Decoded,
  type ErrorCode,
} from "./protocol-codec.ts"

// Fails to compile if the engine's error family and the wire codes drift apart.
const sameCodes: [ErrorCode, EngineErrorCode] extends [EngineErrorCode, ErrorCode] ? true : never = true
void sameCodes

const Ref = Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }))
const Seq = Ref
const Addr = Schema.String.check(Schema.isMaxLength(200))
const OpId = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_:.-]{1,128}$/))
const Command = Schema.StructWithRest(Schema.Struct({ type: Schema.String.check(Schema.isMaxLength(64)) }), [
  Schema.Record(Schema.String, Schema.Unknown),
])

export const Hello = Schema.Struct({
  t: Schema.Literal("hello"),
  token: Schema.String.check(Schema.isMaxLength(8192)),
  client: Schema.optional(Schema.Struct({ name: Schema.String, version: Schema.String })),
})
export const Join = Schema.Struct({ t: Schema.Literal("join"), ref: Ref, addr: Addr, since: Schema.optional(Seq) })
export const Leave = Schema.Struct({ t: Schema.Literal("leave"), ref: Ref, addr: Addr })
export const Cmd = Schema.Struct({ t: Schema.Literal("cmd"), ref: Ref, addr: Addr, id: OpId, cmd: Command })
export const PresenceIn = Schema.Struct({ t: Schema.Literal("presence"), addr: Addr, data: Schema.Unknown })
export const Ping = Schema.Struct({ t: Schema.Literal("ping"), ref: Schema.optional(Ref) })

export const ClientFrame = Schema.Union([Hello, Join, Leave, Cmd, PresenceIn, Ping])
export type ClientFrame = typeof ClientFrame.Type
export type ClientFrameOf<T extends ClientFrame["t"]> = Extract<ClientFrame, { t: T }>

export interface WireUser {
  readonly id: string
  readonly tenant: string
  readonly roles: readonly string[]
}
export interface WireEvent {
  readonly seq: number
  readonly ev: { readonly type: string }
  readonly by: string
  readonly at: number
}
export interface PresenceEntry {
  readonly user: string
  readonly data: unknown
}

export type ServerFrame =
  | { readonly t: "welcome"; readonly user: WireUser; readonly node: string; readonly protocol: typeof PROTOCOL_VERSION }
  | {
      readonly t: "joined"
      readonly ref: number
      readonly addr: string
      readonly seq: number
      readonly snapshot?: unknown
      readonly events?: readonly WireEvent[]
      readonly presence: readonly PresenceEntry[]
    }
  | { readonly t: "left"; readonly ref: number; readonly addr: string }
  | { readonly t: "ack"; readonly ref: number; readonly seq: number }
  | { readonly t: "nack"; readonly ref: number; readonly code: ErrorCode; readonly message: string }
  | { readonly t: "pong"; readonly ref?: number }
  | ({ readonly t: "ev"; readonly addr: string } & WireEvent)
  | { readonly t: "presence"; readonly addr: string; readonly user: string; readonly data: unknown }
  | { readonly t: "error"; readonly code: ErrorCode; readonly message: string; readonly ref?: number; readonly addr?: string }

export type ServerFrameOf<T extends ServerFrame["t"]> = Extract<ServerFrame, { t: T }>

const decodeClient = Schema.decodeUnknownResult(ClientFrame)
const CLIENT_TAGS = new Set<string>(["hello", "join", "leave", "cmd", "presence", "ping"])

export const decodeClientFrame = (bytes: Uint8Array): Decoded<ClientFrame> => {
  const map = unpackMap(bytes)
  if (!map.ok) return map
  const { t, ref } = map.frame
  if (typeof t !== "string" || !CLIENT_TAGS.has(t)) return badFrame(`unknown frame type ${JSON.stringify(t)?.slice(0, 40)}`, ref)
  const result = decodeClient(map.frame)
  if (Result.isFailure(result)) return badFrame(`malformed ${t} frame: ${describeSchemaFailure(result.failure, { input: map.frame })}`, ref)
  return { ok: true, frame: result.success }
}
