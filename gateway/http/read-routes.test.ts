/**
 * The read models as a client meets them: commands through the gateway,
 * projections into an embedded PGlite store in the read-side worker thread
 * (as `npm start` runs them), lists back over HTTP with the caller's tenant
 * and privacy enforced, and lag for Prometheus.
 */
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startReadSide } from "../../projections/index.ts"
import { metricsAccess } from "../auth/metrics-access.ts"
import { freshId, startTestServer, sticky, type TestServer } from "../testing/harness.ts"

const METRICS_TOKEN = "metrics-token-for-this-test-0123456789"

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({
    readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
    gateway: { metrics: metricsAccess(METRICS_TOKEN) },
  })
})
afterAll(async () => {
  await server?.dispose()
})

const get = async (path: string, user?: { id: string; tenant?: string; roles?: string[] }) => {
  const headers: Record<string, string> = user ? { authorization: `Bearer ${await server.token(user as never)}` } : {}
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
    const mine = await eventually(() => get("/api/canvases", owner), (r) => r.body.items?.some((c: { id: string }) => c.id === id))
    expect(mine.status).toBe(200)
    expect(mine.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({ title: "Values map", privacy: "private" })
    expect((await get("/api/canvases", neighbour)).body.items.map((c: { id: string }) => c.id)).not.toContain(id)
    expect((await get("/api/canvases", outsider)).body.items.map((c: { id: string }) => c.id)).not.toContain(id)
    expect((await get(`/api/canvases/${id}`, outsider)).status).toBe(404)
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
