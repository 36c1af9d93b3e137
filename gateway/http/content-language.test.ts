/**
 * Built-in content in the caller's language over a real server (with the
 * read side, for /api/cards): the same routes answer in English, Hebrew and
 * French by Accept-Language and by ?lang=, fall back to English for a
 * language Studio lacks, refuse a `lang` that is not a language tag, and a
 * journey started from a template in Spanish is Spanish. Which cards anyone
 * sees does not change with the language.
 */
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { actorKinds } from "../../actors/index.ts"
import { SAMPLE_DECK } from "../../actors/cards/sample-deck/index.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { startReadSide } from "../read-side.ts"
import { seedDemo } from "../seed.ts"
import { startTestServer, TEST_SCRYPT_COST, type TestServer } from "../testing/harness.ts"

const PASSWORD = "demo-password-1"
const THRESHOLD = SAMPLE_DECK.cards.find((card) => card.word === "Threshold")!

let server: TestServer
let facilitator: string
const call = async (method: string, path: string, options: { body?: unknown; token?: string; language?: string } = {}) => {
  const response = await fetch(`${server.http}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      "x-studio-peer": "10.9.2.1",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.language ? { "accept-language": options.language } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as any }
}
const thresholdIn = async (query: string, language?: string) => {
  const deck = await call("GET", `/api/decks/studio-sample${query}`, { token: facilitator, ...(language ? { language } : {}) })
  expect(deck.status).toBe(200)
  return { deck: deck.body, card: deck.body.cards.find((c: { cardId: string }) => c.cardId === THRESHOLD.cardId) }
}

beforeAll(async () => {
  server = await startTestServer({
    kinds: actorKinds,
    readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
  })
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
  facilitator = (await call("POST", "/api/auth/login", { body: { email: "facilitator@demo.example", password: PASSWORD } })).body.token
})
afterAll(() => server?.dispose())

describe("built-in content in the caller's language", () => {
  it("a deck answers in English, Hebrew and French, by header and by ?lang=", async () => {
    expect(await thresholdIn("")).toMatchObject({
      deck: { title: "Studio sample deck", language: "en" },
      card: { word: "Threshold", language: "en" },
    })
    expect(await thresholdIn("", "he-IL,he;q=0.9,en;q=0.5")).toMatchObject({
      deck: { title: "חפיסת הדוגמה של Studio", language: "he" },
      card: { word: "סף", language: "he" },
    })
    expect(await thresholdIn("", "fr-CA")).toMatchObject({ deck: { language: "fr" }, card: { word: "Seuil", themes: ["changement", "courage"] } })
    expect(await thresholdIn("?lang=he")).toMatchObject({ card: { word: "סף" } })
    expect(await thresholdIn("?lang=fr", "he")).toMatchObject({ card: { word: "Seuil" } })
    // The first language Studio has, by weight; one it lacks falls back, never fails.
    expect(await thresholdIn("", "ja, de;q=0.4, fr;q=0.8")).toMatchObject({ card: { word: "Seuil" } })
    expect(await thresholdIn("?lang=ja", "pt-BR")).toMatchObject({ deck: { language: "en" }, card: { word: "Threshold" } })
    const english = await thresholdIn("")
    const hebrew = await thresholdIn("?lang=he")
    expect(hebrew.deck.cards.map((c: any) => [c.cardId, c.tier, c.image])).toEqual(english.deck.cards.map((c: any) => [c.cardId, c.tier, c.image]))
  })

  it("a `lang` that is not a language tag is a 400 naming it", async () => {
    const reply = await call("GET", "/api/decks/studio-sample?lang=%3Cscript%3E", { token: facilitator })
    expect(reply).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/lang/) } })
  })

  it("the deck list and the journey templates answer in the caller's language", async () => {
    const decks = (await call("GET", "/api/decks?lang=fr", { token: facilitator })).body.decks
    expect(decks.find((d: any) => d.deckId === "studio-tides")).toMatchObject({ title: "Marées", language: "fr" })
    const english = (await call("GET", "/api/journey-templates", { token: facilitator })).body
    const hebrew = (await call("GET", "/api/journey-templates", { token: facilitator, language: "he" })).body
    const french = (await call("GET", "/api/journey-templates?lang=fr", { token: facilitator })).body
    expect([english.language, hebrew.language, french.language]).toEqual(["en", "he", "fr"])
    expect([english, hebrew, french].map((list) => list.templates[0].title)).toEqual(["A first meeting", "מפגש ראשון", "Une première rencontre"])
    expect(hebrew.templates.map((t: any) => t.templateId)).toEqual(english.templates.map((t: any) => t.templateId))
    const retro = (await call("GET", "/api/journey-templates/team-retrospective", { token: facilitator, language: "de" })).body
    expect(retro).toMatchObject({
      language: "de",
      title: "Team-Retrospektive",
      plan: { Pause: [{ kind: "cardDraw", faceDown: true, title: "Der Sprint in einer Karte" }] },
    })
  })

  it("a journey started from a template in Spanish is Spanish, and so are the session's card words", async () => {
    const created = await call("POST", "/api/journeys", {
      body: { journeyId: "es-retro", title: "Retrospectiva", templateId: "team-retrospective" },
      token: facilitator,
      language: "es-ES",
    })
    expect(created.status).toBe(201)
    const journey = (await call("GET", "/api/journeys/es-retro", { token: facilitator })).body
    expect(journey.templateId).toBe("team-retrospective")
    const version = journey.versions[0]
    expect(version.description).toBe("Mirar atrás a un periodo de trabajo compartido y elegir qué cambiar a continuación.")
    expect(version.plan.Pause[0]).toMatchObject({ kind: "cardDraw", title: "El sprint en una carta", faceDown: true, count: 10 })
    expect(version.plan.Focus[0]).toMatchObject({
      kind: "poll",
      question: "¿En qué tema deberíamos trabajar primero?",
      options: ["Planificación", "Traspasos", "Reuniones", "Herramientas", "Tiempo de concentración"],
    })
    // Read back in another language, the journey stays as created: it is the facilitator's own now.
    expect((await call("GET", "/api/journeys/es-retro", { token: facilitator, language: "fr" })).body.versions[0].plan.Pause[0].title).toBe(
      "El sprint en una carta",
    )

    const started = await call("POST", "/api/journeys/es-retro/sessions", { body: {}, token: facilitator, language: "es" })
    expect(started.status).toBe(201)
    const state = (await Effect.runPromise(server.system.inspect(makeAddress("demo", "session", started.body.addr.split("/")[1]))))
      .state as SessionState
    expect(state.decks.find((d) => d.deckId === "studio-sample")?.cards.find((c) => c.cardId === THRESHOLD.cardId)?.word).toBe("Umbral")
  })

  it("a session's cards come in the reader's language, the same cards as in English", async () => {
    const session = (await call("POST", "/api/sessions", { body: { title: "Cards" }, token: facilitator })).body
    const sessionId = session.addr.slice("session/".length)
    expect((await call("POST", `/api/sessions/${sessionId}/decks`, { body: {}, token: facilitator })).status).toBe(200)
    const guest = (await call("POST", "/api/live/join", { body: { code: session.code, name: "Visitor" } })).body
    const dealt = await call("POST", `/api/actors/session/${sessionId}/commands`, {
      body: { id: "deal-1", cmd: { type: "drawCards", deckId: "studio-sample", count: 4, faceDown: false, picksPerPerson: 1 } },
      token: facilitator,
    })
    expect(dealt.status).toBe(200)
    const english = (await call("GET", `/api/sessions/${sessionId}/cards`, { token: guest.token })).body.cards
    const hebrew = (await call("GET", `/api/sessions/${sessionId}/cards`, { token: guest.token, language: "he" })).body.cards
    const french = (await call("GET", `/api/sessions/${sessionId}/cards?lang=fr`, { token: guest.token })).body.cards
    expect(hebrew.map((c: any) => c.cardId)).toEqual(english.map((c: any) => c.cardId))
    expect(french.map((c: any) => c.cardId)).toEqual(english.map((c: any) => c.cardId))
    for (const [i, card] of hebrew.entries()) {
      expect(card).toMatchObject({ language: "he", picture: { src: english[i].picture.src, alt: card.word } })
      expect(card.word).not.toBe(english[i].word)
      expect(french[i]).toMatchObject({ language: "fr" })
    }
  })

  it("the library's cards, and a theme typed in the reader's language", async () => {
    const cards = async (query: string, language?: string) => {
      const reply = await call("GET", `/api/cards?deck=studio-sample${query}`, { token: facilitator, ...(language ? { language } : {}) })
      expect(reply.status).toBe(200)
      return reply.body.items as any[]
    }
    await expect.poll(async () => (await cards("&limit=100")).length, { timeout: 20_000 }).toBe(40)
    const german = await cards("&lang=de&limit=100")
    expect(german.find((c) => c.id === THRESHOLD.cardId)).toMatchObject({
      word: "Schwelle",
      language: "de",
      deckTitle: "Studio-Beispieldeck",
      themes: ["Wandel", "Mut"],
    })
    expect((await cards("&limit=100", "he")).find((c) => c.id === THRESHOLD.cardId)).toMatchObject({ word: "סף" })
    const courage = (await cards("&theme=courage")).map((c) => c.id)
    expect(courage.length).toBeGreaterThan(0)
    expect((await cards("&theme=mut&lang=de")).map((c) => c.id)).toEqual(courage)
  })
})
