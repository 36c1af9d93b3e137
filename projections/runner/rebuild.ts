/**
 * Rebuilding a projection from the start of the log into shadow tables
 * beside the live ones, then swapping them in one transaction. Readers keep
 * the old tables (consistent, if stale) until the swap. The caller must hold
 * the projection's lease and pause its live updates: the runner does both.
 */
import { Effect, Result } from "effect"
import type { ReadOnlyLog } from "../../engine/eventlog/port.ts"
import type { ReadStore, Sql } from "../store/port.ts"
import { applyCommits, type ApplyProgress } from "./apply.ts"
import { createTables, dropTables } from "./checkpoints.ts"
import { errorText } from "./dead-letters.ts"
import { fence } from "./lease.ts"
import { liveTableNames, shadowTableNames, type Projection } from "./projection.ts"

export interface RebuildContext {
  readonly store: ReadStore
  readonly log: ReadOnlyLog
  readonly projection: Projection
  readonly holder: string
  readonly batchCommits: number
  readonly sleep: (ms: number) => Promise<void>
}

export type RebuildReport =
  | { readonly ok: true; readonly position: number; readonly events: number; readonly deadLetters: number }
  | { readonly ok: false; readonly reason: string }

const renameIndexes = async (sql: Sql, table: string, from: string) => {
  const indexes = await sql.query<{ indexname: string }>("select indexname from pg_indexes where schemaname = current_schema() and tablename = $1", [
    table,
  ])
  for (const { indexname } of indexes) {
    if (indexname.startsWith(`${from}_`)) await sql.query(`alter index ${indexname} rename to ${table}${indexname.slice(from.length)}`)
  }
}

const swapIn = (ctx: RebuildContext, position: number) => async (sql: Sql) => {
  await fence(sql, ctx.projection.name, ctx.holder)
  const live = liveTableNames(ctx.projection)
  const shadow = shadowTableNames(ctx.projection)
  await dropTables(sql, ctx.projection, live)
  for (const table of ctx.projection.tables) {
    await sql.query(`alter table ${shadow[table.name]} rename to ${live[table.name]}`)
    await renameIndexes(sql, live[table.name]!, shadow[table.name]!)
  }
  await sql.query(
    `insert into projection_checkpoints (projection, position, version, status) values ($1, $2, $3, 'running')
     on conflict (projection) do update set position = excluded.position, version = excluded.version, status = 'running', halted_reason = null, updated_at = now()`,
    [ctx.projection.name, position, ctx.projection.version],
  )
}

export const rebuildProjection = async (ctx: RebuildContext): Promise<RebuildReport> => {
  const shadow = shadowTableNames(ctx.projection)
  const owner = <A>(body: (sql: Sql) => Promise<A>) => Effect.runPromise(Effect.result(ctx.store.asOwner(body)))
  const abandon = async (reason: string): Promise<RebuildReport> => {
    // Under the fence only: after losing the lease, the shadow tables may be another node's rebuild.
    await owner(async (sql) => {
      await fence(sql, ctx.projection.name, ctx.holder)
      await dropTables(sql, ctx.projection, shadow)
    })
    return { ok: false, reason }
  }
  const prepared = await owner(async (sql) => {
    await fence(sql, ctx.projection.name, ctx.holder)
    await dropTables(sql, ctx.projection, shadow)
    await createTables(sql, ctx.projection, shadow)
  })
  if (Result.isFailure(prepared)) return { ok: false, reason: `cannot create the shadow tables: ${errorText(prepared.failure)}` }

  const progress: ApplyProgress = { position: 0, events: 0, commits: 0, deadLetters: 0, poisonInARow: 0 }
  const applyContext = {
    store: ctx.store,
    projection: ctx.projection,
    holder: ctx.holder,
    tables: shadow,
    advancesCheckpoint: false,
    sleep: ctx.sleep,
  }
  for (;;) {
    const read = await Effect.runPromise(Effect.result(ctx.log.readAll(progress.position, ctx.batchCommits)))
    if (Result.isFailure(read)) return abandon(`the log failed during the rebuild: ${read.failure.message}`)
    if (read.success.length === 0) break
    const outcome = await applyCommits(applyContext, progress, read.success)
    if (outcome.kind !== "applied") return abandon(outcome.kind === "halted" ? outcome.reason : `rebuild stopped: ${outcome.kind}`)
  }
  // Commits appended after the last read are after `position`: the live loop applies them after the swap.
  const swapped = await owner(swapIn(ctx, progress.position))
  if (Result.isFailure(swapped)) return abandon(`cannot swap the rebuilt tables in: ${errorText(swapped.failure)}`)
  return { ok: true, position: progress.position, events: progress.events, deadLetters: progress.deadLetters }
}
