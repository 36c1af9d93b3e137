/**
 * PGlite has no autovacuum: the refresh is what gives its planner row
 * counts, and only after something changed.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openPgliteStore } from "./pglite-store.ts"
import type { ReadStore } from "./port.ts"
import { refreshStatistics } from "./statistics.ts"

const estimatedRows = (store: ReadStore) =>
  Effect.runPromise(
    store.asOwner((sql) => sql.query<{ reltuples: number }>("select reltuples::float8 as reltuples from pg_class where relname = 'stats_probe'")),
  ).then((rows) => rows[0]!.reltuples)

describe("planner statistics on PGlite", () => {
  let store: ReadStore
  beforeAll(async () => {
    store = (await openPgliteStore({})).store
    await Effect.runPromise(store.asOwner((sql) => sql.query("create table stats_probe as select g as id from generate_series(1, 5000) g")))
  })
  afterAll(async () => {
    await Effect.runPromise(store.close())
  })

  it("are refreshed after a change is reported, and not before", async () => {
    const refresh = refreshStatistics(store, { intervalMs: 20 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await estimatedRows(store)).toBeLessThan(5000)
    refresh.changed()
    let rows = 0
    // Bounded by time, not by attempts: on a busy machine each ANALYZE takes longer.
    for (const deadline = Date.now() + 30_000; rows !== 5000 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      rows = await estimatedRows(store)
    }
    refresh.stop()
    expect(rows).toBe(5000)
  })
})
