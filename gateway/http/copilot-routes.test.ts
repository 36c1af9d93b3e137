/**
 * The facilitator copilot over a real server with the read side:
 * reflection questions citing the session's cards and the phase's, in the
 * caller's language, from the extractive default and from an
 * OpenAI-compatible model (the local stand-in); the summary from the
 * recap, naming only a participant who consented; every draft metered in
 * the organization's AI usage with its model and tokens; and the problems,
 * including a node without a read side saying so.
 */
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { builtInCardTexts } from "../../actors/cards/sample-deck/localized.ts"
import { actorKinds } from "../../actors/index.ts"
import type { SessionState } from "../../actors/session/state.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { AI_COACH_ID } from "../../actors/journal/ai-coach.ts"
import { readSideRetriever } from "../../ml/coach/read-side-retriever.ts"
import { extractiveLanguageModel } from "../../ml/llm/extractive.ts"
import { openAiLanguageModel } from "../../ml/llm/openai.ts"
import type { LanguageModel } from "../../ml/llm/port.ts"
import type { Retriever } from "../../ml/retrieval/port.ts"
import { startOpenAiStandIn, type OpenAiStandIn } from "../../ml/testing/openai-standin.ts"
import { startReadSide } from "../read-side.ts"
import { seedDemo } from "../seed.ts"
import { startTestServer, TEST_SCRYPT_COST, type TestServer } from "../testing/harness.ts"
import { COPILOT_NEEDS_READ_SIDE } from "./copilot-routes.ts"

const PASSWORD = "demo-password-1"
let server: TestServer
let standIn: OpenAiStandIn
let ops = 0
/** The node's language model, switched by a test: the extractive default or the stand-in. */
let current: LanguageModel = extractiveLanguageModel()
const switchable: LanguageModel = {
  get model() {
    return current.model
  },
  get outside() {
    return current.outside
  },
  chat: (request) => current.chat(request),
}

const call = async (on: TestServer, path: string, token?: string, language?: string) => {
  const response = await fetch(`${on.http}${path}`, {
    headers: {
      "x-studio-peer": "10.9.3.1",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(language ? { "accept-language": language } : {}),
    },
  })
  return { status: response.status, body: (await response.json()) as any }
}
const post = async (on: TestServer, path: string, body: unknown, token: string) => {
  const response = await fetch(`${on.http}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-studio-peer": "10.9.3.1", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as any }
}
const login = async (on: TestServer, email: string) => (await post(on, "/api/auth/login", { email, password: PASSWORD }, "")).body.token as string
const command = async (on: TestServer, sessionId: string, token: string, cmd: object) =>
  expect(await post(on, `/api/actors/session/${sessionId}/commands`, { id: `op-${++ops}`, cmd }, token), JSON.stringify(cmd)).toMatchObject({
    status: 200,
  })
const stateOf = async (on: TestServer, sessionId: string) =>
  (await Effect.runPromise(on.system.inspect(makeAddress("demo", "session", sessionId)))).state as SessionState

/** A session with one participant (Noa) in Pause: four cards dealt face up, one picked and revealed. */
const startSession = async (on: TestServer, facilitator: string, participant: string) => {
  const session = (await post(on, "/api/sessions", { title: "Copilot" }, facilitator)).body
  const sessionId = session.addr.slice("session/".length) as string
  expect((await post(on, `/api/sessions/${sessionId}/decks`, {}, facilitator)).status).toBe(200)
  // A display name: the summary names a consenting participant by it, never by their user id.
  await command(on, sessionId, participant, { type: "join", joinCode: session.code, displayName: "Noa" })
  await command(on, sessionId, facilitator, { type: "advancePhase" })
  await command(on, sessionId, facilitator, { type: "drawCards", deckId: "studio-sample", count: 4, faceDown: false, picksPerPerson: 1 })
  const draw = (await stateOf(on, sessionId)).draws[0]!
  await command(on, sessionId, participant, { type: "pickCard", drawId: draw.drawId, cardId: draw.cardIds[0] })
  await command(on, sessionId, facilitator, { type: "revealPicks", drawId: draw.drawId })
  return { sessionId, picked: draw.cardIds[0]!, dealt: [...draw.cardIds] }
}

let facilitator: string
let participant: string
let sessionId: string
let picked: string
let dealt: string[]

/** The coach as a node runs it (the read side's retriever), once the read side exists. */
let retriever: Retriever | undefined
const lazyRetriever: Retriever = { retrieve: (request) => retriever!.retrieve(request) }

beforeAll(async () => {
  standIn = await startOpenAiStandIn({ apiKey: "sk-standin" })
  server = await startTestServer({
    kinds: actorKinds,
    readSide: (log, dir) => startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } }),
    gateway: { coach: { retriever: lazyRetriever, model: switchable } },
  })
  retriever = readSideRetriever(server.readSide!)
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
  facilitator = await login(server, "facilitator@demo.example")
  participant = await login(server, "participant1@demo.example")
  ;({ sessionId, picked, dealt } = await startSession(server, facilitator, participant))
  // The read side builds the organization's card library after the seed, on its own schedule.
  await vi.waitFor(async () => expect((await call(server, "/api/cards?limit=1", facilitator)).body.items?.length ?? 0).toBeGreaterThan(0), {
    timeout: 60_000,
    interval: 50,
  })
}, 120_000)
afterAll(async () => {
  current = extractiveLanguageModel()
  await server?.dispose()
  await standIn?.close()
})

const questions = (language?: string) => call(server, `/api/sessions/${sessionId}/copilot/questions`, facilitator, language)
const summary = (language?: string) => call(server, `/api/sessions/${sessionId}/copilot/summary`, facilitator, language)
const withStandIn = async <T>(run: () => Promise<T>): Promise<T> => {
  current = openAiLanguageModel({ baseURL: standIn.baseURL, apiKey: "sk-standin", model: "copilot-standin" })
  try {
    return await run()
  } finally {
    current = extractiveLanguageModel()
  }
}

interface Question {
  readonly text: string
  readonly citations: ReadonlyArray<{ number: number; cardId: string; word: string }>
}
interface Source {
  readonly number: number
  readonly cardId: string
  readonly why: string
  readonly question: string
  readonly word: string
}

describe("reflection questions", () => {
  it("come from the extractive default: the picked card first, then the deals, then a card for the phase, each citing its card", async () => {
    const reply = await questions()
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ sessionId, phase: "Pause", language: "en", generatedBy: "extractive", model: "extractive" })
    const items = reply.body.questions as Question[]
    const sources = reply.body.sources as Source[]
    expect(items).toHaveLength(4)
    expect(sources[0]).toMatchObject({ cardId: picked, why: "picked" })
    expect(sources.slice(1, 3).every((s) => s.why === "dealt" && dealt.includes(s.cardId))).toBe(true)
    expect(sources[3]!.why).toBe("phase")
    const english = builtInCardTexts("studio-sample", picked, "en")!
    expect(items[0]!.text).toBe(`Someone picked “${english.word}”. ${english.question}`)
    for (const item of items) {
      const source = sources.find((s) => s.number === item.citations[0]!.number)!
      expect(item.text.endsWith(source.question)).toBe(true)
      expect(item.citations[0]).toMatchObject({ cardId: source.cardId, word: source.word })
    }
  })

  it("speak the facilitator's language: Hebrew frames around the cards' Hebrew questions", async () => {
    const reply = await questions("he")
    expect(reply.body.language).toBe("he")
    const hebrew = builtInCardTexts("studio-sample", picked, "he")!
    expect(reply.body.questions[0].text).toBe(`מישהו בחר את „${hebrew.word}”. ${hebrew.question}`)
  })

  it("are drafted by an OpenAI-compatible model through the local stand-in, from the same cards, citing them", async () => {
    standIn.script(() => ({ text: "What edge is this room standing at together? [1][2]\nWhich of these could wait a week? [3]\nNo card here." }))
    const before = standIn.requests.length
    const reply = await withStandIn(() => questions("fr"))
    expect(reply.body).toMatchObject({ generatedBy: "model", model: "openai:copilot-standin", language: "fr" })
    expect((reply.body.questions as Question[]).map((q) => q.citations.map((c) => c.number))).toEqual([[1, 2], [3]])
    expect(reply.body.questions[0].text).toBe("What edge is this room standing at together?")
    const prompt = standIn.requests[before]!.body.messages.map((m) => m.content).join("\n")
    expect(prompt).toContain("in French")
    for (const source of reply.body.sources as Source[]) expect(prompt).toContain(`[${source.number}] card “${source.word}”`)
  })

  it("say so and come from the cards when the stand-in model is unavailable", async () => {
    standIn.script(() => ({ status: 503, error: { message: "overloaded" } }))
    const reply = await withStandIn(() => questions())
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ generatedBy: "extractive", fallback: { code: "unavailable", message: expect.stringMatching(/503/) } })
    expect(reply.body.questions).toHaveLength(4)
  })

  it("follow the phase: after moving on, the phase is the new one and the earlier pick still counts", async () => {
    await command(server, sessionId, facilitator, { type: "advancePhase" })
    const reply = await questions()
    expect(reply.body.phase).toBe("Expand")
    expect((reply.body.sources as Source[]).map((s) => s.cardId)).toContain(picked)
  })
})

describe("session summary", () => {
  it("is drafted from the recap: phases, cards dealt and picked, counts, and names nobody who did not consent", async () => {
    const reply = await summary()
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ sessionId, status: "open", generatedBy: "extractive", filename: `summary-${sessionId}.md` })
    expect(reply.body.facts).toMatchObject({ participants: 1, picks: [{ count: 1 }], named: [] })
    const word = builtInCardTexts("studio-sample", picked, "en")!.word
    expect(reply.body.overview).toContain("with 1 participant")
    expect(reply.body.overview).toContain(`1 pick was revealed: “${word}”.`)
    expect(reply.body.markdown).toMatch(/^# Session summary: Copilot\n/)
    expect(reply.body.markdown).toContain("## Cards dealt")
    const state = await stateOf(server, sessionId)
    const person = state.attendance.find((a) => !state.facilitators.includes(a.userId))!
    const name = person.displayName || person.userId
    expect(reply.body.markdown).not.toContain(name)
  })

  it("names a participant beside their card once they consent to insights, in the facilitator's language", async () => {
    await command(server, sessionId, participant, { type: "setInsightsConsent", given: true })
    const state = await stateOf(server, sessionId)
    const person = state.attendance.find((a) => !state.facilitators.includes(a.userId))!
    const name = person.displayName || person.userId
    const reply = await summary("he")
    const hebrew = builtInCardTexts("studio-sample", picked, "he")!.word
    expect(reply.body.markdown).toMatch(/^# סיכום המפגש: Copilot/)
    expect(reply.body.markdown).toContain(`${name} בחר/ה את ${hebrew}`)
    expect(reply.body.overview).not.toContain(name)
  })

  it("keeps a stand-in model's rewording only when it adds nothing, and says why it did not", async () => {
    standIn.script(() => ({ text: "Everyone felt calm and 12 people joined." }))
    const rejected = await withStandIn(() => summary())
    expect(rejected.body).toMatchObject({ generatedBy: "extractive", fallback: { code: "rejected" } })
    standIn.script(() => ({ text: "A session with 1 participant went through Pause and Expand." }))
    const kept = await withStandIn(() => summary())
    expect(kept.body).toMatchObject({ generatedBy: "model", overview: "A session with 1 participant went through Pause and Expand." })
    expect(kept.body.markdown).toContain(kept.body.overview)
  })
})

describe("metering", () => {
  interface ModelUsage {
    readonly model: string
    readonly answers: number
    readonly drafts: number
    readonly promptTokens: number
    readonly completionTokens: number
  }
  /** The organization's AI usage as its admin reads it, once the read side has caught up with every draft recorded so far. */
  const usage = async () => {
    expect(await server.readSide!.waitFor(await Effect.runPromise(server.log.headPosition()))).toBe(true)
    const reply = await call(server, "/api/coach/usage", facilitator)
    expect(reply.status).toBe(200)
    return reply.body as {
      questions: number
      answers: number
      copilotDrafts: number
      promptTokens: number
      completionTokens: number
      byModel: ModelUsage[]
    }
  }
  const usageOf = (report: { byModel: ModelUsage[] }, model: string): ModelUsage =>
    report.byModel.find((m) => m.model === model) ?? { model, answers: 0, drafts: 0, promptTokens: 0, completionTokens: 0 }
  /** How the stand-in counts tokens: about four characters each. */
  const standInTokens = (text: string) => Math.ceil(text.length / 4)
  const promptOf = (request: (typeof standIn.requests)[number]) => request.body.messages.map((m) => m.content).join("\n")
  const STAND_IN = "openai:copilot-standin"

  it("counts questions and a summary drafted by the stand-in model, with their tokens, for the admins and per model", async () => {
    const before = await usage()
    const first = standIn.requests.length
    const questionsText = "What edge is this room standing at together? [1]"
    const overview = "A session with 1 participant went through Pause and Expand."
    standIn.script(() => ({ text: questionsText }))
    const drafted = await withStandIn(() => questions())
    standIn.script(() => ({ text: overview }))
    const summarised = await withStandIn(() => summary())
    expect([drafted.body.generatedBy, summarised.body.generatedBy]).toEqual(["model", "model"])
    const sent = standIn.requests.slice(first)
    expect(sent).toHaveLength(2)
    const promptTokens = standInTokens(promptOf(sent[0]!)) + standInTokens(promptOf(sent[1]!))
    const completionTokens = standInTokens(questionsText) + standInTokens(overview)
    const after = await usage()
    expect(after.copilotDrafts - before.copilotDrafts).toBe(2)
    expect(after.promptTokens - before.promptTokens).toBe(promptTokens)
    expect(after.completionTokens - before.completionTokens).toBe(completionTokens)
    const [was, is] = [usageOf(before, STAND_IN), usageOf(after, STAND_IN)]
    expect(is).toEqual({
      model: STAND_IN,
      answers: 0,
      drafts: was.drafts + 2,
      promptTokens: was.promptTokens + promptTokens,
      completionTokens: was.completionTokens + completionTokens,
    })
    // The coach's own counts stay its questions'.
    expect([after.questions, after.answers]).toEqual([before.questions, before.answers])
    // Metered on the facilitator's own coach actor.
    const lead = (await stateOf(server, sessionId)).facilitators[0]!
    const coach = (await Effect.runPromise(server.system.inspect(makeAddress("demo", "coach", lead)))).state as { copilotDraftIds?: string[] }
    expect(coach.copilotDraftIds).toEqual(expect.arrayContaining([drafted.body.draftId, summarised.body.draftId]))
  })

  it("counts an extractive draft with zero tokens, and a model's rejected rewording under the model whose tokens it used", async () => {
    const before = await usage()
    expect((await questions()).body.generatedBy).toBe("extractive")
    const first = standIn.requests.length
    const invented = "Everyone felt calm and 12 people joined."
    standIn.script(() => ({ text: invented }))
    const rejected = await withStandIn(() => summary())
    expect(rejected.body).toMatchObject({ generatedBy: "extractive", model: "extractive", fallback: { code: "rejected" } })
    const promptTokens = standInTokens(promptOf(standIn.requests[first]!))
    const after = await usage()
    expect(after.copilotDrafts - before.copilotDrafts).toBe(2)
    const [extractiveBefore, extractiveAfter] = [usageOf(before, "extractive"), usageOf(after, "extractive")]
    expect(extractiveAfter).toEqual({ ...extractiveBefore, drafts: extractiveBefore.drafts + 1 })
    const [was, is] = [usageOf(before, STAND_IN), usageOf(after, STAND_IN)]
    expect(is).toEqual({
      ...was,
      drafts: was.drafts + 1,
      promptTokens: was.promptTokens + promptTokens,
      completionTokens: was.completionTokens + standInTokens(invented),
    })
  })

  it("still answers the draft when it cannot be metered, and logs what the meter missed", async () => {
    // A model name longer than the coach actor takes (100 characters) makes the record refused.
    const longName = openAiLanguageModel({ baseURL: standIn.baseURL, apiKey: "sk-standin", model: "m".repeat(120) })
    const errors = vi.spyOn(console, "error").mockImplementation(() => {})
    try {
      standIn.script(() => ({ text: "A session with 1 participant went through Pause and Expand." }))
      current = longName
      const before = await usage()
      const reply = await summary()
      expect(reply.status).toBe(200)
      expect(reply.body.generatedBy).toBe("model")
      const logged = errors.mock.calls.map((args) => String(args[0])).find((line) => line.includes("draft not metered"))
      expect(JSON.parse(logged!)).toMatchObject({ component: "copilot", draftId: reply.body.draftId, purpose: "summary", generatedBy: "model" })
      expect((await usage()).copilotDrafts).toBe(before.copilotDrafts)
    } finally {
      current = extractiveLanguageModel()
      errors.mockRestore()
    }
  })
})

describe("the facilitator's own entries", () => {
  it("stay out of the copilot's card search: the passages query reads only cards when asked, and the caller's entries otherwise", async () => {
    const me = makeAddress("demo", "journal", "u-demo-facilitator")
    const lead: User = { id: "u-demo-facilitator", tenant: "demo", roles: ["facilitator", "admin"] }
    const send = (cmd: object) => Effect.runPromise(server.system.send(me, lead, `j-${++ops}`, cmd))
    await Effect.runPromiseExit(server.system.send(me, lead, `j-${++ops}`, { type: "create" }))
    await send({ type: "writeEntry", entryId: "harbour-note", title: "Harbour", body: "A quiet harbour where I rest and feel safe" })
    await send({ type: "grantConsent", entryId: "harbour-note", coachId: AI_COACH_ID })
    expect(await server.readSide!.waitFor(await Effect.runPromise(server.log.headPosition()))).toBe(true)

    const kinds = async (query: string) =>
      ((await call(server, `/api/coach/passages?q=harbour%20rest%20safe${query}`, facilitator)).body.passages as { kind: string }[]).map(
        (p) => p.kind,
      )
    expect(await kinds("")).toContain("entry")
    expect(await kinds("")).toContain("card")
    expect(await kinds("&only=cards")).not.toContain("entry")
    expect(await kinds("&only=entries")).toEqual(["entry"])
    expect((await call(server, `/api/coach/passages?q=harbour&only=both`, facilitator)).status).toBe(400)

    // The retriever the copilot uses asks for cards only, so the worker never reads the entries for it.
    const viaReadSide = await Effect.runPromise(
      retriever!.retrieve({
        asker: { tenant: "demo", userId: lead.id, roles: lead.roles },
        query: "harbour rest safe",
        limit: 4,
        include: { cards: true, entries: false },
      }),
    )
    expect(viaReadSide.map((p) => p.kind)).not.toContain("entry")
    expect(viaReadSide.length).toBeGreaterThan(0)
  })
})

describe("problems", () => {
  it("answers 401 without a token, 403 for a participant, 404 for an unknown or foreign session", async () => {
    for (const kind of ["questions", "summary"]) {
      expect((await call(server, `/api/sessions/${sessionId}/copilot/${kind}`)).status).toBe(401)
      expect((await call(server, `/api/sessions/${sessionId}/copilot/${kind}`, participant)).status).toBe(403)
      expect((await call(server, `/api/sessions/no-such-session/copilot/${kind}`, facilitator)).status).toBe(404)
      const other = await login(server, "admin@other.example")
      expect((await call(server, `/api/sessions/${sessionId}/copilot/${kind}`, other)).status).toBe(404)
    }
  })

  it("on a node without a read side, questions say so (503) and the summary still works", async () => {
    const bare = await startTestServer({ kinds: actorKinds })
    try {
      await seedDemo(bare.system, bare.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
      const lead = await login(bare, "facilitator@demo.example")
      const session = (await post(bare, "/api/sessions", { title: "Bare" }, lead)).body
      const id = session.addr.slice("session/".length)
      const reply = await call(bare, `/api/sessions/${id}/copilot/questions`, lead)
      expect(reply).toMatchObject({ status: 503, body: { code: "unavailable", detail: COPILOT_NEEDS_READ_SIDE } })
      expect((await call(bare, `/api/sessions/${id}/copilot/summary`, lead)).status).toBe(200)
    } finally {
      await bare.dispose()
    }
  })
})
