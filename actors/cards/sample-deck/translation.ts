/**
 * What one language's translation of the built-in decks must hold. Keyed by
 * the English (each card's word, each theme label, each deck id), so a card,
 * theme or deck left out, or one that no longer exists, is a type error.
 * Pictures, tiers and ids are not translated: only what a person reads.
 */
import type { CardTheme, CardWord } from "./words.ts"

export type BuiltInDeckId = "studio-sample" | "studio-tides"

export interface DeckTexts {
  readonly title: string
  readonly description: string
}

export interface DeckTranslation {
  readonly decks: Readonly<Record<BuiltInDeckId, DeckTexts>>
  /** English word -> [word, question] in this language. */
  readonly cards: Readonly<Record<CardWord, readonly [word: string, question: string]>>
  readonly themes: Readonly<Record<CardTheme, string>>
}
