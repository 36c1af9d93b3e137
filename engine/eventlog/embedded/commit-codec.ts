/**
 * A record's payload: two MessagePack values back to back, the commit's head
 * `[tenant, kind, id, firstSeq, eventCount, position, by, at, commandKey]`
 * and then the array of events. Recovery decodes only the head, so opening a
 * log costs little per event. Plain maps and arrays (no msgpackr records) keep
 * the files readable by any MessagePack library.
 */
import { Packr } from "msgpackr"
import { crc32 } from "node:zlib"
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

export interface EncodedPayload {
  readonly head: Buffer
  readonly events: Buffer
  readonly bytes: number
  readonly checksum: number
}

/** Throws when the events cannot be serialised; nothing is shared between calls. */
export const encodePayload = (head: CommitHead, events: readonly unknown[]): EncodedPayload => {
  const headBytes = packr.pack([
    head.tenant,
    head.kind,
    head.id,
    head.firstSeq,
    head.eventCount,
    head.position,
    head.by,
    head.at,
    head.commandKey,
  ])
  const eventBytes = packr.pack(events)
  return {
    head: headBytes,
    events: eventBytes,
    bytes: headBytes.length + eventBytes.length,
    checksum: crc32(eventBytes, crc32(headBytes)),
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
