/**
 * GET /api/sessions/{id}/recommendations/cards and /api/recommendations/journeys
 * over a real server with the read side: content similarity before a model
 * exists, the trained model once `ml:train`'s file appears (reloaded without
 * a restart), only cards the organization's tier allows, and the problems.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { builtInCardTexts } from "../../actors/cards/sample-deck/localized.ts"
import { actorKinds } from "../../actors/index.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { makeRandom } from "../../engine/testing/random.ts"
import { writeModel } from "../../ml/recommend/model-file.ts"
import { runPipeline } from "../../ml/recommend/pipeline.ts"
import { simulate } from "../../ml/recommend/testing/simulator.ts"
import { startReadSide } from "../read-side.ts"
import { seedDemo } from "../seed.ts"
import { startTestServer, TEST_SCRYPT_COST, type TestServer } from "../testing/harness.ts"

const PASSWORD = "demo-password-1"
const modelDir = mkdtempSync(join(tmpdir(), "studio-recommend-"))
const modelFile = join(modelDir, "model.json")

let server: TestServer
let ops = 0
const call = async (path: string, token?: string, language?: string) => {
  const response = await fetch(`${server.http}${path}`, {
    headers: {
      "x-studio-peer": "10.9.2.1",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(language ? { "accept-language": language } : {}),
    },
  })
  return { status: response.status, body: (await response.json()) as any }
}
const post = async (path: string, body: unknown, token: string) => {
  const response = await fetch(`${server.http}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-studio-peer": "10.9.2.1", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as any }
}
const login = async (email: string) => (await post("/api/auth/login", { email, password: PASSWORD }, "")).body.token as string
const command = async (sessionId: string, token: string, cmd: object) =>
  expect(await post(`/api/actors/session/${sessionId}/commands`, { id: `op-${++ops}`, cmd }, token), JSON.stringify(cmd)).toMatchObject({
    status: 200,
  })

let facilitator: string
let participant: string
let sessionId: string
let lastDeal: string[]

beforeAll(async () => {
  process.env.STUDIO_RECOMMEND_MODEL = modelFile
  process.env.STUDIO_RECOMMEND_RELOAD_MS = "0"
  server = await startTestServer({
    kinds: actorKinds,
    readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
  })
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
  facilitator = await login("facilitator@demo.example")
  participant = await login("participant1@demo.example")
  const session = (await post("/api/sessions", { title: "Suggestions" }, facilitator)).body
  sessionId = session.addr.slice("session/".length)
  expect((await post(`/api/sessions/${sessionId}/decks`, {}, facilitator)).status).toBe(200)
  await command(sessionId, participant, { type: "join", joinCode: session.code })
  await command(sessionId, facilitator, { type: "advancePhase" })
  await command(sessionId, facilitator, { type: "drawCards", deckId: "studio-sample", count: 4, faceDown: false, picksPerPerson: 1 })
  const state = (await Effect.runPromise(server.system.inspect(makeAddress("demo", "session", sessionId)))).state as SessionState
  const draw = state.draws[0]!
  lastDeal = [...draw.cardIds]
  await command(sessionId, participant, { type: "pickCard", drawId: draw.drawId, cardId: lastDeal[0] })
  await command(sessionId, facilitator, { type: "revealPicks", drawId: draw.drawId })
  // The read side builds the organization's card library after the seed, on its own schedule.
  await vi.waitFor(async () => expect((await call("/api/cards?limit=1", facilitator)).body.items?.length ?? 0).toBeGreaterThan(0), {
    timeout: 60_000,
    interval: 50,
  })
}, 120_000)
afterAll(async () => {
  await server?.dispose()
  rmSync(modelDir, { recursive: true, force: true })
  delete process.env.STUDIO_RECOMMEND_MODEL
  delete process.env.STUDIO_RECOMMEND_RELOAD_MS
})

describe("card suggestions for a live session", () => {
  it("ranks by content similarity before any model, only cards the tier allows, none of the cards just dealt", async () => {
    const reply = await call(`/api/sessions/${sessionId}/recommendations/cards?limit=6`, facilitator)
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      sessionId,
      phase: "Pause",
      method: "content",
      model: { state: "missing" },
      note: expect.stringMatching(/content similarity/),
    })
    expect(reply.body.items).toHaveLength(6)
    const allowed = new Set<string>()
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: Array<{ id: string; usable: boolean }>; nextCursor: string | null } = (
        await call(`/api/cards?limit=200${cursor ? `&cursor=${cursor}` : ""}`, facilitator)
      ).body
      for (const card of page.items) if (card.usable) allowed.add(card.id)
      cursor = page.nextCursor
    }
    for (const item of reply.body.items) {
      expect(allowed.has(item.cardId), item.cardId).toBe(true)
      expect(item.tier).toBe("free")
      expect(lastDeal).not.toContain(item.cardId)
      expect(item.reason.text).toMatch(/\S/)
    }
  })

  it("words the built-in cards it suggests in the caller's language, and says which language each came in", async () => {
    const path = `/api/sessions/${sessionId}/recommendations/cards?limit=5`
    const [english, hebrew] = [(await call(path, facilitator)).body.items, (await call(path, facilitator, "he")).body.items]
    expect(hebrew.map((item: { cardId: string }) => item.cardId)).toEqual(english.map((item: { cardId: string }) => item.cardId))
    for (const item of hebrew) {
      const texts = builtInCardTexts(item.deckId, item.cardId, "he")!
      expect(item).toMatchObject({ word: texts.word, question: texts.question, language: texts.language })
    }
    expect(
      hebrew.some((item: { word: string }) => /[\u0590-\u05FF]/.test(item.word)),
      "the sample deck has Hebrew words",
    ).toBe(true)
    expect(english.every((item: { language: string }) => item.language === "en")).toBe(true)
  })

  it("serves the trained model as soon as its file appears, without a restart", async () => {
    const { rows, cards } = simulate(makeRandom(11), { groups: 4, sessionsPerGroup: 3 })
    await writeModel(modelFile, (await runPipeline(rows, cards, { seed: 11, epochs: 1, final: true })).model!)
    const reply = await call(`/api/sessions/${sessionId}/recommendations/cards`, facilitator)
    expect(reply).toMatchObject({ status: 200, body: { method: "model", model: { trainedAt: expect.any(String) } } })
    expect(reply.body.items).toHaveLength(5)
    for (const item of reply.body.items) expect(item.tier).toBe("free")
  })

  it("answers problems: 400 for a bad limit, 401 without a token, 403 for a participant, 404 for an unknown or foreign session", async () => {
    for (const limit of ["0", "21", "many"])
      expect((await call(`/api/sessions/${sessionId}/recommendations/cards?limit=${limit}`, facilitator)).status, limit).toBe(400)
    expect((await call(`/api/sessions/${sessionId}/recommendations/cards`)).status).toBe(401)
    expect((await call(`/api/sessions/${sessionId}/recommendations/cards`, participant)).status).toBe(403)
    expect((await call("/api/sessions/no-such-session/recommendations/cards", facilitator)).status).toBe(404)
    const other = await login("admin@other.example")
    expect((await call(`/api/sessions/${sessionId}/recommendations/cards`, other)).status).toBe(404)
  })
})

describe("journey suggestions", () => {
  it("ranks the ready templates for a session's group, with a reason each", async () => {
    const reply = await call(`/api/recommendations/journeys?session=${sessionId}&limit=3`, facilitator)
    expect(reply.status).toBe(200)
    expect(reply.body.items).toHaveLength(3)
    for (const item of reply.body.items)
      expect(item).toMatchObject({
        id: expect.any(String),
        source: "template",
        title: expect.any(String),
        reason: { code: expect.stringMatching(/^(group-themes|not-run-yet|run-before)$/), text: expect.stringMatching(/\S/) },
      })
    expect((await call("/api/recommendations/journeys?session=nope", facilitator)).status).toBe(404)
    expect((await call("/api/recommendations/journeys", participant)).status).toBe(403)
    expect((await call("/api/recommendations/journeys?limit=0", facilitator)).status).toBe(400)
  })
})
