/**
 * Row-level security as a seeded property: on tenant A's transaction, no
 * query, however its WHERE is written, returns tenant B's rows, and no write
 * touches them. The same queries run as the owner must leak, which proves
 * the generated queries would find B's rows if RLS were not there.
 */
import { Effect, Result } from "effect"
import { expect } from "vitest"
import { makeRandom, type Random, testSeed } from "../../../engine/testing/random.ts"
import { QueryFailed } from "../errors.ts"
import type { ReadStore, Sql, Viewer } from "../port.ts"
import { tenantTable } from "../tables.ts"

const A: Viewer = { tenant: "A", userId: "ua", roles: ["participant", "facilitator", "admin"] }
const PROBES = ["rls_left", "rls_right"] as const

const predicates: ReadonlyArray<(alias: string, other: string) => string> = [
  () => "",
  () => "where true",
  () => "where 1 = 1 or true",
  (a) => `where ${a}tenant_id = 'B'`,
  (a) => `where ${a}tenant_id <> 'A'`,
  (a) => `where ${a}tenant_id in ('A', 'B')`,
  (a) => `where ${a}tenant_id is null or ${a}tenant_id is not null`,
  (a) => `where ${a}tenant_id = current_setting('app.tenant', true) or ${a}tenant_id = 'B'`,
  (a) => `where lower(${a}tenant_id) = 'b' or ${a}tenant_id like '%'`,
  (a, other) => `where ${a}tenant_id in (select tenant_id from ${other} where tenant_id = 'B')`,
  (_, other) => `where exists (select 1 from ${other} o where o.tenant_id = 'B')`,
  (_, other) => `where not exists (select 1 from ${other} o where o.tenant_id = 'A' and false)`,
]

// Joins take a few rows of one side only, so every query stays linear in the tables' size.
const shapes: ReadonlyArray<(t: string, u: string, where: (alias: string, other: string) => string) => string> = [
  (t, u, w) => `select tenant_id from ${t} ${w("", u)}`,
  (t, u, w) => `select x.tenant_id from ${t} x join (select * from ${u} limit 3) y on true ${w("x.", u)}`,
  (t, u, w) => `select y.tenant_id from ${t} x left join (select * from ${u} limit 3) y on y.tenant_id = 'B' or true ${w("x.", u)}`,
  (t, u, w) => `select tenant_id from ${t} ${w("", u)} union select tenant_id from ${u} ${w("", t)}`,
  (t, u, w) => `select tenant_id from ${t} ${w("", u)} union all select tenant_id from ${u} where tenant_id = 'B'`,
  (t, u, w) => `with c as (select * from ${t} ${w("", u)}) select tenant_id from c`,
  (t, u, w) => `select s.tenant_id from (select * from ${t} ${w("", u)}) s`,
  (t, u, w) => `select (select max(tenant_id) from ${t} ${w("", u)}) as tenant_id`,
  (t, u, w) => `select string_agg(tenant_id, ',') as tenant_id from ${t} ${w("", u)}`,
  (t, u, w) => `select distinct tenant_id from ${t} ${w("", u)} order by tenant_id desc limit 5`,
  (t, u) =>
    `select count(*) filter (where tenant_id = 'B')::int as b_rows from (select distinct tenant_id from ${t}) a full join (select distinct tenant_id from ${u}) b using (tenant_id)`,
  (t, _u, w) => `select tenant_id from ${t} ${w("", t)} for update`,
]

const leaked = (rows: ReadonlyArray<Record<string, unknown>>): boolean =>
  rows.some((row) =>
    Object.entries(row).some(([column, value]) =>
      column === "b_rows" ? Number(value) > 0 : typeof value === "string" && value.split(",").some((tenant) => tenant !== "A"),
    ),
  )

const seedProbes = async (sql: Sql) => {
  for (const table of PROBES) {
    await sql.query(`drop table if exists ${table}`)
    for (const statement of tenantTable(table, { columns: "id text not null, label text not null", primaryKey: "tenant_id, id" }))
      await sql.query(statement)
    await sql.query(`insert into ${table} values ('A', 'a1', 'mine'), ('A', 'a2', 'mine'), ('B', 'b1', 'theirs'), ('B', 'b2', 'theirs')`)
  }
}

const generateQuery = (random: Random, tables: readonly string[]) =>
  random.pick(shapes)(random.pick(tables), random.pick(tables), random.pick(predicates))

const writesOfB = (table: string): ReadonlyArray<{ sql: string; outcome: "refused" | "no rows" }> => [
  { sql: `insert into ${table} (tenant_id, id, label) values ('B', 'b9', 'planted')`, outcome: "refused" },
  { sql: `update ${table} set tenant_id = 'B' where tenant_id = 'A' returning tenant_id`, outcome: "refused" },
  { sql: `insert into ${table} select 'B', id || 'x', label from ${table}`, outcome: "refused" },
  { sql: `update ${table} set label = 'hacked' where tenant_id = 'B' returning tenant_id`, outcome: "no rows" },
  { sql: `delete from ${table} where tenant_id = 'B' returning tenant_id`, outcome: "no rows" },
]

/**
 * `extraTables`: read-model tables (with B rows already in them) to include in the read queries.
 * `viewers`: tenant A's viewers to ask as (by default one with every member role); a table whose
 * privacy rule shows a viewer nothing of A's proves nothing about the tenant rule for that viewer,
 * so callers add the viewers that do see each table (the gateway's system user for the directory).
 */
export const checkRowLevelSecurity = async (
  store: ReadStore,
  label: string,
  extraTables: readonly string[] = [],
  runs = 80,
  viewers: readonly Viewer[] = [A],
) => {
  const random = makeRandom(testSeed(`row-level security on ${label}`))
  await Effect.runPromise(store.asOwner(seedProbes))
  const tables = [...PROBES, ...extraTables]
  let leaksAsOwner = 0
  for (let i = 0; i < runs; i++) {
    const query = generateQuery(random, tables)
    const viewer = random.pick(viewers)
    if (viewer.tenant !== "A") throw new Error("the property asks as tenant A's viewers")
    const asViewer = await Effect.runPromise(store.asViewer(viewer, (sql) => sql.query(query)))
    expect(leaked(asViewer), `tenant A (${viewer.userId}) saw another tenant's rows with: ${query}`).toBe(false)
    const asOwner = await Effect.runPromise(store.asOwner((sql) => sql.query(query.replace(/ for update$/, ""))))
    if (leaked(asOwner)) leaksAsOwner++
  }
  // Without RLS most of these queries would leak: the property would catch a broken policy.
  expect(leaksAsOwner).toBeGreaterThan(runs / 3)

  for (const table of PROBES) {
    for (const write of writesOfB(table)) {
      const result = await Effect.runPromise(Effect.result(store.asViewer(A, (sql) => sql.query(write.sql))))
      if (write.outcome === "refused") {
        expect(
          Result.isFailure(result) && result.failure instanceof QueryFailed && result.failure.isPermissionDenied,
          `expected a refusal for: ${write.sql}`,
        ).toBe(true)
      } else {
        expect(Result.isSuccess(result) && result.success.length, `expected no rows touched by: ${write.sql}`).toBe(0)
      }
    }
    const theirs = await Effect.runPromise(store.asOwner((sql) => sql.query(`select id, label from ${table} where tenant_id = 'B' order by id`)))
    expect(theirs).toEqual([
      { id: "b1", label: "theirs" },
      { id: "b2", label: "theirs" },
    ])
  }
}
