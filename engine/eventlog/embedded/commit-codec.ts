/**
 * A record's payload: two MessagePack values back to back, the commit's head
 * `[tenant, kind, id, firstSeq, eventCount, position, by, at, commandKey]`
 * and then the array of events. Recovery decodes only the head, so opening a
 * log costs little per event. Plain maps and arrays (no msgpackr records) keep
 * the files readable by any MessagePack library.
 */
import { Packr, REUSE_BUFFER_MODE, RESET_BUFFER_MODE } from "msgpackr"
import type { Commit } from "../port.ts"

const packr = new Packr({ useRecords: false, mapsAsObjects: true })

export interface CommitHead {
  readonly tenant: string
  readonly kind: string
  readonly id: string
  readonly firstSeq: number
  readonly eventCount: number
  readonly position: number
  readonly by: string
  readonly at: number
  readonly commandKey: string
}

/** Growable output: `reserve` returns the offset of `bytes` fresh bytes at the end of `buffer`. */
export interface ByteSink {
  readonly buffer: Buffer
  used: number
  reserve(bytes: number): number
}

/** Short ASCII strings (names, user ids, command keys) are copied by hand: cheaper than a native call each. */
const writeShortAscii = (sink: ByteSink, value: string): boolean => {
  const length = value.length
  const at = sink.reserve(1 + length)
  const buffer = sink.buffer
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 0x80) {
      sink.used = at
      return false
    }
    buffer[at + 1 + i] = code
  }
  buffer[at] = 0xa0 | length
  return true
}

const writeString = (sink: ByteSink, value: string): void => {
  if (value.length < 32 && writeShortAscii(sink, value)) return
  const bytes = Buffer.byteLength(value)
  const header = bytes < 32 ? 1 : bytes < 0x100 ? 2 : bytes < 0x10000 ? 3 : 5
  const at = sink.reserve(header + bytes)
  const buffer = sink.buffer
  if (header === 1) buffer[at] = 0xa0 | bytes
  else if (header === 2) (buffer[at] = 0xd9), (buffer[at + 1] = bytes)
  else if (header === 3) (buffer[at] = 0xda), buffer.writeUInt16BE(bytes, at + 1)
  else (buffer[at] = 0xdb), buffer.writeUInt32BE(bytes, at + 1)
  buffer.write(value, at + header, bytes, "utf8")
}

const writeNumber = (sink: ByteSink, value: number): void => {
  if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff && !Object.is(value, -0)) {
    const at = sink.reserve(5)
    sink.buffer[at] = 0xce
    sink.buffer.writeUInt32BE(value, at + 1)
  } else {
    const at = sink.reserve(9)
    sink.buffer[at] = 0xcb
    sink.buffer.writeDoubleBE(value, at + 1)
  }
}

/**
 * Appends the payload of a commit to `sink`, the head written by hand (it is
 * the hot path of every append) and the events with msgpackr. Throws, leaving
 * `sink` as it was, when the events cannot be serialised.
 */
export const writePayload = (sink: ByteSink, head: CommitHead, events: readonly unknown[]): void => {
  const start = sink.used
  try {
    sink.buffer[sink.reserve(1)] = 0x99 // fixarray of 9
    writeString(sink, head.tenant)
    writeString(sink, head.kind)
    writeString(sink, head.id)
    writeNumber(sink, head.firstSeq)
    writeNumber(sink, head.eventCount)
    writeNumber(sink, head.position)
    writeString(sink, head.by)
    writeNumber(sink, head.at)
    writeString(sink, head.commandKey)
    // Packs into msgpackr's own scratch buffer, reused by the next call: no allocation per append.
    const packed = packr.pack(events, REUSE_BUFFER_MODE | RESET_BUFFER_MODE) as Buffer & { start: number; end: number }
    const at = sink.reserve(packed.end - packed.start)
    packed.copy(sink.buffer, at, packed.start, packed.end)
  } catch (error) {
    sink.used = start
    throw error
  }
}

const isString = (value: unknown): value is string => typeof value === "string"
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 1

/** Throws an Error naming the problem when the bytes are not a commit head. */
export const decodeHead = (payload: Buffer): { head: CommitHead; eventsStart: number } => {
  let value: unknown
  let eventsStart = -1
  packr.unpackMultiple(payload, (decoded, _start, end) => {
    value = decoded
    eventsStart = end ?? -1
    return false
  })
  if (!Array.isArray(value) || value.length !== 9) throw new Error("commit head is not a 9-element array")
  const [tenant, kind, id, firstSeq, eventCount, position, by, at, commandKey] = value as unknown[]
  if (!isString(tenant) || !isString(kind) || !isString(id) || !isString(by) || !isString(commandKey)) {
    throw new Error("commit head has a non-string name")
  }
  if (!isCount(firstSeq) || !isCount(eventCount) || !isCount(position) || typeof at !== "number") {
    throw new Error("commit head has a bad number")
  }
  if (eventsStart <= 0 || eventsStart >= payload.length) throw new Error("commit has no events after its head")
  return { head: { tenant, kind, id, firstSeq, eventCount, position, by, at, commandKey }, eventsStart }
}

export const decodeCommit = (payload: Buffer): Commit => {
  const { head, eventsStart } = decodeHead(payload)
  const events: unknown = packr.unpack(payload.subarray(eventsStart))
  if (!Array.isArray(events) || events.length !== head.eventCount) throw new Error("commit events do not match its head")
  return {
    addr: { tenant: head.tenant, kind: head.kind, id: head.id },
    firstSeq: head.firstSeq,
    events,
    position: head.position,
    by: head.by,
    at: head.at,
    commandKey: head.commandKey,
  }
}
