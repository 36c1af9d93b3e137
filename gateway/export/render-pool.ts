/**
 * Renders exports on worker threads, so a heavy PDF never holds the live
 * event loop (protocol guarantee 7: one client never slows the others).
 * Measured before: one PDF of a full canvas held the node's thread 1.4-2.2 s
 * and every live ping waited as long.
 *
 * Bounded three ways: a fixed number of workers (started when the first job
 * needs one), a bounded queue (full: 503 `unavailable`), and a per-user
 * token bucket (429 `rate_limited`). Every job is answered exactly once: with
 * its bytes, its render error, or an error when its worker dies or runs past
 * the time limit (the worker is then replaced for the next job).
 */
import { Worker } from "node:worker_threads"
import { KeyedLimiter } from "../auth/rate-limit.ts"
import { ApiProblem } from "../http/problem.ts"
import { defaultRenderPoolSettings, type RenderPoolSettings } from "./pool-settings.ts"
import { transferablesOf, type RenderJob } from "./render-jobs.ts"
import type { FromWorker, ToWorker } from "./render-worker.ts"
import { bundled } from "../../engine/bundled.ts"

/** What the export routes need: spend a user's allowance, render, and stop with the node. */
export interface ExportRenderer {
  /** Counts one export against the user's allowance; throws 429 past it. */
  admit(userKey: string): void
  render(job: RenderJob): Promise<Uint8Array<ArrayBuffer>>
  stop(): Promise<void>
}

export interface RenderPoolOptions {
  /** The worker module (tests pass a stand-in that crashes or hangs on purpose). */
  readonly workerUrl?: URL
  readonly onError?: (line: string) => void
}

// Bun runs the TypeScript worker itself; Node 20 workers need the .mjs entry to load it through tsx.
const WORKER_URL = bundled
  ? new URL("./render-worker.js", import.meta.url)
  : new URL(process.versions["bun"] ? "./render-worker.ts" : "./render-worker-entry.mjs", import.meta.url)
/** A worker holds a whole canvas and its SVG; a runaway one dies alone instead of taking the node's heap. */
const WORKER_HEAP_MB = 1024
/** How long a job may wait for a new worker to load before the worker is taken for stuck. */
const WORKER_START_LIMIT_MS = 30_000

type Task = { readonly id: number; readonly job: RenderJob; resolve(bytes: Uint8Array<ArrayBuffer>): void; reject(error: Error): void }
type Slot = { worker: Worker | undefined; task: Task | undefined; timer: ReturnType<typeof setTimeout> | undefined }

export class RenderPool implements ExportRenderer {
  readonly settings: RenderPoolSettings
  private readonly limiter: KeyedLimiter
  private readonly slots: Slot[]
  private readonly queue: Task[] = []
  private readonly exits = new Set<Promise<void>>()
  private readonly report: (line: string) => void
  private nextId = 1
  private stopped = false

  constructor(
    settings: Partial<RenderPoolSettings> = {},
    private readonly options: RenderPoolOptions = {},
  ) {
    this.settings = { ...defaultRenderPoolSettings(), ...settings }
    this.limiter = new KeyedLimiter(this.settings.burst, this.settings.perMinute / 60)
    this.slots = Array.from({ length: this.settings.workers }, () => ({ worker: undefined, task: undefined, timer: undefined }))
    this.report = options.onError ?? ((line) => console.error(JSON.stringify({ level: "error", component: "export-pool", message: line })))
  }

  admit(userKey: string): void {
    if (!this.limiter.take(userKey)) throw new ApiProblem("rate_limited", "too many exports; wait a moment and try again")
  }

  render(job: RenderJob): Promise<Uint8Array<ArrayBuffer>> {
    if (this.stopped) return Promise.reject(new ApiProblem("unavailable", "the node is shutting down; try again in a moment"))
    const free = this.slots.some((slot) => !slot.task)
    if (!free && this.queue.length >= this.settings.queue)
      return Promise.reject(new ApiProblem("unavailable", "the export queue is full; try again in a moment"))
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject })
      this.dispatch()
    })
  }

  stats(): { workers: number; running: number; queued: number } {
    return {
      workers: this.slots.filter((slot) => slot.worker).length,
      running: this.slots.filter((slot) => slot.task).length,
      queued: this.queue.length,
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    const shuttingDown = () => new ApiProblem("unavailable", "the node is shutting down; try again in a moment")
    for (const task of this.queue.splice(0)) task.reject(shuttingDown())
    for (const slot of this.slots) {
      this.finish(slot)?.reject(shuttingDown())
      const worker = slot.worker
      slot.worker = undefined
      if (worker) void worker.terminate()
    }
    await Promise.all(this.exits)
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return
      if (slot.task) continue
      const task = this.queue.shift()!
      const worker = (slot.worker ??= this.spawn(slot))
      slot.task = task
      // Until the worker says it started the job (a new worker loads its modules first, slowly on a busy machine).
      this.limit(slot, task, Math.max(this.settings.timeoutMs, WORKER_START_LIMIT_MS))
      worker.ref()
      worker.postMessage({ id: task.id, job: task.job } satisfies ToWorker, transferablesOf(task.job))
    }
  }

  /** Takes the slot's task off it, so whoever calls this is the one who answers it. */
  private finish(slot: Slot): Task | undefined {
    const task = slot.task
    clearTimeout(slot.timer)
    slot.task = slot.timer = undefined
    slot.worker?.unref() // an idle worker never keeps a process alive
    return task
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(this.options.workerUrl ?? WORKER_URL, {
      name: "studio-export",
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    })
    const exited: Promise<void> = new Promise((resolve) => worker.once("exit", () => resolve(void this.exits.delete(exited))))
    this.exits.add(exited)
    worker.on("message", (message: FromWorker) => {
      if (slot.worker !== worker || slot.task?.id !== message.id) return
      if ("started" in message) return this.limit(slot, slot.task, this.settings.timeoutMs)
      const task = this.finish(slot)!
      if (message.ok) task.resolve(message.bytes)
      else {
        this.report(`export render failed: ${message.message}`)
        task.reject(new ApiProblem("internal", "the export could not be rendered; the incident was logged"))
      }
      this.dispatch()
    })
    worker.on("error", (error) => this.report(`export worker failed: ${error.stack ?? error.message}`))
    worker.on("exit", (code) => {
      if (slot.worker !== worker) return // replaced already (timed out, or stopping)
      slot.worker = undefined
      const task = this.finish(slot)
      if (task) {
        this.report(`export worker exited with code ${code} while rendering job ${task.id}; the next job starts a new one`)
        task.reject(new ApiProblem("internal", "the export failed while rendering; the incident was logged"))
      }
      if (!this.stopped) this.dispatch()
    })
    return worker
  }

  private limit(slot: Slot, task: Task, ms: number): void {
    clearTimeout(slot.timer)
    slot.timer = setTimeout(() => this.timedOut(slot, task), ms)
    slot.timer.unref()
  }

  private timedOut(slot: Slot, task: Task): void {
    if (slot.task !== task) return
    this.finish(slot)
    const worker = slot.worker
    slot.worker = undefined
    void worker?.terminate()
    this.report(`export job ${task.id} ran past ${this.settings.timeoutMs} ms; its worker was stopped`)
    task.reject(
      new ApiProblem("unavailable", `the export took longer than ${Math.round(this.settings.timeoutMs / 1000)} s and was stopped; try again later`),
    )
    this.dispatch()
  }
}
