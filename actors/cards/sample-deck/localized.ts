/**
 * The built-in decks in the reader's language. The English decks in index.ts
 * stay the source of truth (ids, tiers, pictures, and what sessions and the
 * read model store); this only swaps what a person reads: deck title and
 * description, each card's word, question and themes. A text a translation
 * lacks stays English, and a deck that is not built in is left as it is, so
 * an organization's own decks read exactly as their admins wrote them.
 */
import type { CardRecord, DeckRecord } from "../card.ts"
import type { ContentLanguage, TranslatedLanguage } from "../../content-language.ts"
import { BUILT_IN_DECKS } from "./index.ts"
import type { BuiltInDeckId, DeckTranslation } from "./translation.ts"
import { DE } from "./words.de.ts"
import { ES } from "./words.es.ts"
import { FR } from "./words.fr.ts"
import { HE } from "./words.he.ts"

export const DECK_TRANSLATIONS: Readonly<Record<TranslatedLanguage, DeckTranslation>> = { he: HE, es: ES, de: DE, fr: FR }

/** English word of each built-in card, by deck and card id: the key its translations use. */
const englishWords = new Map(BUILT_IN_DECKS.flatMap((deck) => deck.cards.map((card) => [`${deck.deckId}/${card.cardId}`, card.word] as const)))

const isBuiltIn = (deckId: string): deckId is BuiltInDeckId => BUILT_IN_DECKS.some((deck) => deck.deckId === deckId)

export interface CardTexts {
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  /** The language the word and question are in. */
  readonly language: string
}

/** A theme label in `language`; labels that are not the built-in decks' stay as they are. */
export const themeIn = (theme: string, language: ContentLanguage): string =>
  language === "en" ? theme : ((DECK_TRANSLATIONS[language].themes as Readonly<Record<string, string>>)[theme] ?? theme)

/** The English theme labels that read `label` in `language` (for a filter typed in the reader's language). */
export const themesNamed = (label: string, language: ContentLanguage): string[] => {
  if (language === "en") return []
  // Case-blind but accent-aware, as the language compares ("mut" is "Mut"; "pâte" is not "pate").
  const same = new Intl.Collator(language, { sensitivity: "accent" })
  const wanted = label.trim()
  return Object.entries(DECK_TRANSLATIONS[language].themes)
    .filter(([, text]) => same.compare(text, wanted) === 0)
    .map(([english]) => english)
}

/** A built-in card's texts in `language`, or undefined when the card is not one of the built-in decks'. */
export const builtInCardTexts = (deckId: string, cardId: string, language: ContentLanguage): CardTexts | undefined => {
  const english = englishWords.get(`${deckId}/${cardId}`)
  if (english === undefined || !isBuiltIn(deckId)) return undefined
  const card = BUILT_IN_DECKS.find((deck) => deck.deckId === deckId)!.cards.find((c) => c.cardId === cardId)!
  if (language === "en") return { word: card.word, question: card.question, themes: card.themes, language: "en" }
  const translated = (DECK_TRANSLATIONS[language].cards as Readonly<Record<string, readonly [string, string]>>)[english]
  return {
    word: translated?.[0] ?? card.word,
    question: translated?.[1] ?? card.question,
    themes: card.themes.map((theme) => themeIn(theme, language)),
    language: translated ? language : "en",
  }
}

/** A built-in deck's title and description in `language`; undefined for any other deck. */
export const builtInDeckTexts = (deckId: string, language: ContentLanguage): { title: string; description: string; language: string } | undefined => {
  if (!isBuiltIn(deckId)) return undefined
  const english = BUILT_IN_DECKS.find((deck) => deck.deckId === deckId)!
  if (language === "en") return { title: english.title, description: english.description, language: "en" }
  const texts = DECK_TRANSLATIONS[language].decks[deckId]
  return { title: texts.title || english.title, description: texts.description || english.description, language }
}

/** `card` of deck `deckId` as a reader of `language` sees it: a built-in card translated, any other card unchanged. */
export const localizeCard = (deckId: string, card: CardRecord, language: ContentLanguage): CardRecord => {
  const texts = builtInCardTexts(deckId, card.cardId, language)
  return texts ? { ...card, word: texts.word, question: texts.question, themes: [...texts.themes], language: texts.language } : card
}

/** `deck` as a reader of `language` sees it: built-in decks translated, every other deck unchanged. Cards, tiers and statuses stay. */
export const localizeDeck = <D extends DeckRecord>(deck: D, language: ContentLanguage): D => {
  const texts = language === "en" ? undefined : builtInDeckTexts(deck.deckId, language)
  if (!texts) return deck
  return { ...deck, ...texts, cards: deck.cards.map((card) => localizeCard(deck.deckId, card, language)) }
}
