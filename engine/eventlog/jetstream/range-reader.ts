/**
 * Reads a range of stored messages in stream order through a short-lived
 * ephemeral pull consumer: one request creates it (and tells how many
 * messages are pending), one `no_wait` pull per chunk streams them back on an
 * inbox, and the consumer is deleted without waiting (its inactivity
 * threshold removes it anyway if the delete is lost). A page of 1000 commits
 * costs three round trips, not 1000.
 */
import { createInbox, type Msg, type NatsConnection } from "@nats-io/transport-node"
import { AckPolicy, DeliverPolicy, ReplayPolicy, type ConsumerConfig, type JetStreamManager } from "@nats-io/jetstream"
import type { StoredCommitMessage } from "./commit-codec.ts"

const PULL_CHUNK = 4_096
const NANOS_PER_MS = 1_000_000

export interface RangeQuery {
  /** First stream sequence to deliver; from the start of the stream when absent. */
  readonly fromStreamSeq?: number
  /** Only messages on this subject. */
  readonly subject?: string
  readonly limit: number
}

export interface ReaderContext {
  readonly nc: NatsConnection
  readonly jsm: JetStreamManager
  readonly stream: string
  readonly timeoutMs: number
}

export const readRange = async (ctx: ReaderContext, query: RangeQuery): Promise<StoredCommitMessage[]> => {
  if (query.limit <= 0) return []
  const config: ConsumerConfig = {
    ack_policy: AckPolicy.None,
    replay_policy: ReplayPolicy.Instant,
    mem_storage: true,
    num_replicas: 1,
    inactive_threshold: Math.max(ctx.timeoutMs * 4, 10_000) * NANOS_PER_MS,
    ...(query.fromStreamSeq === undefined
      ? { deliver_policy: DeliverPolicy.All }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: query.fromStreamSeq }),
    ...(query.subject === undefined ? {} : { filter_subject: query.subject }),
  }
  const consumer = await ctx.jsm.consumers.add(ctx.stream, config)
  try {
    const wanted = Math.min(query.limit, consumer.num_pending)
    const out: StoredCommitMessage[] = []
    while (out.length < wanted) {
      const chunk = await pull(ctx, consumer.name, Math.min(PULL_CHUNK, wanted - out.length))
      out.push(...chunk.messages)
      if (chunk.exhausted) break
    }
    return out
  } finally {
    ctx.jsm.consumers.delete(ctx.stream, consumer.name).catch(() => {
      // Lost deletes are harmless: the inactivity threshold reclaims the consumer.
    })
  }
}

/** The stream sequence from a JetStream delivery reply subject (v1: 9 tokens, v2: 11 or 12). */
export const streamSeqOfReply = (reply: string | undefined): number => {
  const tokens = (reply ?? "").split(".")
  const index = tokens.length === 9 ? 5 : tokens.length >= 11 ? 7 : -1
  const value = Number(tokens[index])
  if (index < 0 || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`unexpected JetStream delivery subject ${JSON.stringify(reply)}`)
  }
  return value
}

interface PullResult {
  readonly messages: StoredCommitMessage[]
  /** The server ran out of messages before the batch was full. */
  readonly exhausted: boolean
}

const pull = (ctx: ReaderContext, consumer: string, batch: number): Promise<PullResult> =>
  new Promise((resolve, reject) => {
    const messages: StoredCommitMessage[] = []
    const inbox = createInbox()
    const finish = (outcome: () => void) => {
      clearTimeout(timer)
      sub.unsubscribe()
      outcome()
    }
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no reply from JetStream within ${ctx.timeoutMs} ms while reading ${ctx.stream}`))),
      ctx.timeoutMs,
    )
    const onMessage = (msg: Msg) => {
      const status = msg.headers?.code ?? 0
      if (status === 404 || status === 408) return finish(() => resolve({ messages, exhausted: true }))
      if (status !== 0) {
        return finish(() => reject(new Error(`JetStream pull on ${ctx.stream} answered ${status} ${msg.headers?.description ?? ""}`)))
      }
      messages.push({ subject: msg.subject, headers: msg.headers, data: msg.data, streamSeq: streamSeqOfReply(msg.reply) })
      if (messages.length >= batch) finish(() => resolve({ messages, exhausted: false }))
    }
    const sub = ctx.nc.subscribe(inbox, {
      callback: (error, msg) => {
        if (error) return finish(() => reject(error))
        try {
          onMessage(msg)
        } catch (cause) {
          finish(() => reject(cause))
        }
      },
    })
    try {
      ctx.nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${ctx.stream}.${consumer}`, JSON.stringify({ batch, no_wait: true }), { reply: inbox })
    } catch (cause) {
      finish(() => reject(cause))
    }
  })
