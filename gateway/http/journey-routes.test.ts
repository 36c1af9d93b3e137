/** Journeys over a real server: templates, versions, and live sessions started from a fixed version with the organization's decks. */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { LiveClient } from "../testing/live-client.ts"
import { startMethodServer, type MethodServer } from "./testing/method-server.ts"

let api: MethodServer
let facilitator: string
let participant: string
beforeAll(async () => {
  api = await startMethodServer()
  facilitator = await api.login("facilitator@demo.example")
  participant = await api.login("participant1@demo.example")
})
afterAll(() => api.dispose())

const sessionState = async (addr: string) =>
  (await Effect.runPromise(api.server.system.inspect(makeAddress("demo", "session", addr.split("/")[1]!)))).state as SessionState

describe("journeys", () => {
  it("lists at least ten ready templates with their plans", async () => {
    const list = await api.call("GET", "/api/journey-templates", undefined, facilitator)
    expect(list.body.templates.length).toBeGreaterThanOrEqual(10)
    const retro = await api.call("GET", "/api/journey-templates/team-retrospective", undefined, facilitator)
    expect(retro.body.plan.Pause[0]).toMatchObject({ kind: "cardDraw", faceDown: true })
    expect((await api.call("GET", "/api/journey-templates/nope", undefined, facilitator)).status).toBe(404)
  })

  it("a journey from a template gets new versions; the history stays", async () => {
    expect(
      await api.call("POST", "/api/journeys", { journeyId: "retro", title: "Sprint retro", templateId: "team-retrospective" }, facilitator),
    ).toMatchObject({ status: 201, body: { id: "retro" } })
    expect(
      (await api.call("POST", "/api/journeys/retro/versions", { title: "Sprint retro, shorter", note: "fewer steps" }, facilitator)).status,
    ).toBe(201)
    const journey = (await api.call("GET", "/api/journeys/retro", undefined, facilitator)).body
    expect(journey.versions.map((v: any) => [v.version, v.title])).toEqual([
      [1, "Sprint retro"],
      [2, "Sprint retro, shorter"],
    ])
  })

  it("participants neither plan nor read journeys", async () => {
    expect((await api.call("POST", "/api/journeys", { title: "Mine" }, participant)).status).toBe(403)
    expect((await api.call("GET", "/api/journeys/retro", undefined, participant)).status).toBe(403)
  })
})

describe("a session started from a journey", () => {
  it("runs the chosen version, has a join code and the organization's decks; the licence decides what can be drawn", async () => {
    const started = await api.call("POST", "/api/journeys/retro/sessions", { version: 1 }, facilitator)
    expect(started).toMatchObject({
      status: 201,
      body: { journey: { journeyId: "retro", version: 1 }, code: expect.stringMatching(/^[A-Z2-9]{6}$/) },
    })
    const { addr, code } = started.body
    const state = await sessionState(addr)
    expect(state.journey).toEqual({ journeyId: "retro", version: 1, title: "Sprint retro" })
    expect(state.plan.Pause[0]?.kind).toBe("cardDraw")
    expect(state.licence).toEqual({ tier: "free", packs: [] })

    const lead = await LiveClient.open(api.server.url, facilitator)
    const guest = await LiveClient.open(api.server.url, participant)
    expect(await guest.cmd(addr, "j1", { type: "join", joinCode: code, displayName: "Pat" })).toMatchObject({ t: "ack" })
    expect(await lead.cmd(addr, "d0", { type: "drawCards", deckId: "studio-tides", count: 3, faceDown: false, picksPerPerson: 1 })).toMatchObject({
      t: "nack",
      code: "forbidden",
      message: expect.stringMatching(/pack tides/),
    })
    expect(await lead.cmd(addr, "d1", { type: "drawCards", deckId: "studio-sample", count: 5, faceDown: true, picksPerPerson: 1 })).toMatchObject({
      t: "ack",
    })
    expect((await sessionState(addr)).draws[0]).toMatchObject({ poolSize: 40, faceDown: true })

    await api.license("demo", "pro")
    expect((await api.call("POST", `/api/sessions/${addr.split("/")[1]}/decks`, {}, facilitator)).status).toBe(200)
    expect(await lead.cmd(addr, "d2", { type: "drawCards", deckId: "studio-sample", count: 5, faceDown: false, picksPerPerson: 1 })).toMatchObject({
      t: "ack",
    })
    expect((await sessionState(addr)).draws[1]).toMatchObject({ poolSize: 56 })
    expect(await guest.cmd(addr, "x", { type: "loadDecks", licence: { tier: "enterprise", packs: ["tides"] }, decks: [] })).toMatchObject({
      t: "nack",
      code: "forbidden",
    })
    expect((await api.call("POST", `/api/sessions/${addr.split("/")[1]}/decks`, {}, participant)).status).toBe(403)
    await lead.close()
    await guest.close()
  })

  it("a later revision does not change a session already running", async () => {
    const started = (await api.call("POST", "/api/journeys/retro/sessions", {}, facilitator)).body
    expect(started.journey.version).toBe(2)
    await api.call("POST", "/api/journeys/retro/versions", { title: "Sprint retro, v3" }, facilitator)
    expect((await sessionState(started.addr)).journey).toMatchObject({ version: 2, title: "Sprint retro, shorter" })
    expect((await api.call("POST", "/api/journeys/retro/sessions", { version: 9 }, facilitator)).status).toBe(404)
  })
})
