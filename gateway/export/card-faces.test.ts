/**
 * Which card faces a canvas export shows its reader: a member the cards the
 * organization's licence covers (opening licensed ones recorded as an
 * export access), a guest only the cards its session shows it, and every
 * other card as its back. Through the real runtime, with the route too.
 */
import { PNG } from "pngjs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CanvasElement } from "../../actors/canvas/state.ts"
import type { LibraryState } from "../../actors/cards/index.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { Effect } from "effect"
import { cardFacesFor } from "./card-faces.ts"
import { startExportApi } from "./testing/export-api.ts"

let api: Awaited<ReturnType<typeof startExportApi>>
beforeAll(async () => {
  api = await startExportApi()
})
afterAll(() => api.close())

const card = (id: string, cardId: string, x = 0) =>
  ({ kind: "card", cardId, x, y: 0, w: 120, h: 180, id, createdBy: "u", createdAt: 0, updatedAt: 0, groupId: null, locked: false }) as CanvasElement

// sample-01..40 are free, 41..56 pro (the free licence does not cover them); tides-01 needs the Tides pack.
const elements = [card("a", "sample-01"), card("b", "sample-45"), card("c", "tides-01"), card("d", "no-such-card"), card("e", "sample-02")]

describe("card faces in a canvas export", () => {
  it("a member sees the faces the licence covers, and nothing else", async () => {
    const faces = await cardFacesFor(api.system, api.user("p1"), undefined, elements)
    expect(Object.keys(faces).sort()).toEqual(["sample-01", "sample-02"])
    expect(faces["sample-01"]!.image).toMatchObject({ kind: "svg" })
    expect(faces["sample-01"]!.word).toMatch(/\S/)
  })

  it("opening licensed cards for an export is recorded in the library, as viewing them is", async () => {
    await Effect.runPromise(
      api.system.send(makeAddress("t1", "library", "t1"), { id: "system", tenant: "t1", roles: ["admin"] }, "pro", { type: "setTier", tier: "pro" }),
    )
    const faces = await cardFacesFor(api.system, api.user("p1"), undefined, elements)
    expect(Object.keys(faces).sort()).toEqual(["sample-01", "sample-02", "sample-45"])
    const library = (await Effect.runPromise(api.system.inspect(makeAddress("t1", "library", "t1")))).state as LibraryState
    expect(library.accesses).toBeGreaterThan(0)
  })

  it("a guest sees only the cards its session shows it; a user with no member role sees none", async () => {
    const facilitator = api.user("fac", ["facilitator"])
    await api.send(facilitator, "session", "s1", { type: "create", title: "Cards", joinCode: "K7M2QX" })
    expect((await api.request("/api/sessions/s1/decks", facilitator, { method: "POST", body: "{}" })).status).toBe(200)
    await api.send(facilitator, "session", "s1", { type: "drawCards", deckId: "studio-sample", count: 3, faceDown: false, picksPerPerson: 1 })
    const guest = { ...api.user("g1", ["guest"]), session: "s1" }
    await api.send(guest, "session", "s1", { type: "join", joinCode: "K7M2QX", displayName: "Visitor" })
    const drawn = ((await Effect.runPromise(api.system.inspect(makeAddress("t1", "session", "s1")))).state as SessionState).draws[0]!.cardIds
    const onCanvas = [card("x", drawn[0]!), card("y", "sample-01"), card("z", drawn[1]!, 200)]
    const faces = await cardFacesFor(api.system, guest, "session/s1", onCanvas)
    const shownToGuest = [...new Set(onCanvas.map((e) => (e as { cardId: string }).cardId).filter((id) => drawn.includes(id)))].sort()
    expect(shownToGuest.length).toBeGreaterThanOrEqual(2)
    expect(Object.keys(faces).sort()).toEqual(shownToGuest)
    expect(await cardFacesFor(api.system, { ...api.user("g2", ["guest"]) }, undefined, onCanvas)).toEqual({})
  })

  it("the PNG export draws a covered card's face (its picture), and a card the reader may not see as a plain back", async () => {
    const owner = api.user("owner")
    await api.send(owner, "canvas", "c-cards", { type: "create", title: "Cards", privacy: "private" })
    await api.send(owner, "canvas", "c-cards", { type: "addElement", element: { kind: "card", cardId: "sample-03", x: 0, y: 0, w: 120, h: 180 } })
    await api.send(owner, "canvas", "c-cards", { type: "addElement", element: { kind: "card", cardId: "tides-02", x: 200, y: 0, w: 120, h: 180 } })
    const png = PNG.sync.read(Buffer.from(await (await api.request("/api/canvases/c-cards/export?format=png", owner)).arrayBuffer()))
    // Distinct colours inside each card's picture area: the face has art, the back one flat grey.
    const colours = (fromX: number, toX: number) => {
      const seen = new Set<number>()
      for (let y = Math.round(png.height * 0.2); y < Math.round(png.height * 0.6); y++) {
        for (let x = Math.round(png.width * fromX); x < Math.round(png.width * toX); x++) {
          const i = (y * png.width + x) * 4
          seen.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!)
        }
      }
      return seen.size
    }
    expect(colours(0.12, 0.3)).toBeGreaterThan(20)
    expect(colours(0.66, 0.84)).toBeLessThan(4)
  })
})
