/**
 * The journeys read model on the embedded store, fed by journey commands
 * through the real decider: one row per journey with its latest version
 * (title, description, number, activities per phase), archive and restore,
 * who created it; and GET /journeys over it: last changed first, cursor
 * paging, the status and title filters, facilitators and admins only, and
 * never another tenant's journeys.
 */
import { Effect } from "effect"
import type { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { EMPTY_PLAN, JOURNEY_TEMPLATES, journeyKind, PHASES, type JourneyCommand, type Plan } from "../../actors/journey/index.ts"
import { lexicalHashEmbeddings } from "../../ml/embeddings/lexical-hash.ts"
import { readApiOver } from "../../gateway/http/testing/read-api.ts"
import { liveTableNames } from "../runner/projection.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import type { ReadStore } from "../store/port.ts"
import { makeDriver } from "../testing/driver.ts"
import { owner, runToHead, snapshotTables, startTestRunner } from "../testing/fixtures.ts"
import { memoryLogOf } from "../testing/simulate.ts"
import { journeysProjection } from "./journeys.ts"

const facilitator = (tenant: string): User => ({ id: `${tenant}-fac`, tenant, roles: ["facilitator"] })
const admin = (tenant: string): User => ({ id: `${tenant}-admin`, tenant, roles: ["admin"] })
const participant = (tenant: string): User => ({ id: `${tenant}-part`, tenant, roles: ["participant"] })

const RETRO = JOURNEY_TEMPLATES.find((t) => t.templateId === "team-retrospective")!
const countsOf = (plan: Plan) => Object.fromEntries(PHASES.map((phase) => [phase, plan[phase].length]))
const ONE_REFLECTION: Plan = { ...EMPTY_PLAN, Focus: [{ kind: "reflection", title: "Look", minutes: 5, prompt: "What do you see?" }] }

const T0 = Date.UTC(2025, 2, 3, 9, 0, 0)
let now = T0
const driver = makeDriver(() => now)
const at = (minutes: number) => (now = T0 + minutes * 60_000)
const send = (tenant: string, id: string, user: User, command: JourneyCommand) => {
  if (!driver.send(journeyKind, makeAddress(tenant, "journey", id), user, command))
    throw new Error(`journey/${id} logged nothing for ${JSON.stringify(command)}`)
}

let store: ReadStore
let app: Hono
const catchUp = () => runToHead(store, memoryLogOf(driver.commits).log, journeysProjection)
const rowOf = async (tenant: string, id: string) =>
  (await owner(store, (sql) => sql.query<Record<string, any>>("select * from journeys where tenant_id = $1 and journey_id = $2", [tenant, id])))[0]

const get = async (path: string, user?: User) => {
  const response = await app.request(path, { headers: user ? { "x-test-user": JSON.stringify(user) } : {} })
  return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as any }
}
/** Every journey the caller is listed, following the cursor `limit` at a time. */
const listed = async (user: User, query = "", limit = 3) => {
  const items: any[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = await get(`/api/journeys?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`, user)
    expect(page.status).toBe(200)
    expect(page.body.items.length).toBeLessThanOrEqual(limit)
    items.push(...page.body.items)
    cursor = page.body.nextCursor
    expect(++pages).toBeLessThan(100)
  } while (cursor)
  return items
}

beforeAll(async () => {
  store = (await openPgliteStore()).store
  app = readApiOver(store, { embeddings: lexicalHashEmbeddings(), onError: () => undefined })
})
afterAll(async () => {
  await Effect.runPromise(store.close())
})

describe("journeys read model", () => {
  it("holds a journey created from a template as version 1, with the template's description and activities", async () => {
    at(0)
    send("A", "retro", facilitator("A"), { type: "create", title: "Sprint 12 retro", templateId: RETRO.templateId })
    await catchUp()
    expect(await rowOf("A", "retro")).toMatchObject({
      title: "Sprint 12 retro",
      description: RETRO.description,
      version: 1,
      status: "active",
      template_id: RETRO.templateId,
      created_by: "A-fac",
      pause_activities: RETRO.plan.Pause.length,
      expand_activities: RETRO.plan.Expand.length,
      focus_activities: RETRO.plan.Focus.length,
      doing_activities: RETRO.plan.Doing.length,
      created_at: new Date(T0),
      updated_at: new Date(T0),
      last_seq: 2,
    })
  })

  it("follows revisions: the latest version's number, title, description and activities, and when it changed", async () => {
    at(10)
    send("A", "retro", facilitator("A"), { type: "revise", plan: ONE_REFLECTION, note: "shorter" })
    at(20)
    send("A", "retro", admin("A"), { type: "revise", title: "Sprint 12 look back", description: "Shorter" })
    await catchUp()
    const row = await rowOf("A", "retro")
    expect(row).toMatchObject({
      title: "Sprint 12 look back",
      description: "Shorter",
      version: 3,
      created_by: "A-fac",
      created_at: new Date(T0),
      updated_at: new Date(at(20)),
    })
    expect([row!.pause_activities, row!.expand_activities, row!.focus_activities, row!.doing_activities]).toEqual([0, 0, 1, 0])
  })

  it("archives and restores without touching the version", async () => {
    at(30)
    send("A", "retro", facilitator("A"), { type: "archive" })
    await catchUp()
    expect(await rowOf("A", "retro")).toMatchObject({ status: "archived", version: 3, updated_at: new Date(at(30)) })
    at(40)
    send("A", "retro", admin("A"), { type: "restore" })
    await catchUp()
    expect(await rowOf("A", "retro")).toMatchObject({ status: "active", version: 3, updated_at: new Date(at(40)) })
  })

  it("applies a whole history in one batch as it does event by event, and a rebuild equals it", async () => {
    at(50)
    send("A", "empty", admin("A"), { type: "create", title: "Blank page" })
    send("A", "empty", admin("A"), { type: "revise", plan: RETRO.plan })
    send("A", "empty", admin("A"), { type: "archive" })
    await catchUp()
    const live = await snapshotTables(store, journeysProjection)
    expect(live.journeys!.find((r: any) => r.journey_id === "empty")).toMatchObject({
      version: 2,
      status: "archived",
      template_id: null,
      pause_activities: RETRO.plan.Pause.length,
    })
    const runner = startTestRunner({ store, log: memoryLogOf(driver.commits).log, projection: journeysProjection, batchCommits: 5000 })
    expect(await runner.rebuild()).toMatchObject({ ok: true, position: driver.commits.length })
    await runner.stop()
    expect(await snapshotTables(store, journeysProjection)).toEqual(live)
    // Applying the same commits again changes nothing.
    await owner(store, (sql) => journeysProjection.apply(sql, driver.commits, liveTableNames(journeysProjection)))
    expect(await snapshotTables(store, journeysProjection)).toEqual(live)
  })
})

describe("GET /journeys", () => {
  beforeAll(async () => {
    // Tenant A: 20 more journeys, some sharing a time (the id breaks the tie); some archived. Tenant B: its own, some with A's ids.
    for (let i = 0; i < 20; i++) {
      at(100 + Math.floor(i / 3))
      const id = `a${String(i).padStart(2, "0")}`
      send("A", id, i % 2 === 0 ? facilitator("A") : admin("A"), {
        type: "create",
        title: i % 5 === 0 ? `Onboarding ${i} at 100%` : `Weekly circle ${i}`,
        plan: ONE_REFLECTION,
      })
      if (i % 4 === 3) send("A", id, admin("A"), { type: "archive" })
    }
    at(200)
    send("B", "retro", facilitator("B"), { type: "create", title: "B's own retro", templateId: RETRO.templateId })
    send("B", "a01", facilitator("B"), { type: "create", title: "Weekly circle of B" })
    await catchUp()
  })

  const expected = async (tenant: string, where: string) =>
    (
      await owner(store, (sql) =>
        sql.query<{ journey_id: string }>(
          `select journey_id from journeys where tenant_id = $1 and ${where} order by updated_at desc, journey_id desc`,
          [tenant],
        ),
      )
    ).map((r) => r.journey_id)

  it("pages through the active journeys of the caller's organization exactly once, last changed first", async () => {
    const items = await listed(facilitator("A"))
    expect(items.map((j) => j.id)).toEqual(await expected("A", "status = 'active'"))
    expect(items.length).toBe(1 + 15)
    expect(new Set(items.map((j) => j.id)).size).toBe(items.length)
    const times = items.map((j) => j.updatedAt)
    expect(times).toEqual([...times].sort().reverse())
    expect(items.at(-1)).toEqual({
      id: "retro",
      title: "Sprint 12 look back",
      description: "Shorter",
      version: 3,
      status: "active",
      templateId: RETRO.templateId,
      activities: { Pause: 0, Expand: 0, Focus: 1, Doing: 0 },
      createdBy: "A-fac",
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0 + 40 * 60_000).toISOString(),
    })
  })

  it("filters by status: archived, or all", async () => {
    const archived = await listed(admin("A"), "&status=archived")
    expect(archived.map((j) => j.id)).toEqual(await expected("A", "status = 'archived'"))
    expect(archived.map((j) => j.id)).toContain("empty")
    expect(archived.every((j) => j.status === "archived")).toBe(true)
    expect((await listed(admin("A"), "&status=all", 7)).map((j) => j.id)).toEqual(await expected("A", "true"))
  })

  it("finds journeys whose title contains the words, ignoring case, % taken as it is", async () => {
    // a15 is archived: the default lists active journeys only.
    expect((await listed(facilitator("A"), "&q=ONBOARDING")).map((j) => j.id)).toEqual(["a10", "a05", "a00"])
    expect((await listed(facilitator("A"), `&q=${encodeURIComponent("100%")}&status=all`)).map((j) => j.id)).toEqual(["a15", "a10", "a05", "a00"])
    expect(await listed(facilitator("A"), `&q=${encodeURIComponent("%")}`)).toHaveLength(3)
    expect(await listed(facilitator("A"), "&q=_")).toEqual([])
    expect(await listed(facilitator("A"), "&q=circle%2012&status=archived")).toEqual([])
    expect((await listed(facilitator("A"), "&q=circle%2011&status=archived")).map((j) => j.id)).toEqual(["a11"])
    expect(await listed(facilitator("A"), "&q=nothing+like+it")).toEqual([])
    expect((await listed(facilitator("A"), "&q=%20%20")).length).toBe(16)
  })

  it("never lists another organization's journeys, even under the same id", async () => {
    const b = await listed(admin("B"), "&status=all")
    expect(b.map((j) => [j.id, j.title])).toEqual(
      [
        ["retro", "B's own retro"],
        ["a01", "Weekly circle of B"],
      ].sort((x, y) => (x[0]! < y[0]! ? 1 : -1)),
    )
    const a = await listed(admin("A"), "&status=all&q=B")
    expect(a.map((j) => j.title)).not.toContain("B's own retro")
    // Row-level security, whatever the WHERE: B's rows do not exist for A.
    const rows = await Effect.runPromise(
      store.asViewer({ tenant: "A", userId: "A-admin", roles: ["admin"] }, (sql) =>
        sql.query<{ n: number }>("select count(*)::int as n from journeys where tenant_id = 'B'"),
      ),
    )
    expect(rows).toEqual([{ n: 0 }])
  })

  it("lets facilitators and admins list, refuses participants with 403 and an unknown caller with 401", async () => {
    expect((await get("/api/journeys", facilitator("A"))).status).toBe(200)
    expect((await get("/api/journeys", admin("A"))).status).toBe(200)
    const refused = await get("/api/journeys", participant("A"))
    expect({ status: refused.status, type: refused.type, code: refused.body.code }).toEqual({
      status: 403,
      type: "application/problem+json",
      code: "forbidden",
    })
    expect((await get("/api/journeys")).status).toBe(401)
    // And in the database too: a participant's transaction sees no journey rows.
    const rows = await Effect.runPromise(
      store.asViewer({ tenant: "A", userId: "A-part", roles: ["participant"] }, (sql) => sql.query("select journey_id from journeys")),
    )
    expect(rows).toEqual([])
  })

  it.each([
    ["status=deleted", "status"],
    ["q=a%00b", "q"],
    [`q=${"x".repeat(121)}`, "q"],
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["cursor=!!!", "cursor"],
    [`cursor=${Buffer.from('["2025-03-03","a01"]').toString("base64url")}`, "cursor"],
    [`cursor=${Buffer.from('["retro","a01"]').toString("base64url")}`, "cursor"],
  ])("answers ?%s with a 400 naming %s", async (query, parameter) => {
    const response = await get(`/api/journeys?${query}`, admin("A"))
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: "bad_frame" })
    expect(response.body.detail).toContain(parameter)
  })
})
