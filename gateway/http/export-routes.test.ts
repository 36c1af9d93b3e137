import { PDFDocument } from "pdf-lib"
import { PNG } from "pngjs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startExportApi } from "../export/testing/export-api.ts"

let api: Awaited<ReturnType<typeof startExportApi>>
beforeAll(async () => {
  api = await startExportApi()
})
afterAll(() => api.close())

const owner = () => api.user("owner")
const viewer = () => api.user("viewer")
const commenter = () => api.user("commenter")
const facilitator = () => api.user("fac", ["facilitator"])
const stranger = () => api.user("stranger")
const note = (text: string, x = 0) => ({ kind: "sticky", text, colour: "#ffd400", x, y: 0, w: 120, h: 100 })

/** A shared canvas with a template, a note, a stroke, a group, a lock and a comment. */
const buildCanvas = async (id: string) => {
  await api.send(owner(), "canvas", id, { type: "create", title: "Spread", privacy: "shared", templateId: "team-constellation" })
  await api.send(owner(), "canvas", id, { type: "addElement", element: note("hope", 700) })
  await api.send(owner(), "canvas", id, {
    type: "addElement",
    element: {
      kind: "stroke",
      tool: "pen",
      colour: "#112233",
      width: 3,
      points: [
        [0, 0],
        [20, 30],
      ],
      x: 700,
      y: 200,
      w: 20,
      h: 30,
    },
  })
  await api.send(owner(), "canvas", id, { type: "shareWith", userId: "viewer", access: "view" })
  await api.send(owner(), "canvas", id, { type: "shareWith", userId: "commenter", access: "comment" })
  const view = await (await api.request(`/api/canvases/${id}/export?format=json`, owner())).json()
  const [a, b] = view.canvas.elements.map((e: { elementId: string }) => e.elementId)
  await api.send(owner(), "canvas", id, { type: "groupElements", elementIds: [a, b] })
  await api.send(facilitator(), "canvas", id, { type: "lockElement", elementId: a })
  await api.send(commenter(), "canvas", id, { type: "addComment", elementId: b, text: "why here?" })
}

describe("canvas export and import", () => {
  it("a JSON export imports into an equal canvas: same elements, ids, order, groups, locks and comments", async () => {
    await buildCanvas("c-round")
    const exported = await (await api.request("/api/canvases/c-round/export?format=json", owner())).json()
    expect(exported.canvas.comments).toHaveLength(1)
    expect(exported.canvas.elements.some((e: { locked: boolean }) => e.locked)).toBe(true)
    const imported = await api.request("/api/canvases/import", facilitator(), {
      method: "POST",
      body: JSON.stringify({ backup: exported, canvasId: "c-copy" }),
    })
    expect(imported.status).toBe(201)
    const again = await (await api.request("/api/canvases/c-copy/export?format=json", facilitator())).json()
    expect(again.canvas).toEqual({ ...exported.canvas, id: "c-copy" })
  })

  it("imported by a participant, locks come unlocked; everything else is equal", async () => {
    const exported = await (await api.request("/api/canvases/c-round/export?format=json", owner())).json()
    expect(
      (await api.request("/api/canvases/import", owner(), { method: "POST", body: JSON.stringify({ backup: exported, canvasId: "c-mine" }) })).status,
    ).toBe(201)
    const mine = await (await api.request("/api/canvases/c-mine/export?format=json", owner())).json()
    expect(mine.canvas.elements).toEqual(exported.canvas.elements.map((e: object) => ({ ...e, locked: false })))
  })

  it("refuses a malformed backup and an id already taken, changing nothing", async () => {
    const bad = await api.request("/api/canvases/import", owner(), { method: "POST", body: JSON.stringify({ backup: { format: "other" } }) })
    expect([bad.status, (await bad.json()).code]).toEqual([400, "bad_frame"])
    const exported = await (await api.request("/api/canvases/c-round/export?format=json", owner())).json()
    const taken = await api.request("/api/canvases/import", owner(), {
      method: "POST",
      body: JSON.stringify({ backup: exported, canvasId: "c-round" }),
    })
    expect(taken.status).toBe(409)
  })

  it("PNG and PDF exports are valid files of the rendering's size", async () => {
    const png = await api.request("/api/canvases/c-round/export?format=png", viewer())
    expect(png.headers.get("content-type")).toBe("image/png")
    const image = PNG.sync.read(Buffer.from(await png.arrayBuffer()))
    expect(Math.max(image.width, image.height)).toBe(1600)
    const pdf = await api.request("/api/canvases/c-round/export?format=pdf", viewer())
    expect(pdf.headers.get("content-type")).toBe("application/pdf")
    const page = (await PDFDocument.load(await pdf.arrayBuffer())).getPage(0)
    expect([page.getWidth(), page.getHeight()]).toEqual([image.width, image.height])
  })

  it("an export holds only what the reader may see: no comments for a viewer, no one else's grants; strangers and other tenants get nothing", async () => {
    const asViewer = await (await api.request("/api/canvases/c-round/export?format=json", viewer())).json()
    expect(asViewer.canvas.comments).toEqual([])
    expect(JSON.stringify(asViewer)).not.toContain("why here?")
    const asCommenter = await (await api.request("/api/canvases/c-round/export?format=json", commenter())).json()
    expect(asCommenter.canvas.comments).toHaveLength(1)
    expect((await api.request("/api/canvases/c-round/export?format=png", stranger())).status).toBe(403)
    expect((await api.request("/api/canvases/c-round/export?format=json", api.user("owner", ["admin"], "t2"))).status).toBe(404)
    expect((await api.request("/api/canvases/c-round/export?format=gif", owner())).status).toBe(400)
    await api.send(owner(), "canvas", "c-round", { type: "revokeAccess", userId: "viewer" })
    expect((await api.request("/api/canvases/c-round/export?format=json", viewer())).status).toBe(403)
  })

  it("guests, whose tokens name one session, may not export", async () => {
    const token = await api.tokens.issue({ user: api.user("guest-1", ["guest"]), scope: "session/s1" }, "access")
    const response = await api.app.request("/api/canvases/c-round/export?format=json", { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(403)
    expect((await api.app.request("/api/canvases/c-round/export?format=json")).status).toBe(401)
  })
})

describe("canvas versions over HTTP", () => {
  it("saves, lists and restores a version; a restore saves the present first", async () => {
    await api.send(owner(), "canvas", "c-v", { type: "create", title: "V", privacy: "private" })
    await api.send(owner(), "canvas", "c-v", { type: "addElement", element: note("first") })
    expect((await api.request("/api/canvases/c-v/versions", owner(), { method: "POST", body: JSON.stringify({ label: "one note" }) })).status).toBe(
      201,
    )
    await api.send(owner(), "canvas", "c-v", { type: "addElement", element: note("second", 200) })
    const { versions } = await (await api.request("/api/canvases/c-v/versions", owner())).json()
    expect(versions.map((v: { label: string; elementCount: number }) => [v.label, v.elementCount])).toEqual([["one note", 1]])
    // Looked at before restoring: the version holds the first note only, while the canvas holds both.
    const look = await (await api.request(`/api/canvases/c-v/versions/${versions[0].id}`, owner())).json()
    expect(look.elements.map((e: { text: string }) => e.text)).toEqual(["first"])
    expect((await api.request(`/api/canvases/c-v/versions/${versions[0].id}`, stranger())).status).toBe(403)
    expect((await api.request("/api/canvases/c-v/versions/nope", owner())).status).toBe(404)
    expect((await api.request(`/api/canvases/c-v/versions/${versions[0].id}/restore`, owner(), { method: "POST" })).status).toBe(200)
    const after = await (await api.request("/api/canvases/c-v/export?format=json", owner())).json()
    expect(after.canvas.elements.map((e: { element: { text: string } }) => e.element.text)).toEqual(["first"])
    const listed = await (await api.request("/api/canvases/c-v/versions", owner())).json()
    expect(listed.versions.map((v: { reason: string }) => v.reason)).toEqual(["manual", "restore"])
    expect((await api.request("/api/canvases/c-v/versions/nope/restore", owner(), { method: "POST" })).status).toBe(404)
    const badLabel = await api.request("/api/canvases/c-v/versions", owner(), { method: "POST", body: JSON.stringify({ label: 5 }) })
    expect(badLabel.status).toBe(400)
    expect((await badLabel.json()).detail).toBe("invalid body: label: expected a string, got 5")
    expect((await api.request("/api/canvases/c-v/versions", stranger())).status).toBe(403)
  })
})

describe("journal export", () => {
  it("the owner exports the whole journal as Markdown, JSON and PDF; a coach only what was shared, until consent is withdrawn", async () => {
    const writer = api.user("writer")
    const coach = api.user("coach", ["facilitator"])
    await api.send(writer, "journal", "writer", { type: "create" })
    await api.send(writer, "journal", "writer", {
      type: "writeEntry",
      entryId: "e1",
      title: "Shared",
      doc: [
        { type: "heading", level: 2, text: "After" },
        { type: "paragraph", text: "I noticed", marks: [{ type: "bold", start: 2, end: 9 }] },
      ],
      tags: ["calm"],
      mood: 4,
      sessionId: "s1",
      prompt: "What did you notice?",
    })
    await api.send(writer, "journal", "writer", { type: "writeEntry", entryId: "e2", title: "Private", body: "only mine" })
    const md = await (await api.request("/api/journal/export?format=md", writer)).text()
    expect(md).toContain("## Shared")
    expect(md).toContain("I **noticed**")
    expect(md).toContain("> What did you notice?")
    expect(md).toContain("only mine")
    const pdf = await api.request("/api/journal/export?format=pdf", writer)
    expect((await PDFDocument.load(await pdf.arrayBuffer())).getPageCount()).toBeGreaterThan(0)

    expect((await api.request("/api/journal/export?format=json&owner=writer", coach)).status).toBe(403)
    await api.send(writer, "journal", "writer", { type: "grantConsent", entryId: "e1", coachId: "coach" })
    const shared = await (await api.request("/api/journal/export?format=json&owner=writer", coach)).json()
    expect(shared.entries.map((e: { id: string }) => e.id)).toEqual(["e1"])
    expect(JSON.stringify(shared)).not.toContain("only mine")
    await api.send(writer, "journal", "writer", { type: "withdrawConsent", entryId: "e1", coachId: "coach" })
    expect((await api.request("/api/journal/export?format=md&owner=writer", coach)).status).toBe(403)
    expect((await api.request("/api/journal/export?format=doc", writer)).status).toBe(400)
  })
})
