/**
 * The read queries' cards in the caller's language. The read model holds the
 * built-in decks in English (they are the same rows for every organization);
 * a built-in card is shown translated by its deck and card id on the way out,
 * and an organization's own cards exactly as stored. A theme typed in the
 * caller's language also matches the built-in theme it translates.
 */
import { Schema } from "effect"
import { builtInCardTexts, builtInDeckTexts, themesNamed } from "../../actors/cards/sample-deck/localized.ts"
import { LANGUAGE_TAG_PATTERN, type ContentLanguage } from "../../actors/content-language.ts"
import type { Card } from "../queries/cards.ts"

export const CardLanguage = Schema.String.check(
  Schema.isPattern(LANGUAGE_TAG_PATTERN, { message: "must be a language tag such as en, he, es, de or fr" }),
).annotate({ description: "the language to read built-in cards in (en, he, es, de, fr); overrides Accept-Language; others fall back to English" })

export const cardsIn = <C extends Card>(cards: readonly C[], language: ContentLanguage): C[] =>
  cards.map((card) => {
    const texts = card.builtIn ? builtInCardTexts(card.deck, card.id, language) : undefined
    if (!texts) return card
    const deckTitle = builtInDeckTexts(card.deck, language)?.title ?? card.deckTitle
    return { ...card, word: texts.word, question: texts.question, themes: [...texts.themes], language: texts.language, deckTitle }
  })

export const themeFilter = (theme: string | undefined, language: ContentLanguage): { theme?: string; themeAliases?: readonly string[] } =>
  theme === undefined ? {} : { theme, themeAliases: themesNamed(theme, language) }
