/**
 * The read API's cards in the caller's language. The read model holds the
 * built-in decks in English (they are the same rows for every organization);
 * a built-in card is shown translated by its deck and card id on the way out,
 * and an organization's own cards exactly as stored. A theme typed in the
 * caller's language also matches the built-in theme it translates.
 */
import { Schema } from "effect"
import { builtInCardTexts, builtInDeckTexts, themesNamed } from "../../actors/cards/sample-deck/localized.ts"
import { LANGUAGE_TAG_PATTERN, negotiateLanguage, type ContentLanguage } from "../../actors/content-language.ts"
import type { Card } from "../queries/cards.ts"

export const CardLanguage = Schema.String.check(
  Schema.isPattern(LANGUAGE_TAG_PATTERN, { message: "must be a language tag such as en, he, es, de or fr" }),
).annotate({ description: "the language to read built-in cards in (en, he, es, de, fr); overrides Accept-Language; others fall back to English" })

/**
 * The path the read side's worker answers (and the cache keys by) for a
 * request: the worker sees no headers, so a language chosen by
 * Accept-Language travels as `lang`. An explicit `lang` stays as sent (the
 * worker decodes it), and English adds nothing, so English answers and their
 * cache entries are as they were.
 */
export const pathWithLanguage = (url: URL, acceptLanguage: string | undefined): { path: string; language: ContentLanguage | undefined } => {
  const path = `${url.pathname}${url.search}`
  if (url.searchParams.has("lang")) return { path, language: undefined }
  const language = negotiateLanguage(undefined, acceptLanguage)
  return language === "en" ? { path, language: undefined } : { path: `${path}${url.search ? "&" : "?"}lang=${language}`, language }
}

export const languageOf = (lang: string | undefined, acceptLanguage: string | undefined): ContentLanguage => negotiateLanguage(lang, acceptLanguage)

export const cardsIn = <C extends Card>(cards: readonly C[], language: ContentLanguage): C[] =>
  cards.map((card) => {
    const texts = card.builtIn ? builtInCardTexts(card.deck, card.id, language) : undefined
    if (!texts) return card
    const deckTitle = builtInDeckTexts(card.deck, language)?.title ?? card.deckTitle
    return { ...card, word: texts.word, question: texts.question, themes: [...texts.themes], language: texts.language, deckTitle }
  })

export const themeFilter = (theme: string | undefined, language: ContentLanguage): { theme?: string; themeAliases?: readonly string[] } =>
  theme === undefined ? {} : { theme, themeAliases: themesNamed(theme, language) }
