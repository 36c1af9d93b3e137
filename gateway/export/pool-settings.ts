/**
 * The export pool's settings from the environment, checked at start: a bad
 * value stops the node with one line naming the variable and the fix.
 */
import { availableParallelism } from "node:os"
import { wholeNumberFromEnv } from "../../engine/config.ts"

export interface RenderPoolSettings {
  /** Worker threads rendering at once. */
  readonly workers: number
  /** Jobs that may wait for a worker; one more is refused with 503. */
  readonly queue: number
  /** Exports one user may start in a burst, then `perMinute` (429 past that). */
  readonly burst: number
  readonly perMinute: number
  /** A render running longer is stopped (its worker with it) and answered 503. */
  readonly timeoutMs: number
}

/** One core is left to the live event loop (and the log's writes), so a 2-core node renders with one worker. */
export const defaultRenderPoolSettings = (): RenderPoolSettings => ({
  workers: Math.max(1, availableParallelism() - 1),
  queue: 16,
  burst: 5,
  perMinute: 20,
  timeoutMs: 60_000,
})

type Env = Readonly<Record<string, string | undefined>>

const integer = wholeNumberFromEnv

export const renderPoolSettingsFromEnv = (env: Env): RenderPoolSettings => {
  const defaults = defaultRenderPoolSettings()
  return {
    workers: integer(env, "STUDIO_EXPORT_WORKERS", defaults.workers, 1, 64),
    queue: integer(env, "STUDIO_EXPORT_QUEUE", defaults.queue, 0, 10_000),
    burst: integer(env, "STUDIO_EXPORT_BURST", defaults.burst, 1, 1_000),
    perMinute: integer(env, "STUDIO_EXPORTS_PER_MINUTE", defaults.perMinute, 1, 60_000),
    timeoutMs: integer(env, "STUDIO_EXPORT_TIMEOUT_SECONDS", defaults.timeoutMs / 1000, 1, 3_600) * 1000,
  }
}
