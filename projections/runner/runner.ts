/**
 * The projection runner: consumes the event log from the projection's
 * checkpoint, many commits per transaction, catches up, then follows.
 *
 * The log port has no subscription, so following is polling: the interval
 * is `idleMs.min` after each batch that reached the head (a full batch goes
 * on at once) and doubles while the log stays quiet, up to `idleMs.max`;
 * `poke()` (called by whoever knows new commits arrived, e.g. the node that
 * appended them) ends a quiet wait at once.
 *
 * Only the holder of the projection's lease applies events; other runners
 * of the same projection wait as standbys and take over when it expires.
 *
 * A runner is a group of one (group.ts): a process running several
 * projections starts them as one group, which reads and commits once per
 * tick for all of them.
 */
import type { ReadOnlyLog } from "../../engine/eventlog/port.ts"
import type { ReadStore } from "../store/port.ts"
import { startProjectionGroup } from "./group.ts"
import type { MetricsRegistry, RunnerSnapshot } from "./metrics.ts"
import type { Projection } from "./projection.ts"
import type { RebuildReport } from "./rebuild.ts"

export interface RunnerOptions {
  readonly store: ReadStore
  readonly log: ReadOnlyLog
  readonly projection: Projection
  /** Names this runner in the lease; unique per process by default. */
  readonly holder?: string
  /** Commits read and applied per transaction. */
  readonly batchCommits?: number
  readonly leaseMs?: number
  readonly idleMs?: { readonly min: number; readonly max: number }
  /** Wait after the log or the store was unreachable. */
  readonly unavailableMs?: number
  /** Called after each commit of the read model, with the position it reached (tests crash here). */
  readonly afterCommit?: (position: number, projection: string) => void
  /** Told which tenants' rows each transaction changed ("all" after a rebuild swap): caches key their freshness on it. */
  readonly onChanged?: (tenants: ReadonlySet<string> | "all") => void
  readonly onError?: (line: string) => void
  readonly registry?: MetricsRegistry
}

export interface ProjectionRunner {
  readonly projection: string
  readonly holder: string
  snapshot(): RunnerSnapshot
  /** New commits are in the log: stop waiting. */
  poke(): void
  /** Resolves true once the checkpoint reaches `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs?: number): Promise<boolean>
  /** Rebuilds into shadow tables and swaps them in, pausing live updates meanwhile. */
  rebuild(): Promise<RebuildReport>
  /** Finishes the current batch, releases the lease, and stops. */
  stop(): Promise<void>
}

export const startProjectionRunner = (options: RunnerOptions): ProjectionRunner => {
  const { projection, ...rest } = options
  return startProjectionGroup({ ...rest, projections: [projection] }).runners[0]!
}
