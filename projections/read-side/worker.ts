/**
 * The read-side worker thread's body: the read store (PGlite runs its
 * WebAssembly Postgres here, off the live event loop), the projections as one
 * runner group (one log read and one transaction per tick for all of them)
 * and the read queries. Commits are read from the log by this thread itself
 * when the node names its log (worker-log.ts), else asked of the main thread,
 * which owns the event log. The thread's entry module lives above projections/ (a node's is
 * gateway/read-side-worker.ts) and hands in what only the layers above know:
 * the configured embeddings and the coach's passage retrieval.
 */
import { readlinkSync } from "node:fs"
import { setPriority } from "node:os"
import { parentPort, workerData } from "node:worker_threads"
import { Effect } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import { LogUnavailable } from "../../engine/errors.ts"
import type { Commit, ReadOnlyLog } from "../../engine/eventlog/port.ts"
import type { Embeddings } from "../embeddings/port.ts"
import type { ReadQuery } from "../reads/queries.ts"
import { makeReadQueries, type PassageSource } from "../reads/run.ts"
import { serialized } from "../reads/service.ts"
import { ALL_PROJECTIONS } from "../all.ts"
import { openAnalyticsSink } from "../analytics/export-settings.ts"
import { startAnalyticsExport } from "../analytics/exporter.ts"
import { makeCardsProjection } from "../models/cards.ts"
import { startProjectionGroup, type ProjectionGroup } from "../runner/group.ts"
import { projectionMetrics } from "../runner/metrics.ts"
import { openReadStore } from "../store/open.ts"
import { refreshStatistics, type StatisticsRefresh } from "../store/statistics.ts"
import type { OpenedStore } from "../store/pglite-store.ts"
import type { ReadStore } from "../store/port.ts"
import type { MainToWorker, ReadSideSettings, WorkerToMain } from "./messages.ts"
import { forgetLeasesOfTheDead, quietWalWrites } from "./store-settings.ts"
import { countingTransactions } from "./traffic.ts"
import { openWorkerLog, type WorkerLog } from "./worker-log.ts"

/** What the entry module hands in from the layers above projections/. */
export interface ReadSideWiring {
  /** The node's embeddings as configured; may throw a one-line configuration error, which fails the start. */
  readonly embeddings: () => Embeddings
  /** The coach's passage retrieval over this thread's store; without it /coach/passages answers 503. */
  readonly passages?: (store: ReadStore, embeddings: Embeddings) => PassageSource
}

const port = parentPort
if (!port) throw new Error("the read-side worker runs as a worker thread; start it with startReadSide()")
const settings = workerData as ReadSideSettings
const post = (message: WorkerToMain) => port.postMessage(message)

const logCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: LogUnavailable) => void }>()
let nextCall = 1
const askMain = <A>(message: (id: number) => WorkerToMain): Effect.Effect<A, LogUnavailable> =>
  Effect.callback<A, LogUnavailable>((resume) => {
    const id = nextCall++
    logCalls.set(id, { resolve: (value) => resume(Effect.succeed(value as A)), reject: (error) => resume(Effect.fail(error)) })
    post(message(id))
  })

/** The event log shipped from the main thread: every read is a question to it (one per tick of the projections). */
const shipped: ReadOnlyLog = {
  readAll: (after, limit) => askMain<readonly Commit[]>((id) => ({ t: "readAll", id, after, limit })),
  headPosition: () => askMain<number>((id) => ({ t: "headPosition", id })),
}

/** Nice value of the read-side thread: below the live thread's, above nothing else the node runs. */
const READ_SIDE_NICE = 10

const serve = async (
  workerLog: WorkerLog,
  opened: OpenedStore,
  projections: ProjectionGroup,
  statistics: StatisticsRefresh,
  storeMetrics: () => string,
  embeddings: Embeddings,
  passages: PassageSource | undefined,
) => {
  const run = makeReadQueries(opened.store, { embeddings, ...(passages ? { passages } : {}) })
  const read = async (id: number, caller: User, query: ReadQuery) => post({ t: "answer", id, outcome: serialized(await run(caller, query)) })

  const waitFor = async (id: number, position: number, timeoutMs: number, names: readonly string[] | undefined) => {
    const waited = names ? projections.runners.filter((runner) => names.includes(runner.projection)) : projections.runners
    const reached = await Promise.all(waited.map((runner) => runner.waitFor(position, timeoutMs)))
    post({ t: "reached", id, reached: reached.every(Boolean) })
  }

  // The runners see the head once per tick; a scrape asks for it, so the lag it shows is the lag now.
  const metrics = async (id: number) => {
    const head = await Effect.runPromise(Effect.result(workerLog.log.headPosition()))
    if (head._tag === "Success") projections.sawHead(head.success)
    post({ t: "metrics", id, text: projectionMetrics() + storeMetrics() })
  }
  port.on("message", (message: MainToWorker) => {
    switch (message.t) {
      case "read":
        return void read(message.id, message.caller, message.query)
      case "metrics":
        return void metrics(message.id)
      case "waitFor":
        return void waitFor(message.id, message.position, message.timeoutMs, message.projections)
      case "poke":
        return projections.poke()
      case "head":
        workerLog.headMoved(message.position)
        return projections.poke()
      case "logReply": {
        const call = logCalls.get(message.id)
        logCalls.delete(message.id)
        if (message.ok) call?.resolve(message.value)
        else call?.reject(new LogUnavailable({ message: message.message }))
        return
      }
      case "stop":
        return void stop(workerLog, opened, projections, statistics)
    }
  })
}

/** Ships the facts the analytics projection writes, when the node names a sink; stopped with the worker. */
let stopAnalyticsExport: () => Promise<void> = async () => undefined

const stop = async (workerLog: WorkerLog, opened: OpenedStore, projections: ProjectionGroup, statistics: StatisticsRefresh) => {
  await stopAnalyticsExport()
  statistics.stop()
  await projections.stop()
  await workerLog.close()
  await Effect.runPromise(opened.store.close())
  post({ t: "stopped" })
  port.close()
}

/**
 * When the node's cores are saturated, the live path must win them: an ack
 * or a delivery late by a second is a broken session, a read model late by a
 * second is not. So on Linux this thread (a task of its own there) takes a
 * lower scheduling priority; elsewhere it keeps the node's.
 */
const yieldToLivePath = () => {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").at(-1))
    if (Number.isInteger(threadId) && threadId > 0 && threadId !== process.pid) setPriority(threadId, READ_SIDE_NICE)
  } catch {
    // No /proc/thread-self, or not allowed: the read side runs at the node's priority.
  }
}

/** Opens the store, starts the projections and answers the main thread; posts `failed` with one line when it cannot. */
export const runReadSideWorker = async (wiring: ReadSideWiring): Promise<void> => {
  yieldToLivePath()
  let opened: OpenedStore
  let embeddings: Embeddings
  let workerLog: WorkerLog
  try {
    // The card projection stores vectors of this model and the read API searches with the same one.
    embeddings = wiring.embeddings()
    workerLog = await openWorkerLog(settings.log, shipped)
    opened = await openReadStore(settings.store).catch(async (error: unknown) => {
      await workerLog.close()
      throw error
    })
  } catch (error) {
    return post({ t: "failed", message: error instanceof Error ? error.message : String(error) })
  }
  await quietWalWrites(opened.store).catch((error: unknown) =>
    console.error(JSON.stringify({ level: "warn", component: "read-side", message: `could not turn wal_init_zero off: ${String(error)}` })),
  )
  await forgetLeasesOfTheDead(opened.store).catch((error: unknown) =>
    console.error(
      JSON.stringify({ level: "warn", component: "read-side", message: `could not clear leases left by a dead process: ${String(error)}` }),
    ),
  )
  const counted = countingTransactions(opened.store)
  const statistics = refreshStatistics(counted.store, {
    onError: (line) => console.error(JSON.stringify({ level: "error", component: "read-side", message: line })),
  })
  // One group: each tick reads the log once and applies the batch for every projection in one transaction.
  const projections = startProjectionGroup({
    store: counted.store,
    log: workerLog.log,
    projections: ALL_PROJECTIONS.map((projection) => (projection.name === "cards" ? makeCardsProjection(embeddings) : projection)),
    ...(settings.idleMs ? { idleMs: settings.idleMs } : {}),
    ...(settings.batchCommits ? { batchCommits: settings.batchCommits } : {}),
    onChanged: (tenants) => {
      statistics.changed()
      post({ t: "changed", tenants: tenants === "all" ? "all" : [...tenants] })
    },
  })
  if (settings.analyticsExport) {
    stopAnalyticsExport = startAnalyticsExport({
      store: counted.store,
      sink: openAnalyticsSink(settings.analyticsExport),
      everyMs: settings.analyticsExport.everyMs,
      onError: (line) => console.error(JSON.stringify({ level: "error", component: "analytics-export", message: line })),
    })
  }
  const passages = wiring.passages?.(opened.store, embeddings)
  await serve(workerLog, { ...opened, store: counted.store }, projections, statistics, counted.metrics, embeddings, passages)
  post({ t: "ready" })
}
