/**
 * The live protocol's wire codec and plain constants, without Effect Schema:
 * what a browser needs to speak the protocol (encode any frame, decode the
 * server's) stays small. gateway/protocol.ts re-exports all of it and adds
 * the frame schemas and the validating client-frame decoder the server uses;
 * the frame types live there, imported here as types only (erased).
 *
 * MessagePack via msgpackr: on our frames it encodes 1.5-1.9x and decodes
 * 2-2.3x faster than @msgpack/msgpack (bench/gateway/msgpack.ts).
 * Browser-safe: no Node-only module, no Effect.
 */
import { Packr, Unpackr } from "msgpackr"
import { nestingWithin } from "./msgpack-depth.ts"
import type { ClientFrame, ServerFrame } from "./protocol.ts"

export const PROTOCOL_VERSION = 1
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024
/** Nesting deeper than this is refused; no frame of ours comes close. */
export const MAX_DEPTH = 32

export const ERROR_CODES = [
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
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** Server-initiated close codes (always 4000-4099). */
export const CloseCode = {
  unauthorized: 4001,
  slowConsumer: 4008,
  shuttingDown: 4009,
  /** The user or the client's address already holds as many live connections as allowed. */
  tooManyConnections: 4029,
} as const

const SERVER_TAGS = new Set<string>(["welcome", "joined", "left", "ack", "nack", "pong", "ev", "presence", "error"])

// Plain maps only: records and `undefined` extensions would not survive other MessagePack decoders.
// (`skipValues` works in msgpackr 2.1 but is missing from its typings.)
const packr = new Packr({ useRecords: false, skipValues: [undefined] } as ConstructorParameters<typeof Packr>[0])
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" })

export const encodeFrame = (frame: ServerFrame | ClientFrame): Uint8Array => packr.pack(frame)

export type Decoded<F> =
  | { readonly ok: true; readonly frame: F }
  | { readonly ok: false; readonly code: "bad_frame"; readonly message: string; readonly ref?: number }

export const badFrame = (message: string, ref?: unknown): Decoded<never> =>
  typeof ref === "number" && Number.isSafeInteger(ref) ? { ok: false, code: "bad_frame", message, ref } : { ok: false, code: "bad_frame", message }

/** Only the data model both ends share: no dates, extensions or class instances, bounded nesting. */
const isPlainData = (value: unknown, depth: number): boolean => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true
  if (typeof value === "number") return true
  if (typeof value !== "object" || depth > MAX_DEPTH) return false
  if (value instanceof Uint8Array) return true
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false
  return true
}

/** Bytes to exactly one MessagePack map of plain data, or the reason it is not. */
export const unpackMap = (bytes: Uint8Array): Decoded<Record<string, unknown>> => {
  if (!nestingWithin(bytes, MAX_DEPTH + 1)) return badFrame(`a frame may nest at most ${MAX_DEPTH} deep`)
  let value: unknown
  try {
    value = unpackr.unpack(bytes)
  } catch (error) {
    // A stack overflow from absurd nesting lands here too, and is just a bad frame.
    return badFrame(`not one MessagePack value: ${error instanceof Error ? error.message.slice(0, 120) : "unreadable"}`)
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    return badFrame("a frame must be a MessagePack map")
  }
  if (!isPlainData(value, 0)) return badFrame(`a frame must be plain data nested at most ${MAX_DEPTH} deep`)
  return { ok: true, frame: value as Record<string, unknown> }
}

/** Server frames are trusted (snapshots may nest deeper than client frames), so clients only check the tag. */
export const decodeServerFrame = (bytes: Uint8Array): Decoded<ServerFrame> => {
  let frame: { t?: unknown } | null
  try {
    frame = unpackr.unpack(bytes) as { t?: unknown } | null
  } catch (error) {
    return badFrame(`not one MessagePack value: ${error instanceof Error ? error.message.slice(0, 120) : "unreadable"}`)
  }
  if (typeof frame !== "object" || frame === null || typeof frame.t !== "string" || !SERVER_TAGS.has(frame.t)) return badFrame("not a server frame")
  return { ok: true, frame: frame as unknown as ServerFrame }
}
