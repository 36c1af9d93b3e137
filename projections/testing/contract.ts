/**
 * The projection contract: the runner and every read model, run against
 * each read store adapter (PGlite, the Postgres server). The log is a seeded
 * simulation driven through the real deciders, so each read model can be
 * checked against the actors' own state.
 */
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { addressKey, makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { ReadStore } from "../store/port.ts"
import { ALL_PROJECTIONS } from "../all.ts"
import { describeAgreementWithActors } from "../models/testing/agreement.ts"
import { describeRunnerPolicies } from "../runner/testing/policies.ts"
import { liveTableNames, type Projection } from "../runner/projection.ts"
import { checkRowLevelSecurity } from "../store/testing/rls-property.ts"
import { owner, resetProjection, runToHead, snapshotTables, startTestRunner } from "./fixtures.ts"
import { testSeed } from "../../engine/testing/random.ts"
import { rowsOfB } from "./rows-of-b.ts"
import { memoryLogOf, simulate, type Simulation } from "./simulate.ts"

export interface ContractContext {
  readonly store: () => ReadStore
  readonly simulation: () => Simulation
  /** A fresh log holding the simulation's commits. */
  readonly freshLog: () => ReturnType<typeof memoryLogOf>
  readonly buildAll: (batchCommits?: number) => Promise<void>
}

export const describeProjectionContract = (adapter: string, getStore: () => ReadStore) =>
  describe(`projection contract: ${adapter}`, () => {
    let sim: Simulation
    beforeAll(() => {
      sim = simulate({ seed: testSeed(`projection contract on ${adapter}`), tenants: ["A", "B"], events: 1500, usersPerTenant: 6 })
    })
    const ctx: ContractContext = {
      store: getStore,
      simulation: () => sim,
      freshLog: () => memoryLogOf(sim.commits),
      buildAll: async (batchCommits = 1000) => {
        const { log } = ctx.freshLog()
        for (const projection of ALL_PROJECTIONS) {
          await resetProjection(getStore(), projection)
          await runToHead(getStore(), log, projection, { batchCommits })
        }
      },
    }

    describeAgreementWithActors(ctx)
    describeRunnerPolicies(ctx)

    it("applying commits that were already applied changes nothing", async () => {
      await ctx.buildAll()
      const before = await Promise.all(ALL_PROJECTIONS.map((p) => snapshotTables(getStore(), p)))
      const replay = sim.commits.slice(Math.floor(sim.commits.length / 3))
      for (const projection of ALL_PROJECTIONS) {
        await owner(getStore(), (sql) => projection.apply(sql, replay, liveTableNames(projection)))
        await owner(getStore(), (sql) => projection.apply(sql, sim.commits.slice(0, 50), liveTableNames(projection)))
      }
      const after = await Promise.all(ALL_PROJECTIONS.map((p) => snapshotTables(getStore(), p)))
      expect(after).toEqual(before)
    })

    it("a rebuild equals the live read model, row for row, and leaves no shadow tables behind", async () => {
      const { log } = ctx.freshLog()
      for (const projection of ALL_PROJECTIONS) {
        await resetProjection(getStore(), projection)
        // Small batches live, one big batch in the rebuild: batch boundaries must not show in the rows.
        await runToHead(getStore(), log, projection, { batchCommits: 97 })
        const live = await snapshotTables(getStore(), projection)
        const runner = startTestRunner({ store: getStore(), log, projection, batchCommits: 5000 })
        const report = await runner.rebuild()
        await runner.stop()
        expect(report).toMatchObject({ ok: true, position: sim.commits.length })
        expect(await snapshotTables(getStore(), projection), `${projection.name} after rebuild`).toEqual(live)
      }
      const leftovers = await owner(getStore(), (sql) =>
        sql.query<{ name: string }>(
          "select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and relname like '%\\_\\_next%'",
        ),
      )
      expect(leftovers).toEqual([])
    })

    it("a new projection version rebuilds on start and records the version", async () => {
      const [projection] = ALL_PROJECTIONS
      const { log } = ctx.freshLog()
      await resetProjection(getStore(), projection!)
      await runToHead(getStore(), log, projection!)
      const before = await snapshotTables(getStore(), projection!)
      await runToHead(getStore(), log, { ...projection!, version: projection!.version + 1 })
      const [checkpoint] = await owner(getStore(), (sql) =>
        sql.query<{ version: number }>("select version from projection_checkpoints where projection = $1", [projection!.name]),
      )
      expect(checkpoint?.version).toBe(projection!.version + 1)
      expect(await snapshotTables(getStore(), projection!)).toEqual(before)
    })

    it("follows the log: commits appended after catching up are applied", async () => {
      const projection = ALL_PROJECTIONS[0]!
      const { log } = ctx.freshLog()
      await resetProjection(getStore(), projection)
      const runner = startTestRunner({ store: getStore(), log, projection })
      expect(await runner.waitFor(sim.commits.length)).toBe(true)
      const addr = makeAddress("A", "session", "late-arrival")
      const appended = await Effect.runPromise(
        log.append({
          addr,
          expectedSeq: 0,
          by: "A-u0",
          at: Date.UTC(2025, 5, 1),
          commandKey: "A-u0:late",
          events: [{ type: "created", title: "Late", phases: ["Pause"], joinCode: "ABCDEF", facilitatorId: "A-u0" }],
        }),
      )
      runner.poke()
      expect(await runner.waitFor(appended.position)).toBe(true)
      await runner.stop()
      const rows = await owner(getStore(), (sql) => sql.query("select title from sessions where tenant_id = 'A' and session_id = 'late-arrival'"))
      expect(rows).toEqual([{ title: "Late" }])
    })

    it("row-level security holds on every read-model table (seeded property)", async () => {
      await ctx.buildAll()
      const tables = ALL_PROJECTIONS.flatMap((p) => p.tables.map((t) => t.name))
      // The property means something for a table only if tenant B has rows there to leak: where the simulation gave it none, add some.
      // (card_vectors stays empty on a server without pgvector: nothing to leak there.)
      const mayStayEmpty = new Set(getStore().vector.available ? [] : ["card_vectors"])
      const withoutB = async (projection: Projection) => {
        const empty: string[] = []
        for (const table of projection.tables) {
          const [row] = await owner(getStore(), (sql) =>
            sql.query<{ b: number }>(`select (count(*) filter (where tenant_id = 'B'))::int as b from ${table.name}`),
          )
          if (row && row.b === 0 && !mayStayEmpty.has(table.name)) empty.push(table.name)
        }
        return empty
      }
      for (const projection of ALL_PROJECTIONS) {
        if ((await withoutB(projection)).length === 0) continue
        await owner(getStore(), (sql) => projection.apply(sql, rowsOfB(sim.commits.length), liveTableNames(projection)))
        expect(await withoutB(projection), `tables of ${projection.name} without rows of tenant B`).toEqual([])
      }
      // The directory's rows are the gateway's system user's alone: ask as it too, so the tenant rule is what hides B's.
      const viewers = [
        { tenant: "A", userId: "ua", roles: ["participant", "facilitator", "admin"] },
        { tenant: "A", userId: "system", roles: ["admin"] },
      ]
      const [seen] = await Effect.runPromise(
        getStore().asViewer(viewers[1]!, (sql) => sql.query<{ n: number }>("select count(*)::int as n from directory_members")),
      )
      expect(seen?.n, "the system user sees its own tenant's directory").toBeGreaterThan(0)
      await checkRowLevelSecurity(getStore(), `${adapter} read models`, tables, 80, viewers)
    })
  })

export const commitsOfKind = (commits: readonly Commit[], kind: string) => commits.filter((c) => c.addr.kind === kind)
export const eventCount = (commits: readonly Commit[]) => commits.reduce((n, c) => n + c.events.length, 0)
export const keyOf = addressKey
