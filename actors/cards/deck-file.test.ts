import { describe, expect, it } from "vitest"
import { describeProblems, readDeckFile } from "./deck-file.ts"
import { asDeckFile, SAMPLE_DECK } from "./sample-deck/index.ts"

const svg = '<svg viewBox="0 0 10 10"></svg>'
const goodFile = {
  deckId: "team-deck",
  title: "Team deck",
  language: "fr",
  tier: "pro",
  cards: [{ cardId: "a", word: "Pont", question: "Qui vous relie ?", image: { kind: "svg", svg } }],
}

describe("reading a deck file", () => {
  it("fills a card's language and tier from the deck and empty themes and tags", () => {
    const result = readDeckFile(goodFile)
    expect(result).toEqual({
      ok: true,
      deck: {
        deckId: "team-deck",
        title: "Team deck",
        description: "",
        language: "fr",
        tier: "pro",
        packId: null,
        cards: [
          { cardId: "a", word: "Pont", question: "Qui vous relie ?", image: { kind: "svg", svg }, themes: [], tags: [], language: "fr", tier: "pro" },
        ],
      },
    })
  })

  it("names every bad field with its path, not only the first", () => {
    const result = readDeckFile({
      ...goodFile,
      tier: "platinum",
      cards: [
        { cardId: "a", word: "", question: "q", image: { kind: "svg", svg } },
        { cardId: "b b", word: "ok", image: { kind: "url", url: "ftp://x" } },
      ],
    })
    expect(result.ok).toBe(false)
    const fields = result.ok ? [] : result.problems.map((p) => p.field)
    expect(fields).toEqual(expect.arrayContaining(["tier", "cards[0].word", "cards[1].cardId", "cards[1].question", "cards[1].image.url"]))
    expect(result.ok ? "" : describeProblems(result.problems)).toMatch(/cards\[0\]\.word: .*at least 1/)
  })

  it("reports repeated card ids, marketplace cards without a pack and reserved deck ids", () => {
    const result = readDeckFile({
      ...goodFile,
      deckId: "studio-copy",
      cards: [goodFile.cards[0], { ...goodFile.cards[0], tier: "marketplace" }],
    })
    expect(result.ok ? [] : result.problems).toEqual([
      { field: "deckId", message: expect.stringMatching(/built-in/) },
      { field: "cards[1].cardId", message: "repeats cards[0].cardId (a)" },
      { field: "cards[1].tier", message: expect.stringMatching(/packId/) },
    ])
  })

  it("says what is wrong with a document that is not a deck at all", () => {
    const result = readDeckFile([1, 2])
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(["(file)"])
    expect(readDeckFile(null).ok).toBe(false)
  })

  it("accepts the sample deck exported as a file under a new id", () => {
    const file = asDeckFile({ ...SAMPLE_DECK, cards: SAMPLE_DECK.cards.slice(0, 50) }, "my-sample")
    const result = readDeckFile(JSON.parse(JSON.stringify(file)))
    expect(result.ok).toBe(true)
  })
})
