/** Helpers the projection tests share: reset a projection, run it to the log's head, read its tables back. */
import { Effect } from "effect"
import type { EventLog } from "../../engine/eventlog/port.ts"
import { dropTables } from "../runner/checkpoints.ts"
import { liveTableNames, shadowTableNames, type Projection } from "../runner/projection.ts"
import { startProjectionRunner, type ProjectionRunner, type RunnerOptions } from "../runner/runner.ts"
import { MetricsRegistry } from "../runner/metrics.ts"
import type { ReadStore, Sql } from "../store/port.ts"

export const owner = <A>(store: ReadStore, body: (sql: Sql) => Promise<A>) => Effect.runPromise(store.asOwner(body))

/** Drops the projection's tables and forgets its checkpoint, lease and dead letters. */
export const resetProjection = (store: ReadStore, projection: Projection) =>
  owner(store, async (sql) => {
    await dropTables(sql, projection, shadowTableNames(projection))
    await dropTables(sql, projection, liveTableNames(projection))
    for (const table of ["projection_checkpoints", "projection_leases", "projection_dead_letters"]) {
      await sql.query(`delete from ${table} where projection = $1`, [projection.name])
    }
  })

const quiet = { onError: () => undefined, idleMs: { min: 1, max: 20 } }

/** Starts a runner on its own metrics registry, so tests do not see each other's runners. */
export const startTestRunner = (options: Omit<RunnerOptions, "registry"> & { registry?: MetricsRegistry }): ProjectionRunner =>
  startProjectionRunner({ ...quiet, registry: new MetricsRegistry(), ...options })

export const runToHead = async (store: ReadStore, log: EventLog, projection: Projection, options: Partial<RunnerOptions> = {}) => {
  const runner = startTestRunner({ store, log, projection, ...options })
  const head = await Effect.runPromise(log.headPosition())
  const reached = await runner.waitFor(head, 60_000)
  await runner.stop()
  if (!reached) throw new Error(`${projection.name} did not reach ${head}: ${JSON.stringify(runner.snapshot())}`)
  return runner.snapshot()
}

const primaryKey = async (store: ReadStore, table: string): Promise<string> => {
  const rows = await owner(store, (sql) =>
    sql.query<{ column: string }>(
      `select a.attname as column from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = $1::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`,
      [table],
    ),
  )
  return rows.map((row) => row.column).join(", ")
}

const plain = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value)

/** Every row of every table of the projection, in primary key order, with dates as ISO strings. */
export const snapshotTables = async (store: ReadStore, projection: Projection): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {}
  for (const table of projection.tables) {
    const order = await primaryKey(store, table.name)
    const rows = await owner(store, (sql) => sql.query<Record<string, unknown>>(`select * from ${table.name} order by ${order}`))
    out[table.name] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)])))
  }
  return out
}
