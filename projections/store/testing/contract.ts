/**
 * The read store contract: what every adapter must do, run against PGlite
 * and the Postgres server alike. `getStore` is called inside tests, after the
 * caller's beforeAll opened the store once.
 */
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { QueryFailed } from "../errors.ts"
import { MIGRATIONS, runMigrations } from "../migrations.ts"
import { APP_ROLE, type ReadStore, type Viewer } from "../port.ts"
import { tenantTable } from "../tables.ts"
import { checkRowLevelSecurity } from "./rls-property.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const attempt = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.result(effect))

export const viewerOf = (tenant: string, userId = "u1", roles: readonly string[] = ["participant"]): Viewer => ({ tenant, userId, roles })

export const describeReadStoreContract = (adapter: string, getStore: () => ReadStore) =>
  describe(`read store contract: ${adapter}`, () => {
    const seedNotes = async () => {
      const store = getStore()
      await run(
        store.asOwner(async (sql) => {
          await sql.query("drop table if exists contract_notes")
          for (const statement of tenantTable("contract_notes", {
            columns: "note_id text not null, body text not null",
            primaryKey: "tenant_id, note_id",
          })) {
            await sql.query(statement)
          }
          await sql.query("insert into contract_notes values ('A', 'a1', 'alpha'), ('A', 'a2', 'beta'), ('B', 'b1', 'gamma')")
        }),
      )
    }

    it("running the migrations again applies nothing", async () => {
      const report = await run(getStore().asOwner((sql) => runMigrations(sql, getStore().vector)))
      expect(report.applied).toEqual([])
    })

    it("the owner sees every tenant; a viewer sees only its own", async () => {
      await seedNotes()
      const all = await run(getStore().asOwner((sql) => sql.query<{ note_id: string }>("select note_id from contract_notes order by note_id")))
      expect(all.map((row) => row.note_id)).toEqual(["a1", "a2", "b1"])
      const mine = await run(getStore().asViewer(viewerOf("B"), (sql) => sql.query<{ note_id: string }>("select note_id from contract_notes")))
      expect(mine.map((row) => row.note_id)).toEqual(["b1"])
    })

    it("viewer settings and role last for one transaction only", async () => {
      await run(getStore().asViewer(viewerOf("A"), (sql) => sql.query("select 1")))
      const [after] = await run(
        getStore().asOwner((sql) =>
          sql.query<{ role: string; tenant: string | null }>("select current_user as role, current_setting('app.tenant', true) as tenant"),
        ),
      )
      expect(after?.role).not.toBe(APP_ROLE)
      expect(after?.tenant ?? "").toBe("")
    })

    it("a viewer transaction runs as the application role, which cannot bypass row-level security", async () => {
      const [row] = await run(
        getStore().asViewer(viewerOf("A"), (sql) =>
          sql.query<{ role: string; bypass: boolean; superuser: boolean }>(
            "select current_user as role, rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = current_user",
          ),
        ),
      )
      expect(row).toEqual({ role: APP_ROLE, bypass: false, superuser: false })
    })

    it("every table with a tenant_id column has row-level security and a tenant policy", async () => {
      const rows = await run(
        getStore().asOwner((sql) =>
          sql.query<{ table: string; rls: boolean; policies: number }>(
            `select c.relname as table, c.relrowsecurity as rls,
                    (select count(*)::int from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation') as policies
               from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = current_schema() and c.relkind = 'r'
                and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`,
          ),
        ),
      )
      // The migrations' own tenant table: the read models' tables come with their projections (checked in the projection contract).
      expect(rows.map((row) => row.table)).toContain("projection_dead_letters")
      expect(rows.filter((row) => !row.rls || row.policies !== 1)).toEqual([])
    })

    it("the application role cannot read the projections' bookkeeping", async () => {
      const result = await attempt(getStore().asViewer(viewerOf("A"), (sql) => sql.query("select * from projection_checkpoints")))
      expect(Result.isFailure(result) && result.failure instanceof QueryFailed && result.failure.isPermissionDenied).toBe(true)
    })

    it("a failing transaction body leaves nothing behind", async () => {
      await seedNotes()
      const result = await attempt(
        getStore().asOwner(async (sql) => {
          await sql.query("insert into contract_notes values ('A', 'a3', 'gone')")
          throw new Error("the body changed its mind")
        }),
      )
      expect(Result.isFailure(result) && result.failure._tag).toBe("QueryFailed")
      const [count] = await run(
        getStore().asOwner((sql) => sql.query<{ n: number }>("select count(*)::int as n from contract_notes where note_id = 'a3'")),
      )
      expect(count?.n).toBe(0)
    })

    it("a bad statement fails as QueryFailed with its SQLSTATE", async () => {
      const result = await attempt(getStore().asOwner((sql) => sql.query("select * from no_such_table")))
      expect(Result.isFailure(result) && result.failure instanceof QueryFailed && result.failure.sqlState).toBe("42P01")
    })

    it("a viewer with a malformed tenant is refused before any statement runs", async () => {
      let ran = false
      const result = await attempt(getStore().asViewer(viewerOf("A' or '1'='1"), async () => void (ran = true)))
      expect(Result.isFailure(result) && result.failure.message).toMatch(/not a valid tenant/)
      expect(ran).toBe(false)
    })

    it("migrations needing pgvector are applied exactly when pgvector is available", async () => {
      const [row] = await run(
        getStore().asOwner((sql) => sql.query<{ n: number }>("select count(*)::int as n from schema_migrations where version = 4")),
      )
      expect(row?.n).toBe(getStore().vector.available ? 1 : 0)
      if (!getStore().vector.available) {
        const report = await run(getStore().asOwner((sql) => runMigrations(sql, getStore().vector)))
        expect(report.pending.map((p) => p.version)).toEqual(MIGRATIONS.filter((m) => m.needs === "vector").map((m) => m.version))
        expect(report.pending[0]?.reason).toMatch(/pgvector/)
      }
    })

    it("row-level security holds for any query shape on tenant A's connection (seeded property)", async () => {
      await checkRowLevelSecurity(getStore(), adapter)
    })
  })
