/**
 * What the log does per actor: append with the optimistic concurrency check,
 * read an actor's commits, find its last sequence. The check itself is the
 * server's (Nats-Expected-Last-Subject-Sequence); the tail cache only spares
 * a lookup of the stream sequence it needs, and is dropped whenever an
 * append's outcome is not a clean success.
 */
import type { NatsConnection } from "@nats-io/transport-node"
import type { JetStreamManager } from "@nats-io/jetstream"
import { addressKey, type Address } from "../../address.ts"
import { WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, AppendResult, Commit } from "../port.ts"
import { PublishRejected, type AckMux } from "./ack-mux.ts"
import { commitHeaders, decodeCommit, encodeBody, MSG_ID_HEADER, spanOf, subjectOf } from "./commit-codec.ts"
import { readRange } from "./range-reader.ts"
import { seekFirstCommitAfter } from "./seek.ts"
import { TailCache, type Tail } from "./tail-cache.ts"

const WRONG_LAST_SEQUENCE = 10071
/** Below this, streaming an actor's whole subject is cheaper than ~log2(stream length) seek reads. */
const SEEK_AFTER_EVENTS = 128

export interface ActorOpsContext {
  readonly nc: NatsConnection
  readonly jsm: JetStreamManager
  readonly stream: string
  readonly subjectPrefix: string
  readonly timeoutMs: number
  readonly acks: AckMux
}

export const makeActorOps = (ctx: ActorOpsContext) => {
  const { jsm, stream, subjectPrefix, acks } = ctx
  const tails = new TailCache()
  const reader = { nc: ctx.nc, jsm, stream, timeoutMs: ctx.timeoutMs }

  const lookupTail = async (addr: Address): Promise<Tail> => {
    const last = await jsm.streams.getMessage(stream, { last_by_subj: subjectOf(subjectPrefix, addr) })
    const tail = last === null ? { lastEventSeq: 0, lastStreamSeq: 0 } : { lastEventSeq: spanOf(last.header).lastSeq, lastStreamSeq: last.seq }
    tails.observe(addressKey(addr), tail)
    return tail
  }

  const storedSpan = async (streamSeq: number) => {
    const stored = await jsm.streams.getMessage(stream, { seq: streamSeq })
    if (stored === null) throw new Error(`message ${streamSeq} vanished from stream ${stream}`)
    return spanOf(stored.header)
  }

  /** The subject's last commit when it is this very request, stored by an earlier attempt whose ack was lost. */
  const storedAttempt = async (request: AppendRequest, msgId: string): Promise<AppendResult | undefined> => {
    const last = await jsm.streams.getMessage(stream, { last_by_subj: subjectOf(subjectPrefix, request.addr) })
    if (last === null || last.header?.get(MSG_ID_HEADER) !== msgId) return undefined
    const span = spanOf(last.header)
    tails.observe(addressKey(request.addr), { lastEventSeq: span.lastSeq, lastStreamSeq: last.seq })
    const expectedSpan = span.firstSeq === request.expectedSeq + 1 && span.lastSeq === request.expectedSeq + request.events.length
    return expectedSpan ? { firstSeq: span.firstSeq, lastSeq: span.lastSeq, position: last.seq } : undefined
  }

  /** Per actor, the newest append still waiting for its ack, and the sequence it will end at. */
  const pendingByActor = new Map<string, { readonly endsAt: number; readonly settled: Promise<unknown> }>()

  /**
   * An append that expects exactly where the actor's pending append will end waits for that one's
   * ack first: the expected stream sequence it needs is only known then. Back-to-back appends of
   * one actor thus succeed in order instead of failing as stale.
   */
  const append = async (request: AppendRequest): Promise<AppendResult> => {
    const key = addressKey(request.addr)
    const ahead = pendingByActor.get(key)
    const follows = ahead !== undefined && ahead.endsAt === request.expectedSeq
    const attempt = follows ? ahead.settled.then(() => appendChecked(request)) : appendChecked(request)
    if (ahead !== undefined && !follows) return attempt
    const entry = { endsAt: request.expectedSeq + request.events.length, settled: attempt.catch(() => undefined) }
    pendingByActor.set(key, entry)
    try {
      return await attempt
    } finally {
      if (pendingByActor.get(key) === entry) pendingByActor.delete(key)
    }
  }

  const appendChecked = async (request: AppendRequest): Promise<AppendResult> => {
    const key = addressKey(request.addr)
    const msgId = `${key}/${request.commandKey}`
    let tail = tails.get(key)
    if (tail === undefined || tail.lastEventSeq < request.expectedSeq) {
      // A new actor needs no lookup: expecting stream sequence 0 makes the server check that the subject is empty.
      tail = tail === undefined && request.expectedSeq === 0 ? { lastEventSeq: 0, lastStreamSeq: 0 } : await lookupTail(request.addr)
    }
    if (tail.lastEventSeq !== request.expectedSeq) {
      // Refused without publishing, unless the log moved on by this very commit (a retry after a lost ack).
      const retried = tail.lastEventSeq > request.expectedSeq ? await storedAttempt(request, msgId) : undefined
      if (retried !== undefined) return retried
      throw new WrongExpectedSequence({ stream: key, expected: request.expectedSeq, actual: tail.lastEventSeq })
    }
    const firstSeq = request.expectedSeq + 1
    const lastSeq = request.expectedSeq + request.events.length
    try {
      const guards = { msgId, expectedLastStreamSeq: tail.lastStreamSeq }
      const ack = await acks.publish(
        subjectOf(subjectPrefix, request.addr),
        encodeBody(request),
        commitHeaders(firstSeq, request.events.length, guards),
      )
      if (ack.duplicate) {
        // The stream recognised the Nats-Msg-Id of a commit it already holds: answer with what was stored then.
        const stored = await storedSpan(ack.seq)
        return { firstSeq: stored.firstSeq, lastSeq: stored.lastSeq, position: ack.seq }
      }
      tails.observe(key, { lastEventSeq: lastSeq, lastStreamSeq: ack.seq })
      return { firstSeq, lastSeq, position: ack.seq }
    } catch (error) {
      // Whatever happened, what we knew about this subject's tail may be wrong now.
      tails.forget(key)
      if (error instanceof PublishRejected && error.code === WRONG_LAST_SEQUENCE) {
        throw new WrongExpectedSequence({ stream: key, expected: request.expectedSeq, actual: undefined })
      }
      throw error
    }
  }

  const readStream = async (addr: Address, afterSeq: number): Promise<Commit[]> => {
    const last = await jsm.streams.getMessage(stream, { last_by_subj: subjectOf(subjectPrefix, addr) })
    if (last === null) {
      tails.observe(addressKey(addr), { lastEventSeq: 0, lastStreamSeq: 0 })
      return []
    }
    const lastSpan = spanOf(last.header)
    tails.observe(addressKey(addr), { lastEventSeq: lastSpan.lastSeq, lastStreamSeq: last.seq })
    if (lastSpan.lastSeq <= afterSeq) return []
    const decode = (m: { subject: string; header: typeof last.header; data: Uint8Array; seq: number }) =>
      decodeCommit(subjectPrefix, { subject: m.subject, headers: m.header, data: m.data, streamSeq: m.seq })
    // The usual catch-up after a snapshot wants only the newest commit: one round trip.
    if (lastSpan.firstSeq <= afterSeq + 1) return [decode(last)]
    const subject = subjectOf(subjectPrefix, addr)
    // Past a snapshot, skip the history before it instead of streaming all of it.
    const fromStreamSeq =
      afterSeq >= SEEK_AFTER_EVENTS ? await seekFirstCommitAfter(jsm, { stream, subject, afterSeq, knownAfter: last.seq }) : undefined
    const messages = await readRange(reader, { subject, fromStreamSeq, limit: Number.MAX_SAFE_INTEGER })
    return messages.filter((m) => m.streamSeq <= last.seq && spanOf(m.headers).lastSeq > afterSeq).map((m) => decodeCommit(subjectPrefix, m))
  }

  return { append, readStream, lastSeq: (addr: Address) => lookupTail(addr).then((tail) => tail.lastEventSeq) }
}
