import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { isRejection, type CommandContext } from "../../engine/actor-kind.ts"
import { makeTestContext, testAddress, testUser } from "../../engine/testing/context.ts"
import { SYSTEM_USER_ID } from "../journal/rules.ts"
import { decide, evolve, initialState, type CoachState } from "./decider.ts"
import { canRead } from "./rules.ts"
import { CoachEvent as CoachEventSchema, MAX_DRAFT_IDS, type CoachCommand, type CoachEvent } from "./protocol.ts"
import { usageOf } from "./testing/usage-fold.ts"

const addr = testAddress("coach", "user-1")
const asker = makeTestContext(addr)
const node: CommandContext = { ...asker, user: testUser(SYSTEM_USER_ID, ["admin"]) }

const run = (commands: readonly [CoachCommand, CommandContext][]): { state: CoachState; events: CoachEvent[] } => {
  let state = initialState(addr)
  const events: CoachEvent[] = []
  for (const [command, ctx] of commands) {
    const decision = decide(state, command, ctx)
    if (isRejection(decision)) throw new Error(decision.message)
    for (const event of decision) {
      events.push(event)
      state = evolve(state, event, { seq: events.length, by: ctx.user.id, at: ctx.now })
    }
  }
  return { state, events }
}

const answer = {
  type: "recordAnswer",
  questionId: "q1",
  text: "Pause [1].",
  citations: [{ number: 1, ref: "card:deck-1/pause", label: "Pause" }],
  kind: "model",
  model: "extractive",
  promptTokens: 40,
  completionTokens: 5,
} as const

const draft = {
  type: "recordCopilotDraft",
  draftId: "d1",
  purpose: "questions",
  sessionId: "s1",
  generatedBy: "model",
  model: "openai:gpt-4o-mini",
  promptTokens: 300,
  completionTokens: 60,
} as const

describe("coach decider", () => {
  it("starts a conversation with the first question, records the node's answer, and keeps the asker's feedback", () => {
    const { state, events } = run([
      [{ type: "askQuestion", questionId: "q1", text: "How do I slow down?" }, asker],
      [answer, node],
      [{ type: "giveFeedback", questionId: "q1", helpful: true }, asker],
    ])
    expect(events.map((event) => event.type)).toEqual(["conversationStarted", "questionAsked", "answerGiven", "feedbackGiven"])
    expect(state.turns[0]).toMatchObject({ question: "How do I slow down?", answer: { text: "Pause [1].", promptTokens: 40 }, feedback: "helpful" })
  })

  it("only the node records answers, once per question", () => {
    const { state } = run([[{ type: "askQuestion", questionId: "q1", text: "Why?" }, asker]])
    expect(decide(state, answer, asker)).toMatchObject({ rejected: true, code: "forbidden" })
    const answered = evolve(state, { ...answer, type: "answerGiven" }, { seq: 3, by: SYSTEM_USER_ID, at: 1 })
    expect(decide(answered, answer, node)).toMatchObject({ rejected: true, code: "conflict" })
    expect(decide(state, { ...answer, questionId: "q9" }, node)).toMatchObject({ rejected: true, code: "not_found" })
  })

  it("is its user's alone: another user and guests are refused and cannot read it", () => {
    const state = initialState(addr)
    const other = { ...asker, user: testUser("user-2") }
    const guest = { ...asker, user: { ...testUser("user-1"), session: "s1" } }
    expect(decide(state, { type: "askQuestion", questionId: "q1", text: "hi" }, other)).toMatchObject({ rejected: true, code: "forbidden" })
    expect(decide(state, { type: "askQuestion", questionId: "q1", text: "hi" }, guest)).toMatchObject({ rejected: true, code: "forbidden" })
    expect(canRead(state, other.user)).toBe(false)
    expect(canRead(state, guest.user)).toBe(false)
    expect(canRead(state, asker.user)).toBe(true)
  })

  it("feedback needs an answer, and a repeated rating changes nothing", () => {
    const { state } = run([[{ type: "askQuestion", questionId: "q1", text: "Why?" }, asker]])
    expect(decide(state, { type: "giveFeedback", questionId: "q1", helpful: false }, asker)).toMatchObject({ code: "conflict" })
    const rated = run([
      [{ type: "askQuestion", questionId: "q1", text: "Why?" }, asker],
      [answer, node],
      [{ type: "giveFeedback", questionId: "q1", helpful: false }, asker],
    ]).state
    expect(decide(rated, { type: "giveFeedback", questionId: "q1", helpful: false }, asker)).toEqual([])
  })

  it("usage counts model answers and tokens, and each question's last feedback once", () => {
    const { events } = run([
      [{ type: "askQuestion", questionId: "q1", text: "Why?" }, asker],
      [answer, node],
      [{ type: "giveFeedback", questionId: "q1", helpful: true }, asker],
      [{ type: "giveFeedback", questionId: "q1", helpful: false }, asker],
      [{ type: "askQuestion", questionId: "q2", text: "I want to hurt myself" }, asker],
      [{ ...answer, questionId: "q2", kind: "crisis", promptTokens: 0, completionTokens: 0, citations: [] }, node],
      [draft, node],
      [{ ...draft, draftId: "d2", purpose: "summary", generatedBy: "extractive", model: "extractive", promptTokens: 0, completionTokens: 0 }, node],
    ])
    expect(usageOf(events.map((event) => ({ asker: "user-1", event })))).toEqual({
      questions: 2,
      answers: 1,
      repliesWithoutModel: 1,
      failed: 0,
      copilotDrafts: 2,
      promptTokens: 340,
      completionTokens: 65,
      helpful: 0,
      notHelpful: 1,
    })
  })

  it("only the node records a copilot draft: the facilitator, another user and another tenant's node are refused", () => {
    const state = initialState(addr)
    expect(decide(state, draft, asker)).toMatchObject({ rejected: true, code: "forbidden" })
    expect(decide(state, draft, { ...asker, user: testUser("user-2", ["admin"]) })).toMatchObject({ rejected: true, code: "forbidden" })
    expect(decide(state, draft, { ...node, user: { ...node.user, tenant: "elsewhere" } })).toMatchObject({ rejected: true, code: "not_found" })
    expect(decide(state, draft, node)).toEqual([{ ...draft, type: "copilotDrafted" }])
  })

  it("recording the same copilot draft again is idempotent: no second event, so it is metered once", () => {
    const { state, events } = run([[draft, node]])
    expect(events).toEqual([{ ...draft, type: "copilotDrafted" }])
    expect(decide(state, draft, node)).toEqual([])
    expect(decide(state, { ...draft, draftId: "d2" }, node)).toEqual([{ ...draft, draftId: "d2", type: "copilotDrafted" }])
  })

  it("remembers the newest draft ids only, and records drafts on a state from before they were metered", () => {
    const { copilotDraftIds: _absent, ...before } = initialState(addr)
    expect(decide(before, draft, node)).toEqual([{ ...draft, type: "copilotDrafted" }])
    let state: CoachState = before
    for (let n = 0; n <= MAX_DRAFT_IDS; n++)
      state = evolve(state, { ...draft, type: "copilotDrafted", draftId: `d${n}` }, { seq: n + 1, by: SYSTEM_USER_ID, at: n })
    expect(state.copilotDraftIds).toHaveLength(MAX_DRAFT_IDS)
    expect(decide(state, { ...draft, draftId: `d${MAX_DRAFT_IDS}` }, node)).toEqual([])
  })

  it("an old log's events still decode beside the new draft event", () => {
    const decode = Schema.decodeUnknownSync(CoachEventSchema)
    const old: unknown[] = [
      { type: "conversationStarted", conversationId: "c1" },
      { type: "questionAsked", questionId: "q1", conversationId: "c1", text: "Why?", language: "en" },
      { ...answer, type: "answerGiven" },
      { type: "feedbackGiven", questionId: "q1", helpful: true },
    ]
    for (const event of old) expect(decode(event)).toEqual(event)
    expect(decode({ ...draft, type: "copilotDrafted" })).toMatchObject({ type: "copilotDrafted", draftId: "d1" })
    expect(() => decode({ ...draft, type: "copilotDrafted", purpose: "poem" })).toThrow()
  })
})
