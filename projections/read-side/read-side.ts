/**
 * The read side of a node, run in a worker thread so that the read store
 * (PGlite executes Postgres as WebAssembly on the thread that calls it) and
 * the projections never take the live event loop's time. Measured before the
 * move: at 3,000 commands/s on one core, ack p50 was 1.83 s with the
 * projections in the node's thread and 12 ms without them.
 *
 * This thread keeps the event log's writer and the response cache (a hit
 * never leaves this thread), and asks the worker the read queries
 * (reads/queries.ts) over typed messages. When the node names its log
 * (`log`), the worker reads it itself (worker-log.ts) and this thread only
 * tells it where the durable head is: from `heads` after appends, and again
 * on `poke()` and `waitFor()`; it decodes and copies no commit. Otherwise
 * (a memory log in tests) it answers the worker's reads with the commits. When the worker
 * dies it is started again with back-off; meanwhile reads answer
 * `unavailable`.
 */
import { Worker } from "node:worker_threads"
import { Effect, Result } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import type { HeadSignal } from "../../engine/eventlog/head-signal.ts"
import type { ReadOnlyLog } from "../../engine/eventlog/port.ts"
import type { MainToWorker, ReadSideSettings, WorkerToMain } from "./messages.ts"
import { DEFAULT_CACHE_SETTINGS, ResponseCache, type ResponseCacheSettings } from "./response-cache.ts"
import { cacheMetrics, viewerKey } from "./cache-keys.ts"
import { logTrafficMetrics, newLogTraffic } from "./traffic.ts"
import type { ReadOutcome, ReadQuery } from "../reads/queries.ts"
import { DIRECTORY_QUERY_NAMES } from "../reads/directory.ts"
import type { ReadService } from "../reads/service.ts"

/** What the gateway serves: the read queries, and the text of /api/metrics. */
export interface ReadSideApi extends ReadService {
  metrics(): Promise<string>
}

export interface ReadSide extends ReadSideApi {
  /** Resolves true once every projection (or each of `projections`, by name) has applied the log up to `position`. */
  waitFor(position: number, timeoutMs?: number, projections?: readonly string[]): Promise<boolean>
  /** New commits are in the log: the runners look now instead of at their next poll. */
  poke(): void
  /** Ends the worker at once, as a crash would; it is started again like after one. */
  killWorker(): Promise<void>
  stop(): Promise<void>
}

export interface ReadSideOptions extends ReadSideSettings {
  /**
   * The worker thread's entry module: one that calls worker.ts's runReadSideWorker with
   * the embeddings and retrieval of the layers above (a node's: gateway/read-side.ts).
   */
  readonly worker: URL
  readonly cache?: ResponseCacheSettings
  /** Appends through the node's log: with `log` set, each move of the head is told to the worker. */
  readonly heads?: Pick<HeadSignal, "onHead">
  readonly onError?: (line: string) => void
  /** First wait before starting a dead worker again; doubles up to 30 s. */
  readonly restartMs?: number
  /** How long a read may wait for the worker before it answers 503 (default 15 s). */
  readonly requestTimeoutMs?: number
}

const MAX_RESTART_MS = 30_000
/**
 * Commits per answer to a worker that asks for them (no `log` named; a worker
 * that reads the log itself asks for none): this thread decodes them from the log and
 * copies them across in one go, about 7 µs each (measured on canvas
 * operations), so a read of 1,000 (a runner's batch after a stall) held the
 * live event loop for some 7 ms. The worker asks again for the rest.
 */
const MAX_COMMITS_PER_READ = 256

export class ReadSideStartError extends Error {}

type Pending = { resolve: (message: WorkerToMain) => void; reject: (error: Error) => void }

/** Starts the worker and resolves once its store is open and its runners run; rejects with the store's one-line error. */
/** Starts the read side and waits until its worker is ready (or its start failed). */
export const startReadSide = async (log: ReadOnlyLog, options: ReadSideOptions): Promise<ReadSide> => {
  const { readSide, ready } = launchReadSide(log, options)
  await ready
  return readSide
}

/**
 * The read side at once, and a promise of its worker being ready: a node can
 * serve everything else meanwhile, and reads answer 503 until then.
 */
export const launchReadSide = (log: ReadOnlyLog, options: ReadSideOptions): { readSide: ReadSide; ready: Promise<void> } => {
  const report = options.onError ?? ((line: string) => console.error(JSON.stringify({ level: "error", component: "read-side", message: line })))
  const cache = new ResponseCache(options.cache ?? DEFAULT_CACHE_SETTINGS)
  const settings: ReadSideSettings = {
    store: options.store,
    ...(options.log ? { log: options.log } : {}),
    ...(options.idleMs ? { idleMs: options.idleMs } : {}),
    ...(options.batchCommits ? { batchCommits: options.batchCommits } : {}),
    ...(options.analyticsExport ? { analyticsExport: options.analyticsExport } : {}),
  }
  const pending = new Map<number, Pending>()
  const traffic = newLogTraffic()
  const inFlight = new Map<string, Promise<ReadOutcome<string>>>()
  let nextId = 1
  let worker: Worker | undefined
  let ready = false
  let stopping = false
  let restartMs = options.restartMs ?? 1_000
  /** The worker reads the log itself: it is told the durable head, never sent commits. */
  const follows = options.log !== undefined
  let announced = 0

  const announce = (position: number) => {
    if (position > announced) announced = position
    if (!worker) return
    traffic.headAnnouncements++
    worker.postMessage({ t: "head", position: announced } satisfies MainToWorker)
  }
  /**
   * The head as the log knows it now, so appends that did not go through
   * `heads` (a test's) are seen too. Only the embedded log's reader needs it
   * (its head is in memory here); a JetStream reader asks the stream itself,
   * so it is only woken.
   */
  const announceHead = async () => {
    if (options.log?.kind !== "embedded") return announce(announced)
    const head = await Effect.runPromise(Effect.result(log.headPosition()))
    if (Result.isSuccess(head)) announce(head.success)
  }
  if (follows) options.heads?.onHead(announce)

  const answerLog = (target: Worker, id: number, read: Effect.Effect<number | readonly unknown[], { message: string }>) =>
    void Effect.runPromise(Effect.result(read)).then((result) => {
      const reply: MainToWorker = Result.isSuccess(result)
        ? { t: "logReply", id, ok: true, value: result.success as never }
        : { t: "logReply", id, ok: false, message: result.failure.message }
      target.postMessage(reply)
    })

  const failPending = (why: string) => {
    for (const [id, call] of pending) {
      pending.delete(id)
      call.reject(new Error(why))
    }
  }

  const launch = () =>
    new Promise<void>((resolveStart, rejectStart) => {
      const target = new Worker(options.worker, { workerData: settings, name: "studio-read-side" })
      worker = target
      // Queued until the worker listens: where to read up to from its start.
      if (follows) void announceHead()
      let started = false
      target.on("message", (message: WorkerToMain) => {
        switch (message.t) {
          case "ready":
            started = ready = true
            restartMs = options.restartMs ?? 1_000
            return resolveStart()
          case "failed":
            rejectStart(new ReadSideStartError(message.message))
            return void target.terminate()
          case "readAll":
            traffic.reads++
            return answerLog(
              target,
              message.id,
              Effect.map(log.readAll(message.after, Math.min(message.limit, MAX_COMMITS_PER_READ)), (commits) => {
                traffic.commitsShipped += commits.length
                return commits
              }),
            )
          case "headPosition":
            traffic.headRequests++
            return answerLog(target, message.id, log.headPosition())
          case "changed":
            return cache.invalidate(message.tenants)
          case "stopped":
            return void target.terminate()
          default: {
            const call = pending.get(message.id)
            pending.delete(message.id)
            call?.resolve(message)
          }
        }
      })
      target.on("error", (error) => report(`read-side worker failed: ${error.stack ?? error.message}`))
      target.on("exit", (code) => {
        ready = false
        if (worker === target) worker = undefined
        failPending("the read side stopped")
        // Whatever the dead worker committed last may not have reached us as a change.
        cache.invalidate("all")
        if (!started) return rejectStart(new ReadSideStartError(`the read-side worker exited with code ${code} before it was ready`))
        if (stopping) return
        report(`read-side worker exited with code ${code}; starting it again in ${restartMs} ms`)
        restartLater()
      })
    })

  /** Until a worker is ready again, with growing waits: the store may be down for a while (a Postgres server restarting). */
  const restartLater = () => {
    const wait = restartMs
    restartMs = Math.min(restartMs * 2, MAX_RESTART_MS)
    setTimeout(() => {
      if (stopping) return
      launch().catch((error: unknown) => {
        report(`read-side restart failed: ${error instanceof Error ? error.message : String(error)}; trying again in ${restartMs} ms`)
        restartLater()
      })
    }, wait).unref()
  }

  /** A worker that is alive but stuck must not hold callers forever: past `timeoutMs` they get an error (a 503). */
  const ask = (message: (id: number) => MainToWorker, timeoutMs = options.requestTimeoutMs ?? 15_000): Promise<WorkerToMain> => {
    const target = worker
    if (!target || !ready) return Promise.reject(new Error("the read side is starting"))
    return new Promise((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`the read side did not answer within ${timeoutMs} ms`))
      }, timeoutMs)
      pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer)
          resolve(reply)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      })
      target.postMessage(message(id))
    })
  }

  const askWorker = async (caller: User, query: ReadQuery): Promise<ReadOutcome<string>> => {
    const reply = await ask((id) => ({ t: "read", id, caller, query }))
    if (reply.t !== "answer") throw new Error(`unexpected reply ${reply.t}`)
    return reply.outcome
  }

  /** One query per distinct (viewer, query, version) at a time, however many ask at once. */
  const readOnce = (key: string, caller: User, query: ReadQuery, version: number): Promise<ReadOutcome<string>> => {
    const flightKey = `${version}\u0000${key}`
    const existing = inFlight.get(flightKey)
    if (existing) return existing
    const promise = askWorker(caller, query)
      .then((outcome) => {
        // The directory's answers are the gateway's, each read at a log position it names: never worth keeping.
        if (outcome.ok && !DIRECTORY_QUERY_NAMES.has(query.name)) cache.set(key, caller.tenant, version, outcome.value)
        return outcome
      })
      .finally(() => inFlight.delete(flightKey))
    inFlight.set(flightKey, promise)
    return promise
  }

  const read: ReadService["read"] = async (caller, query) => {
    // Taken before the query goes out: an answer is kept as read at this version, never a newer one.
    const version = cache.version(caller.tenant)
    const key = `${viewerKey(caller)}\u0000${query.name}\u0000${JSON.stringify(query.params)}`
    const cached = cache.get(key, caller.tenant)
    if (cached !== undefined) return { ok: true, value: cached }
    try {
      return await readOnce(key, caller, query as ReadQuery, version)
    } catch {
      return { ok: false, error: { code: "unavailable", detail: "the read models are restarting; try again shortly" } }
    }
  }

  const firstStart = launch().catch(async (error: unknown) => {
    stopping = true
    await worker?.terminate()
    throw error
  })

  const readSide: ReadSide = {
    read,
    version: (tenant) => cache.version(tenant),
    metrics: async () => {
      const [reply, head] = await Promise.all([
        ask((id) => ({ t: "metrics", id })).catch(() => undefined),
        Effect.runPromise(Effect.result(log.headPosition())),
      ])
      const logHead = Result.isSuccess(head) ? head.success : undefined
      return `${reply?.t === "metrics" ? reply.text : ""}${cacheMetrics(cache.stats(), reply !== undefined)}${logTrafficMetrics(traffic, logHead)}`
    },
    waitFor: async (position, timeoutMs = 30_000, projections) => {
      if (follows) await announceHead()
      const reply = await ask((id) => ({ t: "waitFor", id, position, timeoutMs, ...(projections ? { projections } : {}) }), timeoutMs + 5_000)
      return reply.t === "reached" && reply.reached
    },
    poke: () => (follows ? void announceHead() : worker?.postMessage({ t: "poke" } satisfies MainToWorker)),
    killWorker: async () => {
      await worker?.terminate()
    },
    stop: async () => {
      if (stopping) return
      stopping = true
      const target = worker
      if (!target) return
      const exited = new Promise<void>((resolve) => target.once("exit", () => resolve()))
      target.postMessage({ t: "stop" } satisfies MainToWorker)
      const forced = setTimeout(() => void target.terminate(), 10_000)
      await exited
      clearTimeout(forced)
    },
  }
  return { readSide, ready: firstStart }
}
