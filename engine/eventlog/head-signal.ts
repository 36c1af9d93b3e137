/**
 * Tells who listens that the log's durable head moved, without them asking:
 * the read side's worker reads the log itself and needs only to know when to
 * look (projections/read-side). The signal wraps `append`: an append resolves
 * only once durable (port.ts), so the position it reports is durable. Many
 * appends resolving together (one group commit) make one call per listener,
 * on the next turn of the event loop, with the highest position.
 */
import { Effect } from "effect"
import type { EventLog } from "./port.ts"

export interface HeadSignal {
  /** The log whose appends move the head; use it instead of the one wrapped. */
  readonly log: EventLog
  /** `listener` hears the newest durable position after appends through `log`; returns a function that stops it. */
  onHead(listener: (position: number) => void): () => void
}

export const signalHead = (inner: EventLog): HeadSignal => {
  const listeners = new Set<(position: number) => void>()
  let newest = 0
  let scheduled = false
  const tell = () => {
    scheduled = false
    for (const listener of listeners) listener(newest)
  }
  const moved = (position: number) => {
    if (position > newest) newest = position
    if (scheduled || listeners.size === 0) return
    scheduled = true
    setImmediate(tell)
  }
  const log: EventLog = {
    get name() {
      return inner.name
    },
    append: (request) => inner.append(request).pipe(Effect.tap((result) => Effect.sync(() => moved(result.position)))),
    readStream: (addr, afterSeq) => inner.readStream(addr, afterSeq),
    lastSeq: (addr) => inner.lastSeq(addr),
    readAll: (afterPosition, limit) => inner.readAll(afterPosition, limit),
    headPosition: () => inner.headPosition(),
    saveSnapshot: (addr, snapshot) => inner.saveSnapshot(addr, snapshot),
    loadSnapshot: (addr) => inner.loadSnapshot(addr),
    close: () => inner.close(),
  }
  return {
    log,
    onHead: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
