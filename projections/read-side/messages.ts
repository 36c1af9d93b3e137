/**
 * What the node's main thread and the read-side worker say to each other.
 * The worker owns the read store, the projection runners and the read queries;
 * the main thread owns the event log's writer. With `log` set the worker reads
 * the log itself and the main thread only tells it where the durable head is
 * (`head`); without it the worker asks the main thread for commits
 * (`readAll`, `headPosition`). Everything here is structured-clone data.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { ReadStoreConfig } from "../store/open.ts"
import type { AnalyticsExportSettings } from "../analytics/export-settings.ts"
import type { ReadOutcome, ReadQuery } from "../reads/queries.ts"

/** Where the worker reads the log itself: the node's EventLogConfig (engine/config.ts) fits. */
export type WorkerLogConfig =
  | { readonly kind: "embedded"; readonly dir: string }
  | { readonly kind: "jetstream"; readonly url: string; readonly stream: string; readonly subjectPrefix?: string }

export interface ReadSideSettings {
  readonly store: ReadStoreConfig
  /** The node's event log, which the worker then reads itself (worker-log.ts); absent: commits are shipped from the main thread. */
  readonly log?: WorkerLogConfig
  /** Poll interval bounds of the runners while the log is quiet. */
  readonly idleMs?: { readonly min: number; readonly max: number }
  readonly batchCommits?: number
  /** Where the worker ships analytics facts, when anywhere (analytics/export-settings.ts). */
  readonly analyticsExport?: AnalyticsExportSettings
}

export type MainToWorker =
  | { readonly t: "read"; readonly id: number; readonly caller: User; readonly query: ReadQuery }
  | { readonly t: "metrics"; readonly id: number }
  /** `projections`: only these (by name); all when absent. */
  | { readonly t: "waitFor"; readonly id: number; readonly position: number; readonly timeoutMs: number; readonly projections?: readonly string[] }
  | { readonly t: "poke" }
  /** The log's durable head is at least `position` (the worker never reads an embedded log past it); also a poke. */
  | { readonly t: "head"; readonly position: number }
  | { readonly t: "stop" }
  | { readonly t: "logReply"; readonly id: number; readonly ok: true; readonly value: number | readonly Commit[] }
  | { readonly t: "logReply"; readonly id: number; readonly ok: false; readonly message: string }

export type WorkerToMain =
  | { readonly t: "ready" }
  | { readonly t: "failed"; readonly message: string }
  /** A query's outcome, its answer as JSON text. */
  | { readonly t: "answer"; readonly id: number; readonly outcome: ReadOutcome<string> }
  | { readonly t: "metrics"; readonly id: number; readonly text: string }
  | { readonly t: "reached"; readonly id: number; readonly reached: boolean }
  | { readonly t: "readAll"; readonly id: number; readonly after: number; readonly limit: number }
  | { readonly t: "headPosition"; readonly id: number }
  | { readonly t: "changed"; readonly tenants: readonly string[] | "all" }
  | { readonly t: "stopped" }
