/**
 * The export pool's worker thread: renders one job at a time (the pool
 * never sends a second before the first is answered) and sends the bytes
 * back, transferred. A render that throws is answered with its message; a
 * crash ends the thread, and the pool answers the job and starts another.
 */
import { parentPort } from "node:worker_threads"
import type { RenderJob } from "./render-jobs.ts"
import { renderJob } from "./run-render-job.ts"

export type ToWorker = { readonly id: number; readonly job: RenderJob }
export type FromWorker =
  /** The job reached the worker: its time limit runs from here, not from a new worker's start-up. */
  | { readonly id: number; readonly started: true }
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> }
  | { readonly id: number; readonly ok: false; readonly message: string }

const port = parentPort
if (!port) throw new Error("gateway/export/render-worker.ts runs as a worker thread; start it through the RenderPool")

port.on("message", ({ id, job }: ToWorker) => {
  port.postMessage({ id, started: true } satisfies FromWorker)
  renderJob(job).then(
    (rendered) => {
      // A copy of its own: Node's pooled and native (resvg) buffers cannot be transferred; a copy here costs the live thread nothing.
      const bytes = new Uint8Array(rendered)
      port.postMessage({ id, ok: true, bytes } satisfies FromWorker, [bytes.buffer])
    },
    (error: unknown) => port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies FromWorker),
  )
})
