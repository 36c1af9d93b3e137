/**
 * GET /api/sessions/{id}/cards over a real server (with the read side, so the
 * library routes a guest is refused are really there): whoever may read a
 * session, its guests included, gets the full cards its own view shows,
 * face-down cards only once picked by them or revealed, and a guest nothing
 * else of the library.
 */
import { Buffer } from "node:buffer"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { actorKinds } from "../../actors/index.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { startReadSide } from "../read-side.ts"
import { seedDemo } from "../seed.ts"
import { startTestServer, TEST_SCRYPT_COST, type TestServer } from "../testing/harness.ts"
import { pictureSource } from "./deck-routes.ts"

const PASSWORD = "demo-password-1"

let server: TestServer
let ops = 0
const call = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${server.http}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-studio-peer": "10.9.1.1", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as any }
}
const login = async (email: string) => (await call("POST", "/api/auth/login", { email, password: PASSWORD })).body.token as string
const command = async (sessionId: string, token: string, cmd: object) => {
  const reply = await call("POST", `/api/actors/session/${sessionId}/commands`, { id: `op-${++ops}`, cmd }, token)
  expect(reply, JSON.stringify(cmd)).toMatchObject({ status: 200 })
}
const cardIdsFor = async (sessionId: string, token: string) => {
  const reply = await call("GET", `/api/sessions/${sessionId}/cards`, undefined, token)
  expect(reply.status).toBe(200)
  return (reply.body.cards as { cardId: string }[]).map((card) => card.cardId)
}

let facilitator: string
let participant: string
let bystander: string
let guest: { token: string; user: { id: string } }
let sessionId: string
let otherSessionId: string
let faceUp: readonly string[]
let faceDown: { drawId: string; cardIds: readonly string[] }

beforeAll(async () => {
  server = await startTestServer({
    kinds: actorKinds,
    readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
  })
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
  // The Tides pack, so the face-down spread comes from another deck than the face-up one and the two never share a card.
  await Effect.runPromise(
    server.system.send(makeAddress("demo", "library", "demo"), { id: "system", tenant: "demo", roles: ["admin"] }, "tides", {
      type: "grantPack",
      packId: "tides",
    }),
  )
  facilitator = await login("facilitator@demo.example")
  participant = await login("participant1@demo.example")
  bystander = await login("participant2@demo.example")

  const session = (await call("POST", "/api/sessions", { title: "Cards" }, facilitator)).body
  sessionId = session.addr.slice("session/".length)
  otherSessionId = (await call("POST", "/api/sessions", { title: "Elsewhere" }, facilitator)).body.addr.slice("session/".length)
  expect((await call("POST", `/api/sessions/${sessionId}/decks`, {}, facilitator)).status).toBe(200)
  guest = (await call("POST", "/api/live/join", { code: session.code, name: "Visitor" })).body
  await command(sessionId, participant, { type: "join", joinCode: session.code })
  await command(sessionId, facilitator, { type: "drawCards", deckId: "studio-sample", count: 3, faceDown: false, picksPerPerson: 1 })
  await command(sessionId, facilitator, { type: "drawCards", deckId: "studio-tides", count: 4, faceDown: true, picksPerPerson: 1 })
  const state = (await Effect.runPromise(server.system.inspect(makeAddress("demo", "session", sessionId)))).state as SessionState
  faceUp = state.draws[0]!.cardIds
  faceDown = state.draws[1]!
})
afterAll(() => server?.dispose())

describe("a session's cards", () => {
  it("a guest sees the full cards of a face-up spread in its own session: word, question, themes and a picture a strict CSP allows", async () => {
    const reply = await call("GET", `/api/sessions/${sessionId}/cards`, undefined, guest.token)
    expect(reply.status).toBe(200)
    expect(reply.body.cards.map((c: { cardId: string }) => c.cardId)).toEqual(faceUp)
    for (const card of reply.body.cards) {
      expect(card).toMatchObject({
        deckId: "studio-sample",
        word: expect.any(String),
        question: expect.stringMatching(/\S/),
        themes: expect.any(Array),
        picture: { alt: card.word },
      })
      expect(card.picture.src).toMatch(/^data:image\/svg\+xml;base64,/)
      expect(Buffer.from(card.picture.src.split(",")[1], "base64").toString("utf8")).toMatch(/^<svg[\s>][\s\S]*<\/svg>\s*$/)
    }
  })

  it("a face-down card appears to someone only once they picked it, or once it is revealed, like their live view", async () => {
    const shownBefore = await cardIdsFor(sessionId, guest.token)
    expect(shownBefore.filter((id) => faceDown.cardIds.includes(id))).toEqual([])

    await command(sessionId, guest.token, { type: "pickCard", drawId: faceDown.drawId, position: 2 })
    await command(sessionId, participant, { type: "pickCard", drawId: faceDown.drawId, position: 0 })
    expect(await cardIdsFor(sessionId, guest.token)).toEqual([...faceUp, faceDown.cardIds[2]])
    expect(await cardIdsFor(sessionId, participant)).toEqual([...faceUp, faceDown.cardIds[0]])
    // The lead sees that people picked, not what.
    expect(await cardIdsFor(sessionId, facilitator)).toEqual(faceUp)

    await command(sessionId, facilitator, { type: "revealPicks", drawId: faceDown.drawId })
    for (const token of [guest.token, participant, facilitator]) {
      expect(await cardIdsFor(sessionId, token)).toEqual([...faceUp, faceDown.cardIds[2], faceDown.cardIds[0]])
    }
    const revealed = (await call("GET", `/api/sessions/${sessionId}/cards`, undefined, participant)).body.cards.at(-1)
    expect(revealed).toMatchObject({
      cardId: faceDown.cardIds[0],
      deckId: "studio-tides",
      question: expect.stringMatching(/\S/),
      picture: { src: expect.stringMatching(/^data:image\/svg\+xml;base64,/) },
    })
  })

  it("a guest reads nothing else: not another session's cards, not the library", async () => {
    expect(await call("GET", `/api/sessions/${otherSessionId}/cards`, undefined, guest.token)).toMatchObject({ status: 403 })
    expect(await call("GET", "/api/sessions/no-such-session/cards", undefined, guest.token)).toMatchObject({ status: 403 })
    for (const path of ["/api/decks", "/api/decks/studio-sample", "/api/decks/studio-tides", "/api/cards", "/api/cards/search?q=rest"]) {
      expect((await call("GET", path, undefined, guest.token)).status, path).toBe(403)
    }
    // The library routes are there for members: the guest's 403 is its scope, not a missing route.
    expect((await call("GET", "/api/decks/studio-sample", undefined, participant)).status).toBe(200)
    expect((await call("GET", "/api/cards", undefined, participant)).status).toBe(200)
  })

  it("is for those who may read the session: a member who never joined is refused, another organization and an unknown id find nothing", async () => {
    expect(await call("GET", `/api/sessions/${sessionId}/cards`, undefined, bystander)).toMatchObject({ status: 403 })
    expect(await call("GET", `/api/sessions/${sessionId}/cards`, undefined, await login("admin@other.example"))).toMatchObject({ status: 404 })
    expect(await call("GET", "/api/sessions/no-such-session/cards", undefined, facilitator)).toMatchObject({ status: 404 })
    expect(await call("GET", `/api/sessions/${sessionId}/cards`)).toMatchObject({ status: 401 })
  })
})

describe("card pictures", () => {
  it("an SVG becomes a data: URL that decodes to the same markup; a picture on this site keeps its path", () => {
    const svg = '<svg viewBox="0 0 10 10"><text>é</text></svg>'
    const src = pictureSource({ kind: "svg", svg })
    expect(src.startsWith("data:image/svg+xml;base64,")).toBe(true)
    expect(Buffer.from(src.slice("data:image/svg+xml;base64,".length), "base64").toString("utf8")).toBe(svg)
    expect(pictureSource({ kind: "url", url: "/pictures/harbour.png" })).toBe("/pictures/harbour.png")
  })
})
