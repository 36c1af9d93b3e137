/**
 * A read-only reader of the event stream on a NATS connection of its own,
 * for a reader in another thread than the writer's (the read-side worker):
 * `readAll` pages through the stream from the reader's own position with
 * short-lived ephemeral consumers (range-reader.ts), and the head is the
 * stream's last sequence. Everything in the stream is durable (stored before
 * its PubAck), so there is no head to be told. It never creates or changes
 * the stream: the writer's open did that.
 */
import { Effect } from "effect"
import { LogUnavailable } from "../../errors.ts"
import type { ReadOnlyLog } from "../port.ts"
import { decodeCommit } from "./commit-codec.ts"
import { connectToNats, openJetStreamManager, shownUrl } from "./connection.ts"
import { readRange } from "./range-reader.ts"

export interface JetStreamReaderOptions {
  readonly url: string
  readonly stream?: string
  readonly subjectPrefix?: string
  readonly requestTimeoutMs?: number
}

export interface JetStreamReader extends ReadOnlyLog {
  close(): Promise<void>
}

export const openJetStreamReader = async (options: JetStreamReaderOptions): Promise<JetStreamReader> => {
  const stream = options.stream ?? "STUDIO_EVENTS"
  const subjectPrefix = options.subjectPrefix ?? "ev"
  const timeoutMs = options.requestTimeoutMs ?? 5_000
  const nc = await connectToNats(options.url, `studio-reader-${stream}`)
  try {
    const jsm = await openJetStreamManager(nc, options.url, timeoutMs)
    const unavailable = (operation: string) => (error: unknown) =>
      error instanceof LogUnavailable
        ? error
        : new LogUnavailable({
            message: `JetStream ${operation} on stream ${stream} at ${shownUrl(options.url)} failed: ${error instanceof Error ? error.message : String(error)}`,
            cause: error,
          })
    const guarded = <A>(body: () => Promise<A>): Promise<A> =>
      nc.isClosed() ? Promise.reject(new LogUnavailable({ message: `the reader of stream ${stream} is closed` })) : body()
    return {
      readAll: (afterPosition, limit) =>
        Effect.tryPromise({
          try: () =>
            guarded(async () => {
              const messages = await readRange({ nc, jsm, stream, timeoutMs }, { fromStreamSeq: Math.max(0, afterPosition) + 1, limit })
              return messages.map((message) => decodeCommit(subjectPrefix, message))
            }),
          catch: unavailable("readAll"),
        }),
      headPosition: () =>
        Effect.tryPromise({
          try: () => guarded(() => jsm.streams.info(stream)).then((info) => info.state.last_seq),
          catch: unavailable("headPosition"),
        }),
      close: async () => {
        if (!nc.isClosed()) await nc.close().catch(() => undefined)
      },
    }
  } catch (error) {
    await nc.close().catch(() => undefined)
    throw error
  }
}
