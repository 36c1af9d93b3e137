/**
 * How one commit is laid out in JetStream: one message per commit on the
 * subject `<prefix>.<tenant>.<kind>.<id>`, the events and metadata as
 * MessagePack in the body, and the first event sequence and event count in
 * headers, so the last message of a subject alone tells the actor's lastSeq.
 */
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node"
import { Packr } from "msgpackr"
import { makeAddress, type Address } from "../../address.ts"
import type { AppendRequest, Commit } from "../port.ts"

export const FIRST_SEQ_HEADER = "Ev-First-Seq"
export const COUNT_HEADER = "Ev-Count"
export const MSG_ID_HEADER = "Nats-Msg-Id"
export const EXPECTED_LAST_SUBJECT_SEQ_HEADER = "Nats-Expected-Last-Subject-Sequence"

// Plain maps, no record structures: every message decodes on its own, whatever was written before it.
const packr = new Packr({ useRecords: false })

interface CommitBody {
  readonly by: string
  readonly at: number
  readonly commandKey: string
  readonly events: readonly unknown[]
}

export const subjectOf = (prefix: string, addr: Address): string => `${prefix}.${addr.tenant}.${addr.kind}.${addr.id}`

export const addressOfSubject = (prefix: string, subject: string): Address => {
  const rest = subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : ""
  const [tenant, kind, id, ...extra] = rest.split(".")
  if (tenant === undefined || kind === undefined || id === undefined || extra.length > 0) {
    throw new Error(`subject ${JSON.stringify(subject)} is not an event subject under ${prefix}.`)
  }
  return makeAddress(tenant, kind, id)
}

export const encodeBody = (request: AppendRequest): Uint8Array => {
  const body: CommitBody = { by: request.by, at: request.at, commandKey: request.commandKey, events: request.events }
  return packr.pack(body)
}

export interface PublishGuards {
  /** Nats-Msg-Id: the stream stores a message with the same id only once within its duplicate window. */
  readonly msgId: string
  /** Nats-Expected-Last-Subject-Sequence: the stream sequence of the subject's last message, 0 for none. */
  readonly expectedLastStreamSeq: number
}

export const commitHeaders = (firstSeq: number, count: number, guards?: PublishGuards): MsgHdrs => {
  const h = natsHeaders()
  h.set(FIRST_SEQ_HEADER, String(firstSeq))
  h.set(COUNT_HEADER, String(count))
  if (guards !== undefined) {
    h.set(MSG_ID_HEADER, guards.msgId)
    h.set(EXPECTED_LAST_SUBJECT_SEQ_HEADER, String(guards.expectedLastStreamSeq))
  }
  return h
}

export interface CommitSpan {
  readonly firstSeq: number
  readonly lastSeq: number
}

const positiveInt = (raw: string | undefined, name: string, minimum: number): number => {
  const value = Number(raw)
  if (raw === undefined || raw === "" || !Number.isSafeInteger(value) || value < minimum) {
    throw new Error(`event message has a bad ${name} header: ${JSON.stringify(raw)}`)
  }
  return value
}

/** The event sequences a stored message covers, from its headers. */
export const spanOf = (h: MsgHdrs | undefined): CommitSpan => {
  const firstSeq = positiveInt(h?.get(FIRST_SEQ_HEADER), FIRST_SEQ_HEADER, 1)
  const count = positiveInt(h?.get(COUNT_HEADER), COUNT_HEADER, 1)
  return { firstSeq, lastSeq: firstSeq + count - 1 }
}

export interface StoredCommitMessage {
  readonly subject: string
  readonly headers: MsgHdrs | undefined
  readonly data: Uint8Array
  /** The JetStream stream sequence: the commit's global position. */
  readonly streamSeq: number
}

export const decodeCommit = (prefix: string, message: StoredCommitMessage): Commit => {
  const body = packr.unpack(message.data) as Partial<CommitBody>
  if (typeof body !== "object" || body === null || !Array.isArray(body.events)) {
    throw new Error(`event message at position ${message.streamSeq} has no events array`)
  }
  return {
    addr: addressOfSubject(prefix, message.subject),
    firstSeq: spanOf(message.headers).firstSeq,
    events: body.events,
    position: message.streamSeq,
    by: String(body.by),
    at: Number(body.at),
    commandKey: String(body.commandKey),
  }
}

export const encodeValue = (value: unknown): Uint8Array => packr.pack(value)
export const decodeValue = (bytes: Uint8Array): unknown => packr.unpack(bytes)
