import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CardInput } from "../card.ts"
import { drawCard, MOTIFS } from "./art.ts"
import { BUILT_IN_DECKS, SAMPLE_DECK, TIDES_DECK } from "./index.ts"

const decodeCard = Schema.decodeUnknownSync(CardInput)

describe("the sample deck", () => {
  it("has at least 60 cards with distinct ids and distinct words", () => {
    expect(SAMPLE_DECK.cards.length).toBeGreaterThanOrEqual(60)
    for (const deck of BUILT_IN_DECKS) {
      expect(new Set(deck.cards.map((c) => c.cardId)).size).toBe(deck.cards.length)
    }
    const words = BUILT_IN_DECKS.flatMap((deck) => deck.cards.map((c) => c.word.toLowerCase()))
    expect(new Set(words).size).toBe(words.length)
  })

  it("spans the free, pro and enterprise tiers, and the pack is marketplace content", () => {
    const count = (tier: string) => SAMPLE_DECK.cards.filter((c) => c.tier === tier).length
    expect([count("free"), count("pro"), count("enterprise")]).toEqual([40, 16, 8])
    expect(TIDES_DECK.cards.every((c) => c.tier === "marketplace")).toBe(true)
  })

  it("every card passes the same validation as an admin's card, pictures included", () => {
    for (const deck of BUILT_IN_DECKS) {
      for (const { status: _status, ...card } of deck.cards) expect(() => decodeCard(card)).not.toThrow()
    }
  })

  it("every motif draws a safe picture under the size limit, the same one every time", () => {
    for (const motif of MOTIFS) {
      const svg = drawCard(motif, `seed-${motif}`)
      expect(() =>
        decodeCard({ cardId: "x", word: "w", question: "q", image: { kind: "svg", svg }, themes: [], tags: [], language: "en", tier: "free" }),
      ).not.toThrow()
      expect(drawCard(motif, `seed-${motif}`)).toBe(svg)
      expect(svg).not.toMatch(/NaN|undefined/)
    }
    expect(drawCard("door", "a")).not.toBe(drawCard("door", "b"))
  })
})
