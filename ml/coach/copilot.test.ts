/**
 * The facilitator copilot: reflection questions grounded in cited cards
 * (the extractive default composes them from the cards' own questions; a
 * model's lines count only when they cite a card), and a session summary
 * from the recap's facts that names only consenting participants and keeps
 * a model's rewording only when it adds no number, name or feeling.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { builtInCardTexts } from "../../actors/cards/sample-deck/localized.ts"
import { SAMPLE_DECK } from "../../actors/cards/sample-deck/index.ts"
import { CONTENT_LANGUAGES, type ContentLanguage } from "../../actors/content-language.ts"
import type { Recap } from "../../actors/session/recap.ts"
import { extractiveLanguageModel } from "../llm/extractive.ts"
import { openAiLanguageModel } from "../llm/openai.ts"
import { startOpenAiStandIn, type OpenAiStandIn } from "../testing/openai-standin.ts"
import { chooseSources, draftQuestions, parseQuestions, type CardTexts, type SessionCardRef } from "./copilot-questions.ts"
import { draftSummary, rewordingProblem, summaryFacts, summaryMarkdown } from "./copilot-summary.ts"

const texts =
  (language: ContentLanguage) =>
  (deckId: string, cardId: string): CardTexts | undefined => {
    const t = builtInCardTexts(deckId, cardId, language)
    return t && { deckId, cardId, word: t.word, question: t.question, themes: t.themes, language: t.language }
  }
const [c1, c2, c3, c4, c5] = SAMPLE_DECK.cards.map((c) => c.cardId)
const deck = SAMPLE_DECK.deckId
const session: SessionCardRef[] = [
  { deckId: deck, cardId: c1!, why: "dealt", count: 1, thisPhase: true },
  { deckId: deck, cardId: c2!, why: "dealt", count: 1, thisPhase: true },
  { deckId: deck, cardId: c2!, why: "picked", count: 3, thisPhase: true },
  { deckId: deck, cardId: c3!, why: "picked", count: 1, thisPhase: false },
]
const retrieved = [c4!, c5!, c1!].map((id) => texts("en")(deck, id)!)

describe("reflection questions", () => {
  it("cite the session's picks first, then its deals, then a card for the phase's themes", () => {
    const sources = chooseSources(session, retrieved, texts("en"))
    expect(sources.map((s) => [s.cardId, s.why])).toEqual([
      [c2, "picked"],
      [c1, "dealt"],
      [c3, "picked"],
      [c4, "phase"],
    ])
    expect(sources.map((s) => s.number)).toEqual([1, 2, 3, 4])
    expect(sources[0]!.picks).toBe(3)
  })

  it("are composed by the extractive default from the cards' own questions only, one citation each, in every language", async () => {
    for (const language of CONTENT_LANGUAGES) {
      const sources = chooseSources(session, retrieved, texts(language))
      const draft = await draftQuestions({ sources, phase: "Focus", language, model: extractiveLanguageModel() })
      expect(draft).toMatchObject({ generatedBy: "extractive", model: "extractive" })
      expect(draft.questions).toHaveLength(4)
      draft.questions.forEach((question, i) => {
        expect(question.citations).toEqual([{ number: i + 1, deckId: deck, cardId: sources[i]!.cardId, word: sources[i]!.word }])
        expect(question.text.endsWith(sources[i]!.question), language).toBe(true)
      })
    }
    const hebrew = await draftQuestions({
      sources: chooseSources(session, retrieved, texts("he")),
      phase: "Focus",
      language: "he",
      model: extractiveLanguageModel(),
    })
    expect(hebrew.questions[0]!.text).toMatch(/^3 מכם בחרו את „/)
  })

  it("keep a model's lines only when they cite a card, and drop the citation marks from the text", () => {
    const sources = chooseSources(session, retrieved, texts("en"))
    const parsed = parseQuestions("1. What edge are you at together? [1][2]\nA line with no card.\n- Which step [9] could wait?\n", sources)
    expect(parsed).toEqual([
      { text: "What edge are you at together?", citations: [expect.objectContaining({ number: 1 }), expect.objectContaining({ number: 2 })] },
    ])
  })
})

describe("reflection questions from an OpenAI-compatible model (through the local stand-in)", () => {
  let standIn: OpenAiStandIn
  beforeAll(async () => {
    standIn = await startOpenAiStandIn({ apiKey: "sk-standin" })
  })
  afterAll(() => standIn.close())
  const model = () => openAiLanguageModel({ baseURL: standIn.baseURL, apiKey: "sk-standin", model: "copilot-test" })

  it("drafts from the same numbered cards, in the facilitator's language, and cites them", async () => {
    standIn.script(() => ({ text: "Where does this card meet your week? [1]\nWhat would a first step look like? [2][4]" }))
    const before = standIn.requests.length
    const sources = chooseSources(session, retrieved, texts("de"))
    const draft = await draftQuestions({ sources, phase: "Doing", language: "de", model: model() })
    expect(draft).toMatchObject({ generatedBy: "model", model: "openai:copilot-test" })
    expect(draft.questions.map((q) => q.citations.map((c) => c.number))).toEqual([[1], [2, 4]])
    const prompt = standIn.requests[before]!.body.messages.map((m) => m.content).join("\n")
    expect(prompt).toContain("in German")
    for (const source of sources) expect(prompt).toContain(`[${source.number}] card “${source.word}”`)
  })

  it("falls back to the cards' own questions, saying why, when the model fails or cites nothing", async () => {
    const sources = chooseSources(session, retrieved, texts("en"))
    standIn.script(() => ({ status: 503, error: { message: "overloaded" } }))
    const failed = await draftQuestions({ sources, phase: "Pause", language: "en", model: model() })
    expect(failed).toMatchObject({ generatedBy: "extractive", fallback: { code: "unavailable" } })
    expect(failed.questions).toHaveLength(4)
    standIn.script(() => ({ text: "A question with no card at all?" }))
    const uncited = await draftQuestions({ sources, phase: "Pause", language: "en", model: model() })
    expect(uncited).toMatchObject({ generatedBy: "extractive", fallback: { code: "uncited" } })
  })

  it("rewords a summary only without new numbers, names or feelings", async () => {
    const facts = summaryFacts({ recap: recap(), consented: new Set(), anonymised: false, now: 0 })
    standIn.script(() => ({ text: "In 45 minutes, 3 participants went through Pause and Focus, with 3 cards dealt." }))
    const kept = await draftSummary({ facts, language: "en", model: model(), unnamed: ["Ana", "Ben", "Cy"] })
    expect(kept).toMatchObject({ generatedBy: "model", overview: expect.stringContaining("45 minutes") })
    expect(kept.markdown).toContain(kept.overview)
    standIn.script(() => ({ text: "The 3 participants felt energised after 45 minutes." }))
    const feeling = await draftSummary({ facts, language: "en", model: model(), unnamed: [] })
    expect(feeling).toMatchObject({ generatedBy: "extractive", fallback: { code: "rejected", message: expect.stringMatching(/feelings/) } })
    const prompts = standIn.requests.map((r) => r.body.messages.map((m) => m.content).join("\n")).join("\n")
    expect(prompts).not.toMatch(/Ana|Ben/)
  })
})

const recap = (): Recap => ({
  recapVersion: 1,
  session: {
    id: "s1",
    title: "Team retreat",
    status: "ended",
    journey: null,
    createdAt: "2026-12-07T10:00:00.000Z",
    endedAt: "2026-12-07T10:45:00.000Z",
    minutes: 45,
    facilitators: ["fac"],
    coFacilitators: [],
  },
  attendance: [
    { userId: "fac", name: "Faye", joinedAt: "2026-12-07T10:00:00.000Z", leftAt: null, removed: false },
    { userId: "ana", name: "Ana", joinedAt: "2026-12-07T10:01:00.000Z", leftAt: null, removed: false },
    { userId: "ben", name: "Ben", joinedAt: "2026-12-07T10:01:00.000Z", leftAt: null, removed: false },
    { userId: "cy", name: "Cy", joinedAt: "2026-12-07T10:02:00.000Z", leftAt: null, removed: false },
  ],
  timeline: [
    { at: "2026-12-07T10:05:00.000Z", phase: "Pause", activity: 0, activityTitle: "Arrive" },
    { at: "2026-12-07T10:15:00.000Z", phase: "Focus", activity: null, activityTitle: null },
  ],
  draws: [
    {
      drawId: "d1",
      deck: "Studio sample deck",
      faceDown: false,
      count: 3,
      at: "2026-12-07T10:06:00.000Z",
      cards: ["Threshold", "Harbour", "Compass"],
    },
  ],
  picks: [
    { drawId: "d1", userId: "ana", name: "Ana", cardId: "sample-01", word: "Threshold", revealed: true },
    { drawId: "d1", userId: "ben", name: "Ben", cardId: "sample-01", word: "Threshold", revealed: true },
    { drawId: "d1", userId: "cy", name: "Cy", cardId: "sample-02", word: "Harbour", revealed: true },
  ],
  polls: [],
  breakouts: null,
})

describe("session summary", () => {
  it("states the recap's facts: minutes, people, phases, cards dealt and picked", async () => {
    const facts = summaryFacts({ recap: recap(), consented: new Set(), anonymised: false, now: 0 })
    expect(facts).toMatchObject({
      minutes: 45,
      participants: 3,
      phases: [
        { phase: "Pause", minutes: 10, activities: ["Arrive"] },
        { phase: "Focus", minutes: 30, activities: [] },
      ],
      picks: [
        { word: "Threshold", count: 2 },
        { word: "Harbour", count: 1 },
      ],
      named: [],
    })
    const draft = await draftSummary({ facts, language: "en", model: extractiveLanguageModel(), unnamed: ["Ana", "Ben", "Cy"] })
    expect(draft.overview).toBe(
      "The session ran for 45 min with 3 participants. It went through Pause and Focus. 3 cards were dealt in 1 spread. 3 picks were revealed; the card picked most was “Threshold” (2).",
    )
    expect(draft.markdown).toMatch(/^# Session summary: Team retreat\n/)
    expect(draft.markdown).toContain("- Pause: 10 min (Arrive)")
    expect(draft.markdown).not.toMatch(/Ana|Ben|Cy/)
  })

  it("says a session shorter than a minute ran for under a minute, not for 0 min", async () => {
    const short = recap()
    const facts = summaryFacts({
      recap: { ...short, session: { ...short.session, endedAt: short.session.createdAt } },
      consented: new Set(),
      anonymised: false,
      now: 0,
    })
    const draft = await draftSummary({ facts, language: "en", model: extractiveLanguageModel(), unnamed: [] })
    expect(draft.overview).toMatch(/^The session ran for under a minute with 3 participants\./)
  })

  it("gives a phase shorter than a minute as under a minute, in every language", () => {
    const short = recap()
    const facts = summaryFacts({
      recap: { ...short, timeline: [{ at: "2026-12-07T10:44:40.000Z", phase: "Doing", activity: null, activityTitle: null }] },
      consented: new Set(),
      anonymised: false,
      now: 0,
    })
    expect(facts.phases).toEqual([{ phase: "Doing", minutes: 0, activities: [] }])
    expect(summaryMarkdown(facts, "", "en")).toContain("- Doing: under a minute")
    for (const language of ["he", "es", "de", "fr"] as const) expect(summaryMarkdown(facts, "", language)).not.toMatch(/\b0\b/)
  })

  it("never names someone by their id: a consenting participant without a display name is counted, not named", () => {
    const nameless = recap()
    const picks = nameless.picks.map((p) => (p.userId === "ana" ? { ...p, name: "ana" } : p))
    const facts = summaryFacts({ recap: { ...nameless, picks }, consented: new Set(["ana", "cy"]), anonymised: false, now: 0 })
    expect(facts.named).toEqual([{ name: "Cy", word: "Harbour" }])
    expect(facts.picks).toEqual([
      { word: "Threshold", count: 2 },
      { word: "Harbour", count: 1 },
    ])
  })

  it("names a participant only with consent to insights, and nobody in an anonymised room", () => {
    const consented = summaryFacts({ recap: recap(), consented: new Set(["ana"]), anonymised: false, now: 0 })
    expect(consented.named).toEqual([{ name: "Ana", word: "Threshold" }])
    expect(summaryMarkdown(consented, "", "en")).toContain("- Ana picked Threshold")
    expect(summaryMarkdown(consented, "", "en")).not.toMatch(/Ben|Cy/)
    expect(summaryFacts({ recap: recap(), consented: new Set(["ana"]), anonymised: true, now: 0 }).named).toEqual([])
  })

  it("words itself in the facilitator's language, card words translated", async () => {
    const he = texts("he")
    const wordOf = (_draw: string, word: string) => he(deck, SAMPLE_DECK.cards.find((c) => c.word === word)!.cardId)!.word
    const facts = summaryFacts({ recap: recap(), consented: new Set(), anonymised: false, now: 0, wordOf })
    const draft = await draftSummary({ facts, language: "he", model: extractiveLanguageModel(), unnamed: [] })
    expect(draft.markdown).toMatch(/^# סיכום המפגש: Team retreat/)
    expect(draft.overview).toContain(wordOf("d1", "Threshold"))
    expect(draft.overview).toContain("עצירה")
  })

  it("refuses a rewording with a number, a name or a feeling the facts do not hold", () => {
    const facts = "The session ran for 45 min with 3 participants."
    expect(rewordingProblem("Over 45 minutes, 3 people took part.", facts, "en", ["Ana"])).toBeUndefined()
    expect(rewordingProblem("Over 50 minutes, 3 people took part.", facts, "en", [])).toMatch(/number/)
    expect(rewordingProblem("Ana led 3 people for 45 min.", facts, "en", ["Ana"])).toMatch(/named/)
    expect(rewordingProblem("Die 3 Teilnehmenden waren 45 Min. lang glücklich.", facts, "de", [])).toMatch(/feelings/)
  })
})
