/**
 * The recap over a real server: each reader gets what they may see, as JSON
 * and PDF; both are byte-stable, equal to a rebuild from the recorded events,
 * and the same after the server restarts and replays its log.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { actorKinds } from "../../actors/index.ts"
import { freeDeck } from "../../actors/session/testing/fixtures.ts"
import { recapJson } from "../../actors/session/recap.ts"
import { recapFromRecord } from "../../actors/session/testing/replay.ts"
import type { SessionState } from "../../actors/session/state.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { systemUser } from "../directory.ts"
import { startTestServer, type TestServer } from "../testing/harness.ts"
import { renderRecapPdf } from "./recap-pdf.ts"

const lead: User = { id: "lead", tenant: "t1", roles: ["facilitator"] }
const ana: User = { id: "ana", tenant: "t1", roles: ["participant"] }
const ben: User = { id: "ben", tenant: "t1", roles: ["participant"] }
const addr = makeAddress("t1", "session", "recap-1")
let server: TestServer
let dir: string

const get = async (path: string, user: User) => {
  const response = await fetch(`${server.http}${path}`, { headers: { authorization: `Bearer ${await server.token(user)}` } })
  return { status: response.status, type: response.headers.get("content-type") ?? "", bytes: new Uint8Array(await response.arrayBuffer()) }
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

beforeAll(async () => {
  server = await startTestServer({ kinds: actorKinds })
  dir = server.dir
  const send = async (user: User, id: string, command: object) => Effect.runPromise(server.system.send(addr, user, id, command))
  await send(lead, "c1", { type: "create", title: "Thursday circle", joinCode: "ABC234" })
  await send(ana, "j1", { type: "join", joinCode: "ABC234", displayName: "Ana" })
  await send(ben, "j2", { type: "join", joinCode: "ABC234", displayName: "Ben" })
  await send(systemUser("t1"), "decks", { type: "loadDecks", licence: { tier: "free", packs: [] }, decks: [freeDeck] })
  await send(lead, "c2", { type: "advancePhase" })
  await send(lead, "c3", { type: "drawCards", deckId: "sample", count: 4, faceDown: false, picksPerPerson: 1 })
  const drawn = ((await Effect.runPromise(server.system.inspect(addr))).state as SessionState).draws[0]!
  await send(ana, "p1", { type: "pickCard", drawId: drawn.drawId, cardId: drawn.cardIds[0] })
  await send(ben, "p2", { type: "pickCard", drawId: drawn.drawId, cardId: drawn.cardIds[1] })
  await send(lead, "c4", { type: "revealPicks", drawId: drawn.drawId, userId: "ana" })
  await send(lead, "c5", { type: "advancePhase" })
  await send(lead, "c6", { type: "end" })
})
afterAll(() => server.dispose())

describe("recap routes", () => {
  it("serve each reader's recap as exact JSON text, equal to a rebuild from the recorded events", async () => {
    const commits = await Effect.runPromise(server.log.readStream(addr, 0))
    for (const reader of [lead, ana, ben]) {
      const reply = await get("/api/sessions/recap-1/recap", reader)
      expect(reply).toMatchObject({ status: 200, type: expect.stringContaining("application/json") })
      expect(text(reply.bytes)).toBe(recapJson(recapFromRecord(addr, commits, reader)))
    }
    const forBen = JSON.parse(text((await get("/api/sessions/recap-1/recap", ben)).bytes))
    expect(forBen.picks.map((p: any) => [p.name, p.revealed])).toEqual([
      ["Ana", true],
      ["Ben", false],
    ])
    const forLead = JSON.parse(text((await get("/api/sessions/recap-1/recap", lead)).bytes))
    expect(forLead.picks.map((p: any) => p.name)).toEqual(["Ana"])
    expect(forLead.timeline.map((t: any) => t.phase)).toEqual(["Pause", "Expand"])
  })

  it("serve a PDF that is the same bytes every time and equal to one rendered from the recorded events", async () => {
    const first = await get("/api/sessions/recap-1/recap.pdf", ana)
    expect(first).toMatchObject({ status: 200, type: "application/pdf" })
    expect(text(first.bytes.slice(0, 5))).toBe("%PDF-")
    expect((await get("/api/sessions/recap-1/recap.pdf", ana)).bytes).toEqual(first.bytes)
    const commits = await Effect.runPromise(server.log.readStream(addr, 0))
    expect(new Uint8Array(await renderRecapPdf(recapFromRecord(addr, commits, ana)))).toEqual(first.bytes)
    // The metadata dates are the session's own, so nothing in the file depends on when it was rendered.
    const createdAt = JSON.parse(text((await get("/api/sessions/recap-1/recap", ana)).bytes)).session.createdAt as string
    expect(new TextDecoder("latin1").decode(first.bytes)).toContain(`(D:${createdAt.replace(/[-:T]/g, "").slice(0, 14)}Z)`)
    expect((await get("/api/sessions/recap-1/recap.pdf", ben)).bytes).not.toEqual(first.bytes)
  })

  it("are the same bytes after the server restarts and rebuilds the session from its log", async () => {
    const before = await Promise.all([get("/api/sessions/recap-1/recap", ben), get("/api/sessions/recap-1/recap.pdf", ben)])
    await server.stop()
    server = await startTestServer({ kinds: actorKinds, dir })
    const after = await Promise.all([get("/api/sessions/recap-1/recap", ben), get("/api/sessions/recap-1/recap.pdf", ben)])
    expect(after.map((r) => r.bytes)).toEqual(before.map((r) => r.bytes))
  })

  it("are refused to non-members, other tenants, guests of other sessions and without a token", async () => {
    expect((await get("/api/sessions/recap-1/recap", { id: "zoe", tenant: "t1", roles: ["participant"] })).status).toBe(403)
    expect((await get("/api/sessions/recap-1/recap", { id: "lead", tenant: "t2", roles: ["facilitator"] })).status).toBe(404)
    const guest = await fetch(`${server.http}/api/sessions/recap-1/recap.pdf`, {
      headers: { authorization: `Bearer ${await server.token({ id: "g1", tenant: "t1", roles: ["guest"] }, { scope: "session/other" })}` },
    })
    expect(guest.status).toBe(403)
    expect((await fetch(`${server.http}/api/sessions/recap-1/recap`)).status).toBe(401)
    expect((await get("/api/sessions/nope/recap", lead)).status).toBe(404)
  })
})
