/**
 * The read models as a client meets them: commands through the gateway,
 * projections into an embedded PGlite store in the read-side worker thread
 * (as `npm start` runs them), lists back over HTTP with the caller's tenant
 * and privacy enforced, and lag for Prometheus.
 */
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { journeyKind } from "../../actors/journey/index.ts"
import { startReadSide } from "../read-side.ts"
import { metricsAccess } from "../auth/metrics-access.ts"
import { freshId, startTestServer, sticky, testKinds, type TestServer } from "../testing/harness.ts"

const METRICS_TOKEN = "metrics-token-for-this-test-0123456789"

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({
    kinds: { ...testKinds, journey: journeyKind },
    readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
    gateway: { metrics: metricsAccess(METRICS_TOKEN) },
  })
})
afterAll(async () => {
  await server?.dispose()
})

const get = async (path: string, user?: { id: string; tenant?: string; roles?: string[] }, scope?: string) => {
  const headers: Record<string, string> = user ? { authorization: `Bearer ${await server.token(user as never, scope ? { scope } : {})}` } : {}
  const response = await fetch(`${server.http}${path}`, { headers })
  return { status: response.status, body: (await response.json()) as any }
}

const command = async (user: { id: string; tenant?: string; roles?: string[] }, addr: string, cmd: object) => {
  const response = await fetch(`${server.http}/api/actors/${addr}/commands`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await server.token(user as never)}` },
    body: JSON.stringify({ id: freshId("op"), cmd }),
  })
  expect(response.status).toBe(200)
}

/** Projections follow the log asynchronously: wait until the read model shows what the test expects. */
const eventually = async <A>(read: () => Promise<A>, done: (value: A) => boolean): Promise<A> => {
  for (let attempt = 0; ; attempt++) {
    const value = await read()
    if (done(value) || attempt > 100) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe("read models over HTTP", () => {
  const owner = { id: "owner-1", tenant: "t1", roles: ["participant"] }
  const neighbour = { id: "someone", tenant: "t1", roles: ["participant"] }
  const outsider = { id: "owner-1", tenant: "t2", roles: ["admin"] }

  it("lists a canvas to its owner once projected, and never to another tenant or a stranger to a private canvas", async () => {
    const id = freshId("cv")
    await command(owner, `canvas/${id}`, { type: "create", title: "Values map", privacy: "private" })
    await command(owner, `canvas/${id}`, { type: "addElement", element: sticky("Pause") })
    const mine = await eventually(
      () => get("/api/canvases", owner),
      (r) => r.body.items?.some((c: { id: string }) => c.id === id),
    )
    expect(mine.status).toBe(200)
    expect(mine.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({ title: "Values map", privacy: "private" })
    expect((await get("/api/canvases", neighbour)).body.items.map((c: { id: string }) => c.id)).not.toContain(id)
    expect((await get("/api/canvases", outsider)).body.items.map((c: { id: string }) => c.id)).not.toContain(id)
    expect((await get(`/api/canvases/${id}`, outsider)).status).toBe(404)
  })

  it("lists to a guest the canvases of its own session shared with it, and nothing else", async () => {
    const facilitator = { id: "fac-2", tenant: "t1", roles: ["facilitator"] }
    const guest = { id: "guest-1", tenant: "t1", roles: ["guest"] }
    const session = freshId("s")
    const [given, kept, elsewhere] = [freshId("cv"), freshId("cv"), freshId("cv")]
    for (const [id, sessionId] of [
      [given, session],
      [kept, session],
      [elsewhere, freshId("s")],
    ] as const) {
      await command(facilitator, `canvas/${id}`, { type: "create", title: id, privacy: "shared", sessionId })
    }
    await command(facilitator, `canvas/${given}`, { type: "shareWith", userId: guest.id, access: "edit" })
    await command(facilitator, `canvas/${elsewhere}`, { type: "shareWith", userId: guest.id, access: "view" })
    const ids = (r: { body: { items?: { id: string }[] } }) => (r.body.items ?? []).map((c) => c.id)
    const listed = await eventually(
      () => get(`/api/canvases?session=${session}`, guest, `session/${session}`),
      (r) => ids(r).includes(given),
    )
    expect(listed.status).toBe(200)
    expect(ids(listed)).toEqual([given])
    expect((await get("/api/canvases", guest, `session/${session}`)).status).toBe(403)
    expect((await get(`/api/canvases?session=${freshId("s")}`, guest, `session/${session}`)).status).toBe(403)
    expect((await get("/api/sessions", guest, `session/${session}`)).status).toBe(403)
  })

  it("lists the organization's journeys to its facilitators and admins, last changed first, and to nobody else", async () => {
    const facilitator = { id: "fac-1", tenant: "t1", roles: ["facilitator"] }
    const admin = { id: "adm-1", tenant: "t1", roles: ["admin"] }
    const first = freshId("j")
    const second = freshId("j")
    await command(facilitator, `journey/${first}`, { type: "create", title: "Monday circle", templateId: "first-meeting" })
    await command(admin, `journey/${second}`, { type: "create", title: "Team retro" })
    await command(facilitator, `journey/${first}`, { type: "revise", title: "Monday circle, shorter" })
    const ids = (r: { body: { items?: { id: string }[] } }) => (r.body.items ?? []).map((j) => j.id)
    const listed = await eventually(
      () => get("/api/journeys", admin),
      (r) => ids(r)[0] === first && ids(r).includes(second),
    )
    expect(listed.status).toBe(200)
    expect(ids(listed).slice(0, 2)).toEqual([first, second])
    expect(listed.body.items[0]).toMatchObject({
      title: "Monday circle, shorter",
      version: 2,
      status: "active",
      templateId: "first-meeting",
      createdBy: "fac-1",
    })
    expect(ids(await get("/api/journeys?q=RETRO", facilitator))).toContain(second)
    await command(admin, `journey/${second}`, { type: "archive" })
    await eventually(
      () => get("/api/journeys", facilitator),
      (r) => !ids(r).includes(second),
    )
    expect(ids(await get("/api/journeys", facilitator))).not.toContain(second)
    expect(ids(await get("/api/journeys?status=archived", facilitator))).toEqual([second])
    expect(ids(await get("/api/journeys?status=all", { id: "adm-9", tenant: "t2", roles: ["admin"] }))).toEqual([])
    const participant = await get("/api/journeys", owner)
    expect({ status: participant.status, code: participant.body.code }).toEqual({ status: 403, code: "forbidden" })
    // A guest's token names one live session, whatever roles it carries.
    const guest = await get("/api/journeys", { id: "guest-1", tenant: "t1", roles: ["facilitator"] }, "session/s-1")
    expect({ status: guest.status, code: guest.body.code }).toEqual({ status: 403, code: "forbidden" })
  })

  it("documents GET /api/journeys, with its query parameters, beside POST /api/journeys", async () => {
    const document = (await (await fetch(`${server.http}/api/openapi.json`)).json()) as any
    const list = document.paths["/api/journeys"]?.get
    expect(list?.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["cursor", "limit", "q", "status"])
    expect(list.parameters.find((p: { name: string }) => p.name === "status").schema.enum).toEqual(["active", "archived", "all"])
    expect(document.paths["/api/journeys"]?.post).toBeDefined()
  })

  it("asks for a token, and refuses a forged one", async () => {
    expect((await get("/api/canvases")).status).toBe(401)
    const forged = await fetch(`${server.http}/api/sessions`, { headers: { authorization: "Bearer not.a.token" } })
    expect(forged.status).toBe(401)
  })

  it("serves projection lag in the Prometheus text format to the holder of the metrics token only", async () => {
    expect((await fetch(`${server.http}/api/metrics`)).status).toBe(401)
    expect((await fetch(`${server.http}/api/metrics`, { headers: { authorization: "Bearer a-guess-of-the-right-length-xx" } })).status).toBe(401)
    const admin = await server.token({ id: freshId("admin"), roles: ["admin"] })
    expect((await fetch(`${server.http}/api/metrics`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(401)
    const response = await fetch(`${server.http}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/plain")
    expect(await response.text()).toMatch(/^studio_projection_lag\{projection="canvases"[^}]*\} \d+$/m)
  })
})
