import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { extractiveLanguageModel } from "../llm/extractive.ts"
import { openAiLanguageModel } from "../llm/openai.ts"
import type { LanguageModel } from "../llm/port.ts"
import type { Asker } from "../retrieval/port.ts"
import { startOpenAiStandIn, type OpenAiStandIn } from "../testing/openai-standin.ts"
import { makeCoach, type CoachStreamEvent } from "./coach.ts"
import { AI_COACH_FIXTURE_ID, fixtureRetriever, type FixtureWorld } from "./testing/fixture-retriever.ts"
import { memoryRecorder } from "./testing/memory-recorder.ts"

const asker: Asker = { tenant: "org-1", userId: "dana", roles: ["participant"] }
const world: FixtureWorld = {
  tiersOf: () => ["free"],
  cards: [
    { deckId: "deck-1", cardId: "pause", word: "Pause", question: "What would change if you slowed down today?", themes: ["rest"], tier: "free" },
    { deckId: "deck-1", cardId: "bridge", word: "Bridge", question: "Who helps you slow down and cross over?", themes: ["support"], tier: "pro" },
  ],
  entries: [
    {
      entryId: "e1",
      title: "Monday with Noa Levi",
      text: "Noa Levi (noa@example.com) said I should slow down. I agreed.",
      writtenAt: "2026-01-05T10:00:00Z",
      ownerId: "dana",
      tenant: "org-1",
      coachIds: [AI_COACH_FIXTURE_ID],
    },
  ],
}

const collect = async (stream: AsyncIterable<CoachStreamEvent>) => {
  const events: CoachStreamEvent[] = []
  for await (const event of stream) events.push(event)
  return {
    events,
    text: events.map((e) => (e.type === "delta" ? e.text : "")).join(""),
    citations: events.flatMap((e) => (e.type === "citations" ? e.citations : [])),
  }
}

const coachWith = (model: LanguageModel) => {
  const recorder = memoryRecorder()
  const coach = makeCoach({ retriever: fixtureRetriever(world), model, recorder, people: () => ["Noa Levi", "Dana Cohen"] })
  return { coach, recorder }
}

let standIn: OpenAiStandIn
beforeAll(async () => {
  standIn = await startOpenAiStandIn()
})
afterAll(() => standIn.close())
const outside = () => openAiLanguageModel({ baseURL: standIn.baseURL, apiKey: "k", model: "standin-chat" })

describe("coach", () => {
  it("answers from what was retrieved, streams deltas, then citations, then done, and records it all", async () => {
    const { coach, recorder } = coachWith(extractiveLanguageModel())
    const { events, text, citations } = await collect(await coach.ask({ asker, questionId: "q1", question: "How can I slow down?", language: "en" }))
    expect(events.map((e) => e.type)).toEqual(["delta", "delta", "citations", "done"])
    expect(text).toContain("Pause")
    // Best first across kinds: the entry shares more words with the question than the card does.
    expect(citations.map((c) => c.ref)).toEqual(["entry:e1", "card:deck-1/pause"])
    expect(text).not.toContain("Bridge")
    const turn = recorder.state(asker).turns[0]!
    expect(turn.answer).toMatchObject({ kind: "model", model: "extractive", citations })
    expect(turn.answer!.promptTokens).toBeGreaterThan(0)
  })

  it("strips members' names and emails before calling an outside model (through the stand-in)", async () => {
    const { coach } = coachWith(outside())
    const before = standIn.requests.length
    await collect(await coach.ask({ asker, questionId: "q1", question: "Dana Cohen here, how do I slow down like Noa said?", language: "en" }))
    const prompt = JSON.stringify(standIn.requests.slice(before).map((request) => request.body.messages))
    expect(prompt).toContain("slow down")
    for (const person of ["Noa", "Levi", "Dana", "Cohen", "noa@example.com"]) expect(prompt).not.toContain(person)
    expect(prompt).toContain("[name]")
    expect(prompt).toContain("[email]")
  })

  it("drops a citation of anything that was not retrieved (through the stand-in)", async () => {
    standIn.script(() => ({ text: "Slow down [1]. Ask for help [7]. Rest [2]." }))
    const { coach, recorder } = coachWith(outside())
    const { citations } = await collect(await coach.ask({ asker, questionId: "q1", question: "How do I slow down?", language: "en" }))
    expect(citations.map((c) => c.number)).toEqual([1, 2])
    expect(recorder.state(asker).turns[0]!.answer!.citations).toHaveLength(2)
    standIn.script((request) => ({ text: request.body.messages.length > 0 ? "Slow down [1]." : "" }))
  })

  it("answers crisis language kindly, in the asker's language, without calling the model", async () => {
    const { coach, recorder } = coachWith(outside())
    const before = standIn.requests.length
    const questions = [
      ["en", "I want to kill myself"],
      ["he", "אני רוצה להתאבד"],
      ["es", "He pensado en el suicidio"],
      ["de", "Ich denke an Selbstmord"],
      ["fr", "J'ai envie de mourir"],
    ]
    for (const [language, question] of questions) {
      const { text, citations } = await collect(await coach.ask({ asker, questionId: `q-${language}`, question: question!, language: language! }))
      expect(text).toMatch(/112|101|911/)
      expect(citations).toEqual([])
    }
    expect(standIn.requests.length).toBe(before)
    expect(recorder.state(asker).turns.map((turn) => turn.answer?.kind)).toEqual(["crisis", "crisis", "crisis", "crisis", "crisis"])
  })

  it("says so when nothing the asker may see speaks to the question, without calling the model", async () => {
    const { coach } = coachWith(outside())
    const before = standIn.requests.length
    const { events } = await collect(await coach.ask({ asker, questionId: "q1", question: "quantum chromodynamics", language: "en" }))
    expect(events.at(-1)).toMatchObject({ type: "done", kind: "nothing" })
    expect(standIn.requests.length).toBe(before)
  })

  it("a model that fails mid-answer ends the stream with its typed error and records a failed answer", async () => {
    standIn.script(() => ({ status: 503, error: { message: "overloaded" } }))
    const { coach, recorder } = coachWith(outside())
    const { events } = await collect(await coach.ask({ asker, questionId: "q1", question: "How do I slow down?", language: "en" }))
    expect(events.at(-1)).toMatchObject({ type: "error", code: "unavailable" })
    expect(recorder.state(asker).turns[0]!.answer!.kind).toBe("failed")
    standIn.script(() => ({ text: "Slow down [1]." }))
  })

  it("sends the conversation's earlier turns, in order and within the budget, to the OpenAI-compatible stand-in", async () => {
    standIn.script(() => ({ text: "Slow down [1]." }))
    const recorder = memoryRecorder()
    // Room for the two latest earlier turns only: each is its question plus "Slow down (“Pause”)." (20 characters).
    const budget = "What helps me rest?".length + "Who can I call?".length + 2 * 20
    const coach = makeCoach({
      retriever: fixtureRetriever(world),
      model: outside(),
      recorder,
      people: () => ["Noa Levi"],
      historyBudgetChars: budget,
    })
    const questions = ["How can I slow down?", "What helps me rest?", "I want to kill myself", "Who can I call?", "How do I slow down this week?"]
    const before = standIn.requests.length
    for (const [i, question] of questions.entries()) await collect(await coach.ask({ asker, questionId: `h${i}`, question, language: "en" }))
    const last = standIn.requests.at(-1)!.body.messages
    expect(standIn.requests.length - before).toBe(4)
    expect(last.map((message) => message.role)).toEqual(["system", "user", "assistant", "user", "assistant", "user"])
    // The oldest turn did not fit and the crisis turn is never carried: what is left is in order, numbers turned into card words.
    expect(last.slice(1).map((message) => message.content)).toEqual([
      "What helps me rest?",
      "Slow down (“Pause”).",
      "Who can I call?",
      "Slow down (“Pause”).",
      "How do I slow down this week?",
    ])
    expect(JSON.stringify(last)).not.toContain("kill")
  })

  it("an earlier answer's sentences citing a journal entry are not sent again, and names stay stripped (through the stand-in)", async () => {
    // Best first: the entry shares more words with the question than the card, so it is source 1.
    standIn.script((request) => ({ text: request.body.messages.length === 2 ? "Noa Levi said so too [1]. Slow down [2]." : "Rest [1]." }))
    const { coach } = coachWith(outside())
    await collect(await coach.ask({ asker, questionId: "e1", question: "How can I slow down?", language: "en" }))
    await collect(await coach.ask({ asker, questionId: "e2", question: "And at home?", language: "en" }))
    const messages = standIn.requests.at(-1)!.body.messages
    expect(messages.slice(1)).toEqual([
      { role: "user", content: "How can I slow down?" },
      { role: "assistant", content: "Slow down (“Pause”)." },
      { role: "user", content: "And at home?" },
    ])
    expect(JSON.stringify(messages)).not.toContain("said so too")
    expect(JSON.stringify(messages)).not.toContain("Noa")
    standIn.script(() => ({ text: "Slow down [1]." }))
  })

  it("the extractive coach searches a short follow-up together with the previous question", async () => {
    const desk = {
      deckId: "deck-1",
      cardId: "desk",
      word: "Desk",
      question: "What would your work look like at half the speed?",
      themes: ["work"],
      tier: "free",
    }
    const recorder = memoryRecorder()
    const coach = makeCoach({
      retriever: fixtureRetriever({ ...world, cards: [...world.cards, desk], entries: [] }),
      model: extractiveLanguageModel(),
      recorder,
      people: () => [],
    })
    await collect(await coach.ask({ asker, questionId: "f1", question: "How can I slow down?", language: "en" }))
    const { citations } = await collect(await coach.ask({ asker, questionId: "f2", question: "And at work?", language: "en" }))
    expect(citations.map((c) => c.ref).sort()).toEqual(["card:deck-1/desk", "card:deck-1/pause"])
    const fresh = makeCoach({
      retriever: fixtureRetriever({ ...world, cards: [...world.cards, desk], entries: [] }),
      model: extractiveLanguageModel(),
      recorder: memoryRecorder(),
      people: () => [],
    })
    const alone = await collect(await fresh.ask({ asker, questionId: "f3", question: "And at work?", language: "en" }))
    expect(alone.citations.map((c) => c.ref)).toEqual(["card:deck-1/desk"])
  })

  it("refuses a guest before anything is retrieved or answered", async () => {
    const { coach, recorder } = coachWith(extractiveLanguageModel())
    await expect(coach.ask({ asker: { ...asker, roles: ["guest"] }, questionId: "q1", question: "hello", language: "en" })).rejects.toThrow(
      /guests do not use the coach/,
    )
    expect(recorder.events).toEqual([])
  })
})
