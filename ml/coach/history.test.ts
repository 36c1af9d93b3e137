import { describe, expect, it } from "vitest"
import type { CoachTurn } from "../../actors/coach/index.ts"
import { carriedAnswer, EARLIER_ANSWER_MAX_CHARS, earlierTurnsOf, MAX_EARLIER_TURNS, retrievalQueryOf } from "./history.ts"

const turn = (
  questionId: string,
  question: string,
  answer: Partial<NonNullable<CoachTurn["answer"]>> | null,
  conversationId = "conv-1",
): CoachTurn => ({
  questionId,
  conversationId,
  question,
  language: "en",
  askedAt: 0,
  feedback: null,
  answer:
    answer === null
      ? null
      : {
          text: "Rest [1].",
          citations: [{ number: 1, ref: "card:deck-1/pause", label: "Pause" }],
          kind: "model",
          model: "m",
          promptTokens: 1,
          completionTokens: 1,
          at: 0,
          ...answer,
        },
})

describe("earlier turns of a coach conversation", () => {
  it("keeps the conversation's model-answered turns before the question, oldest first", () => {
    const turns = [
      turn("old", "From another conversation?", {}, "conv-0"),
      turn("q1", "How do I slow down?", {}),
      turn("q2", "I want to kill myself", { kind: "crisis", text: "Please call 112.", citations: [] }),
      turn("q3", "quantum chromodynamics", { kind: "nothing", text: "I found nothing.", citations: [] }),
      turn("q4", "What helps me rest?", { kind: "failed", text: "Half an ans", citations: [] }),
      turn("q5", "And at work?", null),
      turn("q6", "Later question", {}),
    ]
    expect(earlierTurnsOf(turns, "q5")).toEqual([{ question: "How do I slow down?", answer: "Rest (“Pause”)." }])
    expect(earlierTurnsOf(turns, "q1")).toEqual([])
    expect(earlierTurnsOf(turns, "missing")).toEqual([])
  })

  it("keeps the most recent whole turns within the budget and drops the first that does not fit with all older ones", () => {
    const turns = [
      turn("q1", "short one", { text: "Yes [1]." }),
      turn("q2", "x".repeat(500), { text: "Long [1]." }),
      turn("q3", "short three", { text: "Fine [1]." }),
      turn("q4", "now", null),
    ]
    const sizeOf = (question: string, answer: string) => question.length + answer.length
    const lastTwo = sizeOf("short three", "Fine (“Pause”).") + sizeOf("x".repeat(500), "Long (“Pause”).")
    expect(earlierTurnsOf(turns, "q4", lastTwo).map((t) => t.question)).toEqual(["x".repeat(500), "short three"])
    // One character short of the long turn: it and the short one before it both go, leaving no gap.
    expect(earlierTurnsOf(turns, "q4", lastTwo - 1).map((t) => t.question)).toEqual(["short three"])
    const many = [...Array.from({ length: MAX_EARLIER_TURNS + 3 }, (_, i) => turn(`m${i}`, `q${i}`, {})), turn("last", "now", null)]
    expect(earlierTurnsOf(many, "last")).toHaveLength(MAX_EARLIER_TURNS)
    expect(earlierTurnsOf(many, "last").at(-1)!.question).toBe(`q${MAX_EARLIER_TURNS + 2}`)
  })

  it("leaves out sentences citing a journal entry, renames card citations, and cuts long answers", () => {
    const answer = {
      text: "The card “Pause” asks: What would change? [1] In “Monday” you wrote: “I rushed.” [2] Breathe first [1][3].",
      citations: [
        { number: 1, ref: "card:d/pause", label: "Pause" },
        { number: 2, ref: "entry:e1", label: "Monday" },
        { number: 3, ref: "card:d/bridge", label: "Bridge" },
      ],
      kind: "model" as const,
      model: "m",
      promptTokens: 1,
      completionTokens: 1,
      at: 0,
    }
    expect(carriedAnswer(answer)).toBe("The card “Pause” asks: What would change? (“Pause”) Breathe first (“Pause”)(“Bridge”).")
    const long = carriedAnswer({ ...answer, text: `${"word ".repeat(600)}[1].`, citations: [answer.citations[0]!] })
    expect(long.length).toBeLessThanOrEqual(EARLIER_ANSWER_MAX_CHARS + 1)
    expect(long.endsWith("…")).toBe(true)
  })

  it("searches a short follow-up with the previous question's words, and a full question on its own", () => {
    const earlier = [
      { question: "Who can I ask?", answer: "A friend." },
      { question: "How do I slow down?", answer: "Rest." },
    ]
    expect(retrievalQueryOf("And at work?", earlier)).toBe("How do I slow down? And at work?")
    expect(retrievalQueryOf("What would a calmer morning look like for me?", earlier)).toBe("What would a calmer morning look like for me?")
    expect(retrievalQueryOf("And at work?", [])).toBe("And at work?")
  })
})
