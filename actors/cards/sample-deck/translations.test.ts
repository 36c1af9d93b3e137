import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CardInput, MAX_DECK_DESCRIPTION, MAX_DECK_TITLE, MAX_LABEL, MAX_QUESTION, MAX_WORD } from "../card.ts"
import { TRANSLATED_LANGUAGES } from "../../content-language.ts"
import { BUILT_IN_DECKS } from "./index.ts"
import { builtInCardTexts, DECK_TRANSLATIONS, localizeDeck, themesNamed } from "./localized.ts"

const decodeCard = Schema.decodeUnknownSync(CardInput)

/** Words a language legitimately writes as English does (a loanword, or the same word). */
const SAME_WORD: Record<string, readonly string[]> = {
  he: [],
  es: [],
  de: ["Echo", "Nest", "Signal"],
  fr: ["Horizon", "Pause", "Signal", "Invitation", "Constellation", "Confluence"],
}

describe("the built-in decks in every language", () => {
  for (const language of TRANSLATED_LANGUAGES) {
    it(`${language}: every card has a word and a question within the limits, not left in English`, () => {
      for (const deck of BUILT_IN_DECKS) {
        const translated = localizeDeck(deck, language)
        expect(translated.cards.map((c) => c.cardId)).toEqual(deck.cards.map((c) => c.cardId))
        for (const [i, card] of translated.cards.entries()) {
          const english = deck.cards[i]!
          expect(card.language, english.word).toBe(language)
          expect(card.word.trim().length, english.word).toBeGreaterThan(0)
          expect(card.word.length, card.word).toBeLessThanOrEqual(MAX_WORD)
          expect(card.question.length, card.question).toBeLessThanOrEqual(MAX_QUESTION)
          expect(card.question, english.word).not.toBe(english.question)
          if (!SAME_WORD[language]!.includes(english.word)) expect(card.word, english.word).not.toBe(english.word)
          expect(card.themes).toHaveLength(english.themes.length)
          for (const theme of card.themes) expect(theme.length, theme).toBeLessThanOrEqual(MAX_LABEL)
          const { status: _status, ...input } = card
          expect(() => decodeCard(input)).not.toThrow()
        }
      }
    })

    it(`${language}: no two cards share a word, and the decks have their own title and description`, () => {
      const words = BUILT_IN_DECKS.flatMap((deck) => localizeDeck(deck, language).cards.map((c) => c.word.toLocaleLowerCase()))
      expect(words.filter((word, i) => words.indexOf(word) !== i)).toEqual([])
      for (const deck of BUILT_IN_DECKS) {
        const translated = localizeDeck(deck, language)
        expect(translated.title).not.toBe(deck.title)
        expect(translated.description).not.toBe(deck.description)
        expect(translated.title.length).toBeLessThanOrEqual(MAX_DECK_TITLE)
        expect(translated.description.length).toBeLessThanOrEqual(MAX_DECK_DESCRIPTION)
        expect(translated.language).toBe(language)
      }
    })

    it(`${language}: every theme has a label, and a label typed in the language finds the English theme`, () => {
      for (const [english, label] of Object.entries(DECK_TRANSLATIONS[language].themes)) {
        expect(label.trim().length, english).toBeGreaterThan(0)
        expect(themesNamed(` ${label.toLocaleLowerCase()}`, language)).toContain(english)
      }
    })
  }

  it("leaves everything that is not text alone: ids, tiers, pictures, statuses", () => {
    for (const deck of BUILT_IN_DECKS) {
      const strip = (d: typeof deck) => d.cards.map(({ cardId, tier, image, status, tags }) => ({ cardId, tier, image, status, tags }))
      expect(strip(localizeDeck(deck, "he"))).toEqual(strip(deck))
      expect(localizeDeck(deck, "en")).toBe(deck)
    }
  })

  it("leaves an organization's own deck as its admins wrote it", () => {
    const own = { ...BUILT_IN_DECKS[0]!, deckId: "my-deck" }
    expect(localizeDeck(own, "fr")).toBe(own)
    expect(builtInCardTexts("my-deck", own.cards[0]!.cardId, "fr")).toBeUndefined()
  })
})
