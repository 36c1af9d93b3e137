import { afterEach, expect, it } from "vitest"
import { RenderPool } from "./render-pool.ts"
import { startExportApi } from "./testing/export-api.ts"

let api: Awaited<ReturnType<typeof startExportApi>> | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

/** The stand-in worker (render-pool.fixture.mjs) never answers a canvas PDF titled "hang". */
const FIXTURE = new URL("./testing/render-pool.fixture.mjs", import.meta.url)

it("exports count against each user's allowance: past it, 429 with a problem document, for canvas, journal and recap exports and imports alike", async () => {
  api = await startExportApi({ exports: new RenderPool({ burst: 3, perMinute: 1 }) })
  const ana = api.user("ana", ["facilitator"])
  await api.send(ana, "canvas", "c-ana", { type: "create", title: "Mine", privacy: "private" })
  await api.send(ana, "session", "s-ana", { type: "create", title: "Session", joinCode: "PAUSE2" })
  await api.send(ana, "journal", "ana", { type: "create" })
  expect((await api.request("/api/canvases/c-ana/export?format=json", ana)).status).toBe(200)
  expect((await api.request("/api/journal/export?format=md", ana)).status).toBe(200)
  expect((await api.request("/api/sessions/s-ana/recap.pdf", ana)).status).toBe(200)
  for (const path of ["/api/canvases/c-ana/export?format=pdf", "/api/journal/export?format=pdf", "/api/sessions/s-ana/recap.pdf"]) {
    const refused = await api.request(path, ana)
    expect([refused.status, refused.headers.get("content-type"), (await refused.json()).code]).toEqual([
      429,
      "application/problem+json",
      "rate_limited",
    ])
  }
  // Refused before the body is read: this one would otherwise be a 400.
  const imported = await api.request("/api/canvases/import", ana, { method: "POST", body: JSON.stringify({ backup: {} }) })
  expect([imported.status, (await imported.json()).code]).toEqual([429, "rate_limited"])
  const ben = api.user("ben")
  await api.send(ben, "canvas", "c-ben", { type: "create", title: "His", privacy: "private" })
  expect((await api.request("/api/canvases/c-ben/export?format=png", ben)).status).toBe(200)
})

it("when every worker is busy and the queue is full, an export is refused at once with 503", async () => {
  const pool = new RenderPool({ workers: 1, queue: 0 }, { workerUrl: FIXTURE, onError: () => undefined })
  api = await startExportApi({ exports: pool })
  const busy = pool.render({ kind: "canvasPdf", title: "hang", elements: [] }).catch((error: unknown) => error)
  const ana = api.user("ana")
  await api.send(ana, "canvas", "c-full", { type: "create", title: "Mine", privacy: "private" })
  const refused = await api.request("/api/canvases/c-full/export?format=pdf", ana)
  expect([refused.status, await refused.json()]).toMatchObject([
    503,
    { code: "unavailable", detail: "the export queue is full; try again in a moment" },
  ])
  expect((await api.request("/api/canvases/c-full/export?format=json", ana)).status).toBe(200)
  await api.close()
  api = undefined
  expect(await busy).toMatchObject({ code: "unavailable" })
})
