/**
 * The node's read side: projections/read-side in a worker thread whose entry
 * (read-side-worker.ts) wires in ml/'s embeddings and passage retrieval.
 */
import { bundled } from "../engine/bundled.ts"
import type { ReadOnlyLog } from "../engine/eventlog/port.ts"
import { launchReadSide as launchWith, startReadSide as startWith, type ReadSide, type ReadSideOptions } from "../projections/read-side/read-side.ts"

/** Bun runs the TypeScript itself; Node 20 workers need the .mjs to load it through tsx; the bundle has its own (gateway/build). */
export const READ_SIDE_WORKER = bundled
  ? new URL("./read-side-worker.js", import.meta.url)
  : new URL(process.versions["bun"] ? "./read-side-worker.ts" : "./read-side-worker-entry.mjs", import.meta.url)

export type NodeReadSideOptions = Omit<ReadSideOptions, "worker">

/** The read side at once, and a promise of its worker being ready (reads answer 503 until then). */
export const launchReadSide = (log: ReadOnlyLog, options: NodeReadSideOptions): ReturnType<typeof launchWith> =>
  launchWith(log, { ...options, worker: READ_SIDE_WORKER })

/** Starts the read side and waits until its worker is ready; rejects with the store's one-line error. */
export const startReadSide = (log: ReadOnlyLog, options: NodeReadSideOptions): Promise<ReadSide> =>
  startWith(log, { ...options, worker: READ_SIDE_WORKER })
