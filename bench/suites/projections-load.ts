/**
 * The two loads the projections suite puts on one projection runner:
 * catching up on a log that already holds the events, and following a log
 * that grows at a fixed rate (open loop) while the runner keeps up.
 */
import { Effect } from "effect"
import type { Commit, EventLog } from "../../engine/eventlog/port.ts"
import { openMemoryLog } from "../../engine/eventlog/testing/memory-log.ts"
import { MetricsRegistry } from "../../projections/runner/metrics.ts"
import type { Projection } from "../../projections/runner/projection.ts"
import { startProjectionRunner, type ProjectionRunner } from "../../projections/runner/runner.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import { resetProjection } from "../../projections/testing/fixtures.ts"
import { memoryLogOf } from "../../projections/testing/simulate.ts"
import { newHistogram, recordMillis, type Histogram } from "../harness/histogram.ts"
import { runOpenLoop } from "../harness/open-loop.ts"

export class ProjectionStalled extends Error {
  readonly _tag = "ProjectionStalled"
}

const startRunner = (store: ReadStore, log: EventLog, projection: Projection, errors: string[]): ProjectionRunner =>
  startProjectionRunner({ store, log, projection, registry: new MetricsRegistry(), onError: (line) => void errors.push(line) })

const eventsIn = (commits: readonly Commit[]) => commits.reduce((sum, c) => sum + c.events.length, 0)

export interface CatchUp {
  readonly eventsPerSecond: number
  readonly seconds: number
  readonly errors: readonly string[]
}

/** From an empty read model to the head of a log holding `commits`. */
export const catchUp = async (store: ReadStore, projection: Projection, commits: readonly Commit[], timeoutMs: number): Promise<CatchUp> => {
  await resetProjection(store, projection)
  const { log } = memoryLogOf(commits)
  const head = await Effect.runPromise(log.headPosition())
  const errors: string[] = []
  const started = performance.now()
  const runner = startRunner(store, log, projection, errors)
  try {
    const reached = await runner.waitFor(head, timeoutMs)
    const seconds = (performance.now() - started) / 1000
    if (!reached)
      throw new ProjectionStalled(`${projection.name} did not reach position ${head} within ${timeoutMs} ms: ${JSON.stringify(runner.snapshot())}`)
    return { eventsPerSecond: eventsIn(commits) / seconds, seconds, errors }
  } finally {
    await runner.stop()
  }
}

export interface Follow {
  /** From each append's acknowledgement until the projection's checkpoint passed it. */
  readonly lag: Histogram
  /** Most commits the checkpoint was behind the log's head, as seen at each append. */
  readonly maxBehind: number
  readonly appended: number
  /** Appends whose position the projection had not reached when the drain ended. */
  readonly unreached: number
  readonly errors: readonly string[]
}

/** Appends `commits` in order at `ratePerSecond` to a fresh log that the runner follows. */
export const follow = async (
  store: ReadStore,
  projection: Projection,
  commits: readonly Commit[],
  ratePerSecond: number,
  durationMs: number,
  drainMs: number,
): Promise<Follow> => {
  await resetProjection(store, projection)
  const log = openMemoryLog()
  const errors: string[] = []
  const runner = startRunner(store, log, projection, errors)
  const lag = newHistogram()
  const waits: Promise<boolean>[] = []
  let appended = 0
  let maxBehind = 0
  try {
    const count = Math.min(commits.length, Math.floor((ratePerSecond * durationMs) / 1000))
    await runOpenLoop({
      ratePerSecond,
      durationMs: (count * 1000) / ratePerSecond,
      fire: (i) => {
        const commit = commits[i]!
        const request = {
          addr: commit.addr,
          expectedSeq: commit.firstSeq - 1,
          events: commit.events,
          by: commit.by,
          at: commit.at,
          commandKey: commit.commandKey,
        }
        void Effect.runPromise(log.append(request)).then(({ position }) => {
          const ackedAt = performance.now()
          appended++
          maxBehind = Math.max(maxBehind, position - runner.snapshot().position)
          runner.poke()
          waits.push(
            runner.waitFor(position, drainMs + durationMs).then((reached) => (reached && recordMillis(lag, performance.now() - ackedAt), reached)),
          )
        })
      },
    })
    const outcomes = await Promise.all(waits)
    return { lag, maxBehind, appended, unreached: outcomes.filter((reached) => !reached).length, errors }
  } finally {
    await runner.stop()
  }
}
