/**
 * JetStream publishes with their PubAcks routed back through one inbox
 * subscription. The client's own request path allocates two Error objects,
 * a deferred and a timer per request, which made it the bottleneck of
 * concurrent appends; here a publish costs a map entry, and one timer sweeps
 * the overdue ones (entries expire in the order they were sent).
 *
 * Publishes made during one turn of the event loop go out together at its
 * end, so a burst of appends from many actors becomes one socket write
 * instead of one write each.
 */
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from "@nats-io/transport-node"

export interface PubAck {
  readonly seq: number
  readonly duplicate: boolean
}

/** The server refused the message; `code` is JetStream's err_code (10071: wrong last sequence). */
export class PublishRejected extends Error {
  constructor(
    readonly code: number,
    description: string,
  ) {
    super(`JetStream refused the message: ${description} (err_code ${code})`)
  }
}

/** Publishes per turn of the event loop: enough for one socket write, small enough not to stall the loop. */
const SEND_BATCH = 512

interface Outgoing {
  readonly id: number
  readonly subject: string
  readonly data: Uint8Array
  readonly headers: MsgHdrs
}

interface Pending {
  readonly resolve: (ack: PubAck) => void
  readonly reject: (error: Error) => void
  readonly deadline: number
}

export class AckMux {
  readonly #prefix = createInbox()
  readonly #pending = new Map<number, Pending>()
  readonly #sub: Subscription
  readonly #sweeper: NodeJS.Timeout
  #next = 0
  #outgoing: Outgoing[] = []
  #offline: string | undefined

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    this.#sub = nc.subscribe(`${this.#prefix}.*`, { callback: (_error, msg) => this.#onReply(msg) })
    this.#sweeper = setInterval(() => this.#expire(Date.now()), Math.max(50, Math.min(1_000, timeoutMs / 4)))
    this.#sweeper.unref()
  }

  publish(subject: string, data: Uint8Array, headers: MsgHdrs): Promise<PubAck> {
    const id = this.#next++
    if (this.#offline !== undefined) return Promise.reject(new Error(this.#offline))
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, deadline: Date.now() + this.timeoutMs })
      if (this.#outgoing.push({ id, subject, data, headers }) === 1) setImmediate(() => this.#send())
    })
  }

  #send(): void {
    // A bounded batch per turn: the server starts on the first while the rest are still being
    // encoded, and acks that arrive meanwhile are handled in between.
    const batch = this.#outgoing.length <= SEND_BATCH ? this.#outgoing : this.#outgoing.splice(0, SEND_BATCH)
    if (batch === this.#outgoing) this.#outgoing = []
    else setImmediate(() => this.#send())
    for (const { id, subject, data, headers } of batch) {
      try {
        this.nc.publish(subject, data, { headers, reply: `${this.#prefix}.${id}` })
      } catch (error) {
        this.#settle(id)?.reject(error instanceof Error ? error : new Error(String(error)))
      }
    }
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id)
    this.#pending.delete(id)
    return pending
  }

  /**
   * While disconnected, publishes fail at once rather than wait in the client's buffer, which
   * would send them after a reconnect, long after their caller was told they failed.
   */
  disconnected(reason: string): void {
    this.#offline = reason
    this.failAll(reason)
  }

  reconnected(): void {
    this.#offline = undefined
  }

  /** Fails every publish still waiting: after a lost connection, no ack will come for them. */
  failAll(reason: string): void {
    this.#outgoing = []
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id)
      pending.reject(new Error(reason))
    }
  }

  close(): void {
    clearInterval(this.#sweeper)
    this.failAll("the event log closed before the server acknowledged")
    this.#sub.unsubscribe()
  }

  #onReply(msg: Msg): void {
    const id = Number(msg.subject.slice(this.#prefix.length + 1))
    const pending = this.#settle(id)
    if (pending === undefined) return // late ack of a publish we already gave up on
    const status = msg.headers?.code ?? 0
    if (status !== 0 && msg.data.length === 0) {
      const reason = status === 503 ? "no stream takes this subject (503 no responders)" : `status ${status} ${msg.headers?.description ?? ""}`
      return pending.reject(new Error(`JetStream did not store the message: ${reason}`))
    }
    try {
      const reply = JSON.parse(msg.string()) as { seq?: number; duplicate?: boolean; error?: { err_code?: number; description?: string } }
      if (reply.error) return pending.reject(new PublishRejected(reply.error.err_code ?? 0, reply.error.description ?? "unknown error"))
      if (typeof reply.seq !== "number") return pending.reject(new Error(`JetStream sent an ack without a sequence: ${msg.string()}`))
      pending.resolve({ seq: reply.seq, duplicate: reply.duplicate === true })
    } catch (error) {
      pending.reject(error instanceof Error ? error : new Error(String(error)))
    }
  }

  #expire(now: number): void {
    for (const [id, pending] of this.#pending) {
      if (pending.deadline > now) return
      this.#pending.delete(id)
      pending.reject(new Error(`no ack from JetStream within ${this.timeoutMs} ms; the append may or may not have been stored`))
    }
  }
}
