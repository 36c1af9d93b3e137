/**
 * What a projection is: a name, a version, the tables it owns, how it treats
 * an event it cannot apply, and one function that applies a batch of commits
 * inside the runner's transaction.
 */
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Sql } from "../store/port.ts"
import type { TableNames, TableSpec } from "../store/tables.ts"

export type { TableNames } from "../store/tables.ts"

/**
 * What happens to a commit the projection cannot apply (it fails to decode,
 * or the database refuses its rows): stop the projection until an operator
 * looks, set it aside in the dead-letter table and go on, or try again with
 * a growing delay first.
 */
export type PoisonPolicy =
  | { readonly kind: "halt" }
  | { readonly kind: "skip" }
  | { readonly kind: "retry"; readonly attempts: number; readonly backoffMs: number; readonly then: "skip" | "halt" }

export interface Projection {
  readonly name: string
  /** Bump it when the tables or the meaning of `apply` change: the runner then rebuilds from the log. */
  readonly version: number
  /** In creation order: a table's policies may refer to the tables before it. */
  readonly tables: readonly TableSpec[]
  readonly onPoison: PoisonPolicy
  /**
   * Applies commits (in log order) to the tables named in `tables`. Must be
   * idempotent: applying a commit that was already applied changes nothing.
   * Rows must depend only on the commits, never on the clock, so a rebuild
   * equals the live tables row for row.
   */
  readonly apply: (sql: Sql, commits: readonly Commit[], tables: TableNames) => Promise<void>
}

export const liveTableNames = (projection: Projection): TableNames => Object.fromEntries(projection.tables.map((table) => [table.name, table.name]))

export const SHADOW_SUFFIX = "__next"

export const shadowTableNames = (projection: Projection): TableNames =>
  Object.fromEntries(projection.tables.map((table) => [table.name, `${table.name}${SHADOW_SUFFIX}`]))
