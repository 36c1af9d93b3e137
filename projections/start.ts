/**
 * What a node runs on the read side: one runner per projection over the
 * node's event log and read store. Every node may start them; the leases
 * make exactly one node apply each projection, the others stand by.
 */
import type { ReadOnlyLog } from "../engine/eventlog/port.ts"
import { ALL_PROJECTIONS } from "./all.ts"
import type { Projection } from "./runner/projection.ts"
import { startProjectionRunner, type ProjectionRunner, type RunnerOptions } from "./runner/runner.ts"
import type { ReadStore } from "./store/port.ts"

export interface Projections {
  readonly runners: readonly ProjectionRunner[]
  /** Call after appending to the log in this process: the runners look at once instead of at their next poll. */
  poke(): void
  stop(): Promise<void>
}

export const startProjections = (
  store: ReadStore,
  log: ReadOnlyLog,
  options: Omit<RunnerOptions, "store" | "log" | "projection"> & { readonly projections?: readonly Projection[] } = {},
): Projections => {
  const { projections = ALL_PROJECTIONS, ...runnerOptions } = options
  const runners = projections.map((projection) => startProjectionRunner({ ...runnerOptions, store, log, projection }))
  return {
    runners,
    poke: () => runners.forEach((runner) => runner.poke()),
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()))
    },
  }
}
