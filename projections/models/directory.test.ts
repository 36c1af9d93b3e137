/**
 * The directory read model on the embedded store: organizations folded by
 * the actor's own evolve, members and open live codes, all under the
 * tenant's row-level security for its admins; and the only two answers that
 * cross tenants (sign-in's email -> tenants, a guest's code -> session),
 * which say nothing else.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { OrganizationEvent } from "../../actors/organization/index.ts"
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import { systemCaller } from "../reads/directory.ts"
import { makeReadQueries } from "../reads/run.ts"
import { liveCodeOwner, memberByEmail, memberById, organizationState, tenantsByEmail } from "../queries/directory.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import type { ReadStore, Sql, Viewer } from "../store/port.ts"
import { runToHead, snapshotTables } from "../testing/fixtures.ts"
import { memoryLogOf } from "../testing/simulate.ts"
import { directoryProjection } from "./directory.ts"

const HASH = "scrypt$1024$8$1$c2FsdA==$aGFzaA=="
const member = (userId: string, email: string, roles: string[] = ["participant"]): OrganizationEvent =>
  ({ type: "memberAdded", userId, email, name: `${userId} name`, passwordHash: HASH, roles }) as OrganizationEvent

let position = 0
const commit = (tenant: string, firstSeq: number, events: readonly OrganizationEvent[], id = tenant): Commit => ({
  addr: makeAddress(tenant, "organization", id),
  firstSeq,
  events,
  position: ++position,
  at: Date.UTC(2025, 4, 1) + position,
  by: "system",
  commandKey: `system:${position}`,
})

const COMMITS: readonly Commit[] = [
  commit("A", 1, [{ type: "created", name: "A coaching" }, member("a-admin", "lead@a.example", ["admin", "facilitator"])]),
  commit("B", 1, [{ type: "created", name: "B coaching" }, member("b-admin", "lead@a.example", ["admin"])]),
  commit("A", 3, [member("a-1", "one@a.example"), { type: "liveCodeOpened", code: "ABC234", sessionId: "s1" }]),
  commit("A", 5, [
    { type: "liveCodeOpened", code: "XYZ789", sessionId: "s2" },
    { type: "rolesChanged", userId: "a-1", roles: ["facilitator"] },
  ]),
  commit("A", 7, [
    { type: "liveCodeClosed", code: "XYZ789" },
    { type: "memberDisabled", userId: "a-1" },
  ]),
  // Another id under A's organization kind is not A's organization: it speaks for nobody.
  commit("A", 1, [{ type: "created", name: "Impostor" }, member("x-1", "intruder@x.example")], "not-a"),
]

const system = (tenant: string): Viewer => ({ tenant, userId: "system", roles: ["admin"] })
const participant: Viewer = { tenant: "A", userId: "a-1", roles: ["participant", "facilitator"] }
const admin: Viewer = { tenant: "A", userId: "a-admin", roles: ["admin", "facilitator"] }
const stranger: Viewer = { tenant: "C", userId: "c-1", roles: ["admin"] }

let store: ReadStore
const as = <T>(viewer: Viewer, body: (sql: Sql) => Promise<T>) => Effect.runPromise(store.asViewer(viewer, body))

beforeAll(async () => {
  store = (await openPgliteStore()).store
  await runToHead(store, memoryLogOf(COMMITS).log, directoryProjection, { batchCommits: 1 })
})
afterAll(() => Effect.runPromise(store.close()))

describe("the directory read model", () => {
  it("holds each organization as its actor folds it, for the gateway's system user", async () => {
    const a = await as(system("A"), organizationState)
    expect(a?.seq).toBe(8)
    expect(a?.state.name).toBe("A coaching")
    expect(Object.keys(a!.state.members).sort()).toEqual(["a-1", "a-admin"])
    expect(a?.state.liveCodes).toEqual({ ABC234: "s1" })
    expect(await as(system("A"), (sql) => memberById(sql, "a-1"))).toMatchObject({ roles: ["facilitator"], status: "disabled" })
    expect(await as(system("A"), (sql) => memberByEmail(sql, " ONE@a.example "))).toMatchObject({ id: "a-1", passwordHash: HASH })
    expect(await as(system("A"), (sql) => memberById(sql, "x-1"))).toBeUndefined()
  })

  it("shows nothing to the tenant's members, its admins included (the rows hold password hashes), nor to another tenant", async () => {
    expect(await as(participant, organizationState)).toBeUndefined()
    expect(await as(admin, organizationState)).toBeUndefined()
    expect(await as(admin, (sql) => memberByEmail(sql, "lead@a.example"))).toBeUndefined()
    // Another tenant's system user: the tenant rule alone keeps A's rows from it.
    const everything =
      "select tenant_id from directory_members union all select tenant_id from directory_organizations union all select tenant_id from directory_live_codes"
    expect(await as(system("C"), (sql) => sql.query(everything))).toEqual([])
    expect((await as(system("A"), (sql) => sql.query(everything))).length).toBeGreaterThan(0)
    expect(await as(participant, (sql) => memberById(sql, "a-1"))).toBeUndefined()
    expect(
      await as(stranger, (sql) => sql.query("select tenant_id from directory_members union all select tenant_id from directory_live_codes")),
    ).toEqual([])
  })

  it("answers across tenants only which tenants hold an email and where an open code leads", async () => {
    expect(await as(stranger, (sql) => tenantsByEmail(sql, "Lead@A.example"))).toEqual(["A", "B"])
    expect(await as(stranger, (sql) => tenantsByEmail(sql, "nobody@a.example"))).toEqual([])
    expect(await as(stranger, (sql) => liveCodeOwner(sql, "abc234"))).toEqual({ tenant: "A", sessionId: "s1" })
    expect(await as(stranger, (sql) => liveCodeOwner(sql, "XYZ789"))).toBeUndefined()
    // The functions return their columns and nothing more: no hash, no name, no roles.
    const [row] = await as(stranger, (sql) => sql.query("select * from directory_tenants_by_email('lead@a.example')"))
    expect(Object.values(row!)).toEqual(["A"])
  })

  it("is the same whether commits come one at a time or all at once", async () => {
    const oneByOne = await snapshotTables(store, directoryProjection)
    const other = (await openPgliteStore()).store
    try {
      await runToHead(other, memoryLogOf(COMMITS).log, directoryProjection, { batchCommits: 1000 })
      expect(await snapshotTables(other, directoryProjection)).toEqual(oneByOne)
    } finally {
      await Effect.runPromise(other.close())
    }
  })

  it("answers the gateway's directory queries to its system user only", async () => {
    const run = makeReadQueries(store, { embeddings: lexicalHashEmbeddings(), onError: () => undefined })
    const accounts = await run(systemCaller("_directory"), { name: "accounts", params: { email: "lead@a.example", at: 0 } })
    expect(accounts.ok && accounts.value.map((account) => [account.tenant, account.member.id])).toEqual([
      ["A", "a-admin"],
      ["B", "b-admin"],
    ])
    expect(await run(systemCaller("_directory"), { name: "liveCode", params: { code: "ABC234", at: 0 } })).toEqual({
      ok: true,
      value: { tenant: "A", sessionId: "s1" },
    })
    const asMember = await run({ id: "a-admin", tenant: "A", roles: ["admin"] }, { name: "accounts", params: { email: "lead@a.example", at: 0 } })
    expect(asMember).toMatchObject({ ok: false, error: { code: "forbidden" } })
  })
})
