/**
 * What an organization can reach: the built-in decks plus its library's own
 * decks, seen through its licence. The gateway uses this to answer the deck
 * API and to load a session's decks; the session decider checks the same
 * tiers again when a card is drawn.
 */
import type { DeckRecord } from "./card.ts"
import type { LibraryState } from "./decider.ts"
import { usableDeck } from "./index.ts"
import { BUILT_IN_DECKS } from "./sample-deck/index.ts"
import { tierAllows, type Licence } from "./tiers.ts"

export interface CatalogueEntry {
  readonly deck: DeckRecord
  readonly builtIn: boolean
  /** Whether the licence lets the organization use the deck at all. */
  readonly allowed: boolean
  /** The cards the licence covers (none when the deck is not allowed). */
  readonly usableCards: number
}

export const catalogueDecks = (library: Pick<LibraryState, "decks"> | undefined): Array<{ deck: DeckRecord; builtIn: boolean }> => [
  ...BUILT_IN_DECKS.map((deck) => ({ deck, builtIn: true })),
  ...(library?.decks ?? []).map((deck) => ({ deck, builtIn: false })),
]

export const catalogue = (library: Pick<LibraryState, "decks"> | undefined, licence: Licence): CatalogueEntry[] =>
  catalogueDecks(library)
    .filter(({ deck }) => deck.status === "active")
    .map(({ deck, builtIn }) => ({
      deck,
      builtIn,
      allowed: tierAllows(licence, deck),
      usableCards: usableDeck(deck, licence)?.cards.length ?? 0,
    }))

export const findDeck = (library: Pick<LibraryState, "decks"> | undefined, deckId: string) =>
  catalogueDecks(library).find(({ deck }) => deck.deckId === deckId)
