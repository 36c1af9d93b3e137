import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { actorKinds } from "../../actors/index.ts"
import { extractiveLanguageModel } from "../../ml/llm/extractive.ts"
import { AI_COACH_FIXTURE_ID, fixtureRetriever } from "../../ml/coach/testing/fixture-retriever.ts"
import { seedDemo } from "../seed.ts"
import { Effect } from "effect"
import { readSideWithCountedGatewayLog, type LogReads } from "../testing/counting-log.ts"
import { TEST_SCRYPT_COST, startTestServer, type TestServer } from "../testing/harness.ts"

const PASSWORD = "demo-password-1"
const retriever = fixtureRetriever({
  tiersOf: () => ["free"],
  cards: [
    { deckId: "deck-1", cardId: "pause", word: "Pause", question: "What would change if you slowed down today?", themes: ["rest"], tier: "free" },
  ],
  entries: [
    {
      entryId: "e1",
      title: "Monday",
      text: "I want to slow down this week.",
      writtenAt: "2026-01-05T10:00:00Z",
      ownerId: "u-demo-participant1",
      tenant: "demo",
      coachIds: [AI_COACH_FIXTURE_ID],
    },
  ],
})

let server: TestServer
let bare: TestServer
let gatewayReads: LogReads
const tokens: Record<string, string> = {}

const call = async (target: TestServer, method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${target.http}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  })
  const text = await response.text()
  return { status: response.status, type: response.headers.get("content-type") ?? "", text, json: () => JSON.parse(text) }
}

/** Server-Sent Events as (event, data) pairs. */
const sseEvents = (text: string) =>
  text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message"
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n")
      return { event, data: JSON.parse(data) }
    })

beforeAll(async () => {
  const counted = readSideWithCountedGatewayLog()
  gatewayReads = counted.reads
  ;[server, bare] = await Promise.all([
    startTestServer({
      kinds: actorKinds,
      ...counted.options,
      gateway: { ...counted.options.gateway, coach: { retriever, model: extractiveLanguageModel() } },
    }),
    startTestServer({ kinds: actorKinds }),
  ])
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
  for (const [who, email] of [
    ["participant", "participant1@demo.example"],
    ["admin", "facilitator@demo.example"],
  ] as const) {
    tokens[who] = (await call(server, "POST", "/api/auth/login", { email, password: PASSWORD })).json().token
  }
  tokens["guest"] = await server.tokens.issue({ user: { id: "g1", tenant: "demo", roles: ["guest"] }, scope: "session/s1" }, "access")
}, 60_000)
afterAll(async () => {
  await Promise.all([server?.stop(), bare?.stop()])
})

describe("coach routes", () => {
  it("streams an answer as Server-Sent Events: deltas, then citations, then done", async () => {
    const reply = await call(
      server,
      "POST",
      "/api/coach/ask",
      { question: "How do I slow down?", questionId: "q1", language: "en" },
      tokens["participant"],
    )
    expect(reply.status).toBe(200)
    expect(reply.type).toContain("text/event-stream")
    const events = sseEvents(reply.text)
    expect(events.map((e) => e.event)).toEqual(["delta", "delta", "citations", "done"])
    expect(events[2]!.data.citations.map((c: { ref: string }) => c.ref)).toEqual(["entry:e1", "card:deck-1/pause"])
    expect(events[3]!.data).toMatchObject({ questionId: "q1", kind: "model", model: "extractive" })
  })

  it("keeps the history and the asker's feedback, and meters the organization for its admins", async () => {
    expect((await call(server, "POST", "/api/coach/feedback", { questionId: "q1", helpful: true }, tokens["participant"])).status).toBe(200)
    const history = (await call(server, "GET", "/api/coach/history", undefined, tokens["participant"])).json()
    expect(history.turns[0]).toMatchObject({ questionId: "q1", question: "How do I slow down?", feedback: "helpful", answer: { kind: "model" } })
    expect((await call(server, "GET", "/api/coach/history", undefined, tokens["admin"])).json().turns).toEqual([])
    // The usage is a read model: once it has caught up with the feedback, the gateway answers without reading the log.
    expect(await server.readSide!.waitFor(await Effect.runPromise(server.log.headPosition()))).toBe(true)
    const logReadsBefore = gatewayReads.readAll
    const usage = await call(server, "GET", "/api/coach/usage", undefined, tokens["admin"])
    expect(usage.json()).toMatchObject({ configured: true, complete: true, questions: 1, answers: 1, copilotDrafts: 0, helpful: 1, notHelpful: 0 })
    expect(usage.json().promptTokens).toBeGreaterThan(0)
    expect(usage.json().byModel).toEqual([
      { model: "extractive", answers: 1, drafts: 0, promptTokens: usage.json().promptTokens, completionTokens: usage.json().completionTokens },
    ])
    expect(gatewayReads.readAll).toBe(logReadsBefore)
    // A range: none of it was asked before 2000; the query string is checked like every other.
    expect((await call(server, "GET", "/api/coach/usage?to=2000-01-01T00:00:00Z", undefined, tokens["admin"])).json()).toMatchObject({
      questions: 0,
      answers: 0,
    })
    expect((await call(server, "GET", "/api/coach/usage?from=yesterday", undefined, tokens["admin"])).status).toBe(400)
    expect((await call(server, "GET", "/api/coach/usage", undefined, tokens["participant"])).status).toBe(403)
  })

  it("starts a new conversation", async () => {
    const started = await call(server, "POST", "/api/coach/conversations", {}, tokens["participant"])
    expect(started.status).toBe(201)
    const history = (await call(server, "GET", "/api/coach/history", undefined, tokens["participant"])).json()
    expect(history.conversationId).toBe(started.json().conversationId)
  })

  it("refuses guests with a reason, and bad input with a 400 problem that changes nothing", async () => {
    const guest = await call(server, "POST", "/api/coach/ask", { question: "hello" }, tokens["guest"])
    expect(guest.status).toBe(403)
    expect(guest.json().detail).toMatch(/guest/)
    for (const body of [{}, { question: "" }, { question: "x".repeat(1001) }, { question: "hi", language: "not a tag" }, "not json"]) {
      const reply = await call(server, "POST", "/api/coach/ask", body, tokens["participant"])
      expect(reply.status).toBe(400)
      expect(reply.type).toContain("application/problem+json")
    }
    const feedback = await call(server, "POST", "/api/coach/feedback", { questionId: "nope", helpful: true }, tokens["participant"])
    expect(feedback.status).toBe(404)
    expect((await call(server, "POST", "/api/coach/ask", { question: "hi" })).status).toBe(401)
    expect((await call(server, "GET", "/api/coach/history", undefined, tokens["participant"])).json().turns).toHaveLength(1)
  })

  it("says 501 with the reason on a node without the coach", async () => {
    const token = await bare.tokens.issue({ user: { id: "u1", tenant: "demo", roles: ["participant"] } }, "access")
    const reply = await call(bare, "POST", "/api/coach/ask", { question: "hello" }, token)
    expect(reply.status).toBe(501)
    expect(reply.json()).toMatchObject({
      status: 501,
      code: "not_implemented",
      title: "Not implemented",
      detail: expect.stringMatching(/not configured/),
    })
  })
})
