/**
 * The read routes (gateway/http/read-routes.ts over projections/reads) on a real store (the Postgres server, in a schema of its
 * own), fed by the projections from a seeded simulation: pagination,
 * filters, tenancy and privacy, and the errors clients get.
 */
import type { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Role, User } from "../../engine/actor-kind.ts"
import type { LibraryState } from "../../actors/cards/decider.ts"
import { usableDeck } from "../../actors/cards/index.ts"
import { SAMPLE_DECK, SAMPLE_DECK_ID } from "../../actors/cards/sample-deck/index.ts"
import { FREE_LICENCE } from "../../actors/cards/tiers.ts"
import { lexicalHashEmbeddings } from "../../ml/embeddings/lexical-hash.ts"
import { ALL_PROJECTIONS } from "../all.ts"
import { owner, runToHead } from "../testing/fixtures.ts"
import { testSeed } from "../../engine/testing/random.ts"
import { openServerStore, serverAvailable, type ServerStore } from "../testing/server.ts"
import { memoryLogOf, simulate, type Simulation } from "../testing/simulate.ts"
import { readApiOver } from "../../gateway/http/testing/read-api.ts"

const available = await serverAvailable()
const embeddings = lexicalHashEmbeddings()

const user = (id: string, roles: Role[], tenant = "A"): User => ({ id, tenant, roles })
const ADMIN = user("A-u0", ["facilitator", "admin"])
const FACILITATOR = user("A-u1", ["facilitator"])

describe.skipIf(!available)("read API", () => {
  let opened: ServerStore
  let sim: Simulation
  let app: Hono
  const get = async (path: string, as?: User) => {
    const response = await app.request(path, { headers: as ? { "x-test-user": JSON.stringify(as) } : {} })
    return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as any }
  }
  const all = async (path: string, as: User) => {
    const items: any[] = []
    let cursor: string | null = null
    do {
      const page = await get(`${path}${path.includes("?") ? "&" : "?"}limit=7${cursor ? `&cursor=${cursor}` : ""}`, as)
      expect(page.status).toBe(200)
      items.push(...page.body.items)
      cursor = page.body.nextCursor
    } while (cursor)
    return items
  }

  beforeAll(async () => {
    opened = await openServerStore("read_api")
    sim = simulate({ seed: testSeed("read api"), tenants: ["A", "B"], events: 1500 })
    const { log } = memoryLogOf(sim.commits)
    for (const projection of ALL_PROJECTIONS) await runToHead(opened.store, log, projection)
    app = readApiOver(opened.store, { embeddings, onError: () => undefined })
  })
  afterAll(async () => {
    await opened?.dispose()
  })

  it("answers 401 with a problem document when no caller identity is set", async () => {
    for (const path of [
      "/api/sessions",
      "/api/canvases",
      "/api/journal/entries",
      "/api/journal/search?q=x",
      "/api/cards",
      "/api/cards/search?q=x",
      "/api/journeys",
    ]) {
      const response = await get(path)
      expect({ path, status: response.status, type: response.type, code: response.body.code }).toEqual({
        path,
        status: 401,
        type: "application/problem+json",
        code: "unauthorized",
      })
    }
  })

  it("pages through every session of the tenant exactly once, newest first, for an admin", async () => {
    const items = await all("/api/sessions", ADMIN)
    const expected = await owner(opened.store, (sql) =>
      sql.query<{ session_id: string }>("select session_id from sessions where tenant_id = 'A' order by created_at desc, session_id desc"),
    )
    expect(items.map((s) => s.id)).toEqual(expected.map((row) => row.session_id))
    const open = await all("/api/sessions?status=open", ADMIN)
    expect(open.every((s) => s.status === "open")).toBe(true)
    expect(open.length).toBe(items.filter((s) => s.status === "open").length)
  })

  it("shows a participant only the sessions they are in, and another tenant's session as not found", async () => {
    const participant = user("A-u3", ["participant"])
    const mine = await all("/api/sessions", participant)
    const expected = await owner(opened.store, (sql) =>
      sql.query<{ session_id: string }>(
        "select session_id from sessions where tenant_id = 'A' and ($1 = any(participant_ids) or $1 = any(facilitator_ids))",
        [participant.id],
      ),
    )
    expect(mine.map((s) => s.id).sort()).toEqual(expected.map((row) => row.session_id).sort())
    const [theirs] = await owner(opened.store, (sql) =>
      sql.query<{ session_id: string }>("select session_id from sessions where tenant_id = 'B' limit 1"),
    )
    expect((await get(`/api/sessions/${theirs!.session_id}`, ADMIN)).status).toBe(404)
    const [ours] = await owner(opened.store, (sql) =>
      sql.query<{ session_id: string }>("select session_id from sessions where tenant_id = 'A' limit 1"),
    )
    const detail = await get(`/api/sessions/${ours!.session_id}`, ADMIN)
    expect(detail.status).toBe(200)
    expect(detail.body.timeline[0].type).toBe("created")
  })

  it("hides a private canvas from participants who do not own it, and shows it to facilitators", async () => {
    const [canvas] = await owner(opened.store, (sql) =>
      sql.query<{ canvas_id: string; owner_id: string }>(
        "select canvas_id, owner_id from canvases where tenant_id = 'A' and privacy = 'private' order by owner_id in ('A-u0', 'A-u1'), canvas_id limit 1",
      ),
    )
    // A participant's private canvas when the simulation made one (some seeds give private canvases to facilitators only).
    expect(canvas, "the simulation made no private canvas in tenant A").toBeDefined()
    const stranger = user(canvas!.owner_id === "A-u2" ? "A-u3" : "A-u2", ["participant"])
    expect((await get(`/api/canvases/${canvas!.canvas_id}`, stranger)).status).toBe(404)
    expect((await get(`/api/canvases/${canvas!.canvas_id}`, user(canvas!.owner_id, ["participant"]))).status).toBe(200)
    expect((await get(`/api/canvases/${canvas!.canvas_id}`, FACILITATOR)).body.id).toBe(canvas!.canvas_id)
    const listed = await all("/api/canvases?privacy=private", stranger)
    expect(listed.every((c) => c.ownerId === stranger.id)).toBe(true)
  })

  it("lists and searches the journal entries the caller owns or was shown as a coach, and nobody else's", async () => {
    const visibleTo = async (userId: string) =>
      new Set(
        (
          await owner(opened.store, (sql) =>
            sql.query<{ entry_id: string }>("select entry_id from journal_entries where tenant_id = 'A' and (owner_id = $1 or $1 = any(coach_ids))", [
              userId,
            ]),
          )
        ).map((r) => r.entry_id),
      )
    const [most] = await owner(opened.store, (sql) =>
      sql.query<{ owner_id: string }>(
        "select owner_id, count(*)::int as n from journal_entries where tenant_id = 'A' group by owner_id order by n desc, owner_id limit 1",
      ),
    )
    const writer = user(most!.owner_id, ["participant"])
    const entries = await all("/api/journal/entries", writer)
    expect(new Set(entries.map((e) => e.id))).toEqual(await visibleTo(writer.id))
    // Conflicts are the owner's alone.
    expect(entries.every((e) => (e.ownerId === writer.id) === "conflicts" in e)).toBe(true)
    const word = String(entries.find((e) => e.ownerId === writer.id).body).split(" ")[0]
    const hits = await get(`/api/journal/search?q=${encodeURIComponent(word!)}&limit=50`, writer)
    expect(hits.status).toBe(200)
    expect(hits.body.items.some((hit: any) => hit.ownerId === writer.id && hit.snippet.includes(`«${word}»`))).toBe(true)
    const writerSees = await visibleTo(writer.id)
    expect(hits.body.items.every((hit: any) => writerSees.has(hit.id))).toBe(true)
    // Admins and facilitators read journals only where a writer consented.
    const adminSees = await visibleTo(ADMIN.id)
    expect(
      (await get(`/api/journal/search?q=${encodeURIComponent(word!)}&limit=50`, ADMIN)).body.items.every((hit: any) => adminSees.has(hit.id)),
    ).toBe(true)
  })

  it("lists the sample deck's cards the licence covers to a facilitator, none to a participant, and says plainly when search by meaning is unavailable", async () => {
    // The simulation gives tenant A an organization, so its library holds the built-in decks.
    const licence = (sim.states.get("A.library.A") as LibraryState | undefined)?.licence ?? FREE_LICENCE
    const covered = usableDeck(SAMPLE_DECK, licence)!.cards.map((card) => card.cardId)
    expect((await all(`/api/cards?deck=${SAMPLE_DECK_ID}`, FACILITATOR)).map((c) => c.id)).toEqual(covered)
    expect((await get(`/api/cards?deck=${SAMPLE_DECK_ID}&q=threshold`, FACILITATOR)).body.items.map((c: any) => c.word)).toEqual(["Threshold"])
    expect((await get("/api/cards", user("A-u3", ["participant"]))).body.items).toEqual([])
    const search = await get("/api/cards/search?q=river", FACILITATOR)
    if (opened.store.vector.available) expect(search.status).toBe(200)
    else
      expect({ status: search.status, detail: search.body.detail }).toEqual({
        status: 503,
        detail: expect.stringMatching(/^pgvector is not installed/),
      })
  })

  it("pages through the organization's journeys for facilitators and admins, and refuses participants", async () => {
    const expected = async (where: string) =>
      (
        await owner(opened.store, (sql) =>
          sql.query<{ journey_id: string }>(
            `select journey_id from journeys where tenant_id = 'A' and ${where} order by updated_at desc, journey_id desc`,
          ),
        )
      ).map((r) => r.journey_id)
    const every = await expected("true")
    expect(every.length, "the simulation plans journeys in tenant A").toBeGreaterThan(0)
    expect((await all("/api/journeys?status=all", ADMIN)).map((j) => j.id)).toEqual(every)
    expect((await all("/api/journeys", FACILITATOR)).map((j) => j.id)).toEqual(await expected("status = 'active'"))
    expect((await all("/api/journeys?status=archived", FACILITATOR)).map((j) => j.id)).toEqual(await expected("status = 'archived'"))
    const refused = await get("/api/journeys", user("A-u3", ["participant"]))
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: "forbidden" })
  })

  it.each([
    ["/api/journeys?status=gone", "status"],
    ["/api/journeys?q=a%00b", "q"],
    ["/api/sessions?limit=0", "limit"],
    ["/api/sessions?limit=abc", "limit"],
    ["/api/sessions?status=paused", "status"],
    ["/api/sessions?cursor=!!!", "cursor"],
    [`/api/sessions?cursor=${Buffer.from('["not a time","x"]').toString("base64url")}`, "cursor"],
    ["/api/canvases?session=bad%20id", "session"],
    ["/api/journal/search", "q"],
    ["/api/cards?tier=gold", "tier"],
    ["/api/cards?status=lost", "status"],
    ["/api/cards/search?q=x&deck=bad%20deck", "deck"],
  ])("answers %s with a 400 naming %s", async (path, parameter) => {
    const response = await get(path, ADMIN)
    expect(response.status).toBe(400)
    expect(response.body.detail).toContain(parameter)
  })
})
