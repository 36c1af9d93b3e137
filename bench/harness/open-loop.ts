/**
 * Open-loop pacing: operation i is due at start + i/rate, whatever happened to
 * the operations before it. The caller measures latency from the scheduled
 * time, not from when the send actually went out, so a server that stalls
 * (or a generator that falls behind) shows up as latency instead of silently
 * lowering the offered load (coordinated omission).
 */
import { newHistogram, recordMillis, type Histogram } from "./histogram.ts"

export interface OpenLoopOptions {
  readonly ratePerSecond: number
  readonly durationMs: number
  /** Sends operation `index`, due at `scheduledAt` (performance.now() clock). */
  readonly fire: (index: number, scheduledAt: number) => void
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

export interface OpenLoopResult {
  /** Operations the schedule held: rate x duration. */
  readonly scheduled: number
  readonly sent: number
  readonly startedAt: number
  readonly endedAt: number
  /** How late the generator itself fired each operation; large values mean the generator, not the server, was the bottleneck. */
  readonly sendLag: Histogram
}

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class InvalidScheduleError extends Error {
  readonly _tag = "InvalidScheduleError"
}

export const runOpenLoop = async (options: OpenLoopOptions): Promise<OpenLoopResult> => {
  const { ratePerSecond, durationMs, fire } = options
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new InvalidScheduleError(`rate must be a positive number, got ${ratePerSecond}`)
  if (!(durationMs > 0) || !Number.isFinite(durationMs)) throw new InvalidScheduleError(`duration must be a positive number of ms, got ${durationMs}`)
  const now = options.now ?? (() => performance.now())
  const sleep = options.sleep ?? timerSleep
  const intervalMs = 1000 / ratePerSecond
  const scheduled = Math.max(1, Math.floor((durationMs * ratePerSecond) / 1000))
  const sendLag = newHistogram()
  const startedAt = now()
  let sent = 0
  while (sent < scheduled) {
    const elapsed = now() - startedAt
    // Everything due by now goes out at once, each stamped with its own due time.
    const due = Math.min(scheduled, Math.floor(elapsed / intervalMs) + 1)
    while (sent < due) {
      const scheduledAt = startedAt + sent * intervalMs
      fire(sent, scheduledAt)
      recordMillis(sendLag, now() - scheduledAt)
      sent++
    }
    if (sent >= scheduled) break
    const nextDue = startedAt + sent * intervalMs
    await sleep(Math.max(0, nextDue - now()))
  }
  return { scheduled, sent, startedAt, endedAt: now(), sendLag }
}
