/**
 * GET /api/audit and /api/licence/usage over a real server with its read
 * side in a worker, as a node runs them: what is audited, filters, paging,
 * who may read them, and that the gateway answers them from the read models
 * without reading the event log.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { readSideWithCountedGatewayLog, type LogReads } from "../testing/counting-log.ts"
import { LiveClient } from "../testing/live-client.ts"
import { startMethodServer, type MethodServer } from "./testing/method-server.ts"

let api: MethodServer
let gatewayReads: LogReads
let admin: string
let participant: string
let otherAdmin: string
let sessionAddr: string

beforeAll(async () => {
  const counted = readSideWithCountedGatewayLog()
  gatewayReads = counted.reads
  api = await startMethodServer(counted.options)
  admin = await api.login("facilitator@demo.example")
  participant = await api.login("participant1@demo.example")
  otherAdmin = await api.login("admin@other.example")
  await api.call("POST", "/api/journeys", { journeyId: "first", title: "First", templateId: "first-meeting" }, admin)
  const started = (await api.call("POST", "/api/journeys/first/sessions", {}, admin)).body
  sessionAddr = started.addr
  const lead = await LiveClient.open(api.server.url, admin)
  const p1 = await LiveClient.open(api.server.url, participant)
  const p2 = await LiveClient.open(api.server.url, await api.login("participant2@demo.example"))
  await p1.cmd(sessionAddr, "j", { type: "join", joinCode: started.code, displayName: "P1" })
  await p2.cmd(sessionAddr, "j", { type: "join", joinCode: started.code, displayName: "P2" })
  await lead.cmd(sessionAddr, "a", { type: "appointCoFacilitator", userId: "u-demo-participant1", powers: ["timer"] })
  await lead.cmd(sessionAddr, "d", { type: "drawCards", deckId: "studio-sample", count: 3, faceDown: false, picksPerPerson: 1 })
  const state = (await Effect.runPromise(api.server.system.inspect(makeAddress("demo", "session", sessionAddr.split("/")[1]!)))).state as SessionState
  await p1.cmd(sessionAddr, "p", { type: "pickCard", drawId: state.draws[0]!.drawId, cardId: state.draws[0]!.cardIds[0] })
  await lead.cmd(sessionAddr, "r", { type: "revealPicks", drawId: state.draws[0]!.drawId })
  await lead.cmd(sessionAddr, "x", { type: "removeParticipant", userId: "u-demo-participant2" })
  await api.call("PATCH", "/api/users/u-demo-participant3", { roles: ["participant", "educator"] }, admin)
  for (const client of [lead, p1, p2]) await client.close()
  await api.readModelsCaughtUp()
})
afterAll(() => api.dispose())

const audit = async (query = "", token = admin) => api.call("GET", `/api/audit${query}`, undefined, token)

describe("the audit trail", () => {
  it("holds role and permission changes, reveals and removals, with who did them and when", async () => {
    const { status, body } = await audit()
    expect(status).toBe(200)
    const types = body.entries.map((e: any) => `${e.category}:${e.type}`)
    for (const expected of [
      "role:memberAdded",
      "role:rolesChanged",
      "role:created",
      "permission:decksLoaded",
      "role:coFacilitatorAppointed",
      "reveal:picksRevealed",
      "removal:participantRemoved",
    ]) {
      expect(types).toContain(expected)
    }
    const removal = body.entries.find((e: any) => e.type === "participantRemoved")
    expect(removal).toMatchObject({ actor: sessionAddr, by: "u-demo-facilitator", subject: "u-demo-participant2", at: expect.stringMatching(/Z$/) })
    expect(JSON.stringify(body)).not.toMatch(/scrypt|passwordHash|codeHash/)
    expect(types.filter((t: string) => /cardPicked|participantJoined|handRaised/.test(t))).toEqual([])
  })

  it("filters by category, actor, subject and who acted", async () => {
    expect((await audit("?category=removal")).body.entries.map((e: any) => e.type)).toEqual(["participantRemoved"])
    expect((await audit(`?actor=${sessionAddr}&category=role`)).body.entries.map((e: any) => e.type)).toEqual(["created", "coFacilitatorAppointed"])
    expect((await audit("?subject=u-demo-participant3")).body.entries.map((e: any) => e.type)).toEqual(["memberAdded", "rolesChanged"])
    expect((await audit("?by=system&kind=session")).body.entries.map((e: any) => e.type)).toEqual(["decksLoaded"])
    expect((await audit("?to=2000-01-01T00:00:00Z")).body.entries).toEqual([])
  })

  it("pages with a cursor that continues where the last call stopped", async () => {
    const all = (await audit()).body.entries
    const seen: unknown[] = []
    let cursor: number | null = 0
    while (cursor !== null) {
      const page: any = (await audit(`?limit=2&after=${cursor}`)).body
      seen.push(...page.entries)
      cursor = page.next
    }
    expect(seen).toEqual(all)
  })

  it("is for the organization's admins only and never shows another organization's events", async () => {
    expect((await audit("", participant)).status).toBe(403)
    const other = (await audit("", otherAdmin)).body.entries
    expect(other.length).toBeGreaterThan(0)
    expect(other.every((e: any) => !e.actor.startsWith("session/"))).toBe(true)
    expect(JSON.stringify(other)).not.toContain("u-demo-")
    expect((await audit("?limit=9999")).status).toBe(400)
    expect((await audit("?from=yesterday")).body.detail).toMatch(/ISO time/)
  })
})

describe("the gateway and the log", () => {
  it("answers the audit trail and usage reports from read models, never reading the log", async () => {
    const before = { readAll: gatewayReads.readAll, streams: new Map(gatewayReads.streams) }
    expect((await audit("?limit=3")).status).toBe(200)
    expect((await audit("?category=role&subject=u-demo-participant3")).status).toBe(200)
    expect((await api.call("GET", "/api/licence/usage", undefined, admin)).status).toBe(200)
    expect(gatewayReads.readAll).toBe(before.readAll)
    expect(gatewayReads.streams).toEqual(before.streams)
  })
})

describe("licence and usage reports", () => {
  it("give the licence and count cards drawn, picked and opened per deck, for admins only", async () => {
    expect((await api.call("GET", "/api/licence", undefined, admin)).body).toEqual({ tier: "free", packs: [] })
    const usage = (await api.call("GET", "/api/licence/usage", undefined, admin)).body
    expect(usage).toMatchObject({ complete: true, to: null })
    expect(usage.decks).toEqual([{ deckId: "studio-sample", packId: null, tier: "free", drawn: 3, picked: 1, viewed: 0 }])
    expect((await api.call("GET", "/api/licence/usage?to=2000-01-01T00:00:00Z", undefined, admin)).body.decks).toEqual([])
    expect((await api.call("GET", "/api/licence/usage", undefined, participant)).status).toBe(403)
    expect((await api.call("GET", "/api/licence/usage", undefined, otherAdmin)).body.decks).toEqual([])
  })
})
