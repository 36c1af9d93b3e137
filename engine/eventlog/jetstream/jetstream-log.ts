/**
 * The EventLog port on NATS JetStream. One stream holds every actor; each
 * actor is the subject `<prefix>.<tenant>.<kind>.<id>` and each commit one
 * message, so a multi-event commit is atomic. Every append carries
 * Nats-Expected-Last-Subject-Sequence, which makes a stale writer's append
 * fail on the server (see README.md), and Nats-Msg-Id, which makes a retried
 * append land once. The global position is the stream sequence.
 *
 * Appends are not serialised here: each is its own request on the shared
 * connection, so appends from many actors are in flight together.
 */
import { Effect } from "effect"
import type { NatsConnection } from "@nats-io/transport-node"
import type { JetStreamManager } from "@nats-io/jetstream"
import { addressKey, type Address } from "../../address.ts"
import { ConfigError, LogUnavailable, WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, EventLog, Snapshot } from "../port.ts"
import { decodeCommit } from "./commit-codec.ts"
import { connectToNats, ensureStream, openJetStreamManager, shownUrl, URL_VARIABLE } from "./connection.ts"
import { readRange } from "./range-reader.ts"
import { openSnapshotStore, type SnapshotStore } from "./snapshot-store.ts"
import { InFlight } from "./in-flight.ts"
import { AckMux } from "./ack-mux.ts"
import { makeActorOps } from "./actor-ops.ts"

export interface JetStreamLogOptions {
  url: string
  stream?: string
  subjectPrefix?: string
  replicas?: number
  snapshotBucket?: string
  /** How long any one request may wait for the server before failing with LogUnavailable. */
  requestTimeoutMs?: number
}

const STREAM_NAME = /^[A-Za-z0-9_-]{1,200}$/
const SUBJECT_PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/

export const openJetStreamLog = async (options: JetStreamLogOptions): Promise<EventLog> => {
  const stream = options.stream ?? "STUDIO_EVENTS"
  const subjectPrefix = options.subjectPrefix ?? "ev"
  const replicas = options.replicas ?? 1
  const bucket = options.snapshotBucket ?? `${stream}_SNAPSHOTS`
  const timeoutMs = options.requestTimeoutMs ?? 5_000
  const invalid = (field: string, problem: string, fix = "Use letters, digits, '-' and '_' only") =>
    new ConfigError({ variable: `JetStreamLogOptions.${field}`, problem, fix })
  if (!STREAM_NAME.test(stream)) throw invalid("stream", `${JSON.stringify(stream)} is not a valid stream name`)
  if (!STREAM_NAME.test(bucket)) throw invalid("snapshotBucket", `${JSON.stringify(bucket)} is not a valid bucket name`)
  if (!SUBJECT_PREFIX.test(subjectPrefix)) {
    throw invalid(
      "subjectPrefix",
      `${JSON.stringify(subjectPrefix)} is not a subject prefix`,
      "Use dot-separated tokens of letters, digits, '-' and '_'",
    )
  }
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5)
    throw invalid("replicas", `${replicas} is not a replica count`, "Use 1 to 5 (3 in a cluster)")
  if (!(timeoutMs > 0)) throw invalid("requestTimeoutMs", `${timeoutMs} is not a timeout`, "Use a positive number of milliseconds")

  const nc = await connectToNats(options.url, `studio-eventlog-${stream}`)
  try {
    const jsm = await openJetStreamManager(nc, options.url, timeoutMs)
    await ensureStream(jsm, { url: options.url, stream, subjectPrefix, replicas })
    const snapshots = await openSnapshotStore(nc, bucket, replicas).catch((error: unknown) => {
      throw new ConfigError({
        variable: URL_VARIABLE,
        problem: `cannot open snapshot bucket ${bucket} on ${shownUrl(options.url)} (${error instanceof Error ? error.message : String(error)})`,
        fix: "Check that the account may create JetStream KV buckets and that the server has storage",
      })
    })
    return makeLog({ nc, jsm, stream, subjectPrefix, snapshots, timeoutMs, url: options.url })
  } catch (error) {
    await nc.close().catch(() => {})
    throw error
  }
}

interface LogParts {
  readonly nc: NatsConnection
  readonly jsm: JetStreamManager
  readonly stream: string
  readonly subjectPrefix: string
  readonly snapshots: SnapshotStore
  readonly timeoutMs: number
  readonly url: string
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

const makeLog = (parts: LogParts): EventLog => {
  const { nc, jsm, stream, subjectPrefix, snapshots, timeoutMs, url } = parts
  const acks = new AckMux(nc, timeoutMs)
  const inFlight = new InFlight()
  const actors = makeActorOps({ nc, jsm, stream, subjectPrefix, timeoutMs, acks })
  let connected = true
  let closing: Promise<void> | undefined

  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect" || status.type === "staleConnection") {
        connected = false
        acks.disconnected(`lost the connection to NATS at ${shownUrl(url)}; the append may or may not have been stored`)
      }
      if (status.type === "reconnect") {
        connected = true
        acks.reconnected()
      }
    }
  })()

  const unavailable = (operation: string) => (error: unknown) =>
    error instanceof LogUnavailable
      ? error
      : new LogUnavailable({ message: `JetStream ${operation} on stream ${stream} failed: ${messageOf(error)}`, cause: error })

  /** Runs `body` only while the log is open and connected, so nothing is queued for a dead connection. */
  const guarded = <A>(body: () => Promise<A>): Promise<A> => {
    if (closing !== undefined) return Promise.reject(new LogUnavailable({ message: `event log on stream ${stream} is closed` }))
    if (!connected || nc.isClosed()) {
      return Promise.reject(new LogUnavailable({ message: `not connected to NATS at ${shownUrl(url)}; reconnecting in the background` }))
    }
    return inFlight.track(body())
  }

  return {
    name: "jetstream",
    append: (request) => {
      const problem = invalidAppend(request)
      if (problem !== undefined) return Effect.die(new TypeError(`append to ${addressKey(request.addr)} refused: ${problem}`))
      return Effect.tryPromise({
        try: () => guarded(() => actors.append(request)),
        catch: (error) => (error instanceof WrongExpectedSequence ? error : unavailable("append")(error)),
      })
    },
    readStream: (addr, afterSeq) =>
      Effect.tryPromise({ try: () => guarded(() => actors.readStream(addr, afterSeq)), catch: unavailable("readStream") }),
    lastSeq: (addr) => Effect.tryPromise({ try: () => guarded(() => actors.lastSeq(addr)), catch: unavailable("lastSeq") }),
    readAll: (afterPosition, limit) =>
      Effect.tryPromise({
        try: () =>
          guarded(async () => {
            const messages = await readRange({ nc, jsm, stream, timeoutMs }, { fromStreamSeq: Math.max(0, afterPosition) + 1, limit })
            return messages.map((m) => decodeCommit(subjectPrefix, m))
          }),
        catch: unavailable("readAll"),
      }),
    headPosition: () =>
      Effect.tryPromise({ try: () => guarded(() => jsm.streams.info(stream)).then((i) => i.state.last_seq), catch: unavailable("headPosition") }),
    saveSnapshot: (addr: Address, snapshot: Snapshot) =>
      Effect.tryPromise({ try: () => guarded(() => snapshots.save(addr, snapshot)), catch: unavailable("saveSnapshot") }),
    loadSnapshot: (addr) => Effect.tryPromise({ try: () => guarded(() => snapshots.load(addr)), catch: unavailable("loadSnapshot") }),
    close: () =>
      Effect.promise(() => {
        closing ??= inFlight.settled().then(() => {
          acks.close()
          return drainWithin(nc, timeoutMs)
        })
        return closing
      }),
  }
}

const invalidAppend = (request: AppendRequest): string | undefined => {
  if (!Array.isArray(request.events) || request.events.length === 0) return "a commit needs at least one event"
  if (!Number.isSafeInteger(request.expectedSeq) || request.expectedSeq < 0) return `expectedSeq ${request.expectedSeq} is not a sequence`
  if (typeof request.commandKey !== "string" || request.commandKey === "" || /[\r\n]/.test(request.commandKey)) {
    return "commandKey must be a non-empty single-line string"
  }
  return undefined
}

/** Drains the connection (flushing what is pending), but never waits longer than `timeoutMs` for a dead server. */
const drainWithin = async (nc: NatsConnection, timeoutMs: number): Promise<void> => {
  if (nc.isClosed()) return
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs)
  })
  await Promise.race([nc.drain().catch(() => {}), deadline])
  clearTimeout(timer)
  if (!nc.isClosed()) await nc.close().catch(() => {})
}
