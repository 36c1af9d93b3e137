/**
 * The card library's rows as the cards projection keeps them in memory
 * while it folds a batch: one licence per tenant, its decks (built-in and
 * own) and their cards. Whether a facilitator may use a deck or card is
 * decided by the library actor's own `usableDeck`, so the read model cannot
 * drift from the rule.
 */
import type { CardImage, CardRecord, CardStatus, DeckRecord } from "../../actors/cards/card.ts"
import { usableDeck } from "../../actors/cards/index.ts"
import { BUILT_IN_DECKS } from "../../actors/cards/sample-deck/index.ts"
import { FREE_LICENCE, type ContentTier, type Licence, type OrgTier } from "../../actors/cards/tiers.ts"
import type { Column } from "./bulk.ts"

export interface LibraryRow {
  readonly tenant_id: string
  readonly tier: OrgTier
  readonly packs: readonly string[]
  /** The library actor's last applied sequence (0 before its first event): older events are skipped. */
  readonly last_seq: number
}

export interface DeckRow {
  readonly tenant_id: string
  readonly deck_id: string
  readonly built_in: boolean
  readonly title: string
  readonly description: string
  readonly language: string
  readonly tier: ContentTier
  readonly pack_id: string | null
  readonly status: CardStatus
  /** Active and covered by the licence: what facilitators see. */
  readonly usable: boolean
}

export interface CardRow {
  readonly tenant_id: string
  readonly deck_id: string
  readonly card_id: string
  readonly built_in: boolean
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  readonly tags: readonly string[]
  readonly language: string
  readonly tier: ContentTier
  readonly status: CardStatus
  /** Active in an active deck, and covered (deck and card) by the licence. */
  readonly usable: boolean
  readonly image: CardImage
  /** What the card is found by, in words and by meaning: changes to it re-embed the card. */
  readonly search_text: string
}

export const LIBRARY_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "tier", type: "text" },
  { name: "packs", type: "text[]" },
  { name: "last_seq", type: "integer" },
]

export const DECK_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "deck_id", type: "text" },
  { name: "built_in", type: "boolean" },
  { name: "title", type: "text" },
  { name: "description", type: "text" },
  { name: "language", type: "text" },
  { name: "tier", type: "text" },
  { name: "pack_id", type: "text" },
  { name: "status", type: "text" },
  { name: "usable", type: "boolean" },
]

export const CARD_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "deck_id", type: "text" },
  { name: "card_id", type: "text" },
  { name: "built_in", type: "boolean" },
  { name: "word", type: "text" },
  { name: "question", type: "text" },
  { name: "themes", type: "text[]" },
  { name: "tags", type: "text[]" },
  { name: "language", type: "text" },
  { name: "tier", type: "text" },
  { name: "status", type: "text" },
  { name: "usable", type: "boolean" },
  { name: "image", type: "jsonb" },
  { name: "search_text", type: "text" },
]

export const DECK_KEY = ["tenant_id", "deck_id"] as const
export const CARD_KEY = ["tenant_id", "deck_id", "card_id"] as const

/** The text a card is embedded and searched by. */
export const cardText = (card: Pick<CardRecord, "word" | "question" | "themes" | "tags">): string =>
  [card.word, card.question, ...card.themes, ...card.tags].join(". ")

export const licenceOf = (library: LibraryRow): Licence => ({ tier: library.tier, packs: library.packs })

const deckRecord = (deck: DeckRow, cards: readonly CardRow[]): DeckRecord => ({
  deckId: deck.deck_id,
  title: deck.title,
  description: deck.description,
  language: deck.language,
  tier: deck.tier,
  packId: deck.pack_id,
  status: deck.status,
  cards: cards.map((card) => ({
    cardId: card.card_id,
    word: card.word,
    question: card.question,
    image: card.image,
    themes: card.themes,
    tags: card.tags,
    language: card.language,
    tier: card.tier,
    status: card.status,
  })),
})

export const deckUsable = (deck: DeckRow, licence: Licence): boolean => usableDeck(deckRecord(deck, []), licence) !== undefined

/** Whether the licence covers this card of this deck: only the deck, the card's tier and its status decide it. */
export const cardUsable = (deck: DeckRow, card: CardRow, licence: Licence): boolean =>
  usableDeck(deckRecord(deck, [card]), licence)?.cards.length === 1

export const freshLibrary = (tenant: string): LibraryRow => ({ tenant_id: tenant, tier: FREE_LICENCE.tier, packs: FREE_LICENCE.packs, last_seq: 0 })

export const deckRow = (tenant: string, deck: Omit<DeckRecord, "cards">, builtIn: boolean, licence: Licence): DeckRow => {
  const row: DeckRow = {
    tenant_id: tenant,
    deck_id: deck.deckId,
    built_in: builtIn,
    title: deck.title,
    description: deck.description,
    language: deck.language,
    tier: deck.tier,
    pack_id: deck.packId,
    status: deck.status,
    usable: false,
  }
  return { ...row, usable: deckUsable(row, licence) }
}

export const cardRow = (deck: DeckRow, card: CardRecord, licence: Licence): CardRow => {
  const row: CardRow = {
    tenant_id: deck.tenant_id,
    deck_id: deck.deck_id,
    card_id: card.cardId,
    built_in: deck.built_in,
    word: card.word,
    question: card.question,
    themes: card.themes,
    tags: card.tags,
    language: card.language,
    tier: card.tier,
    status: card.status,
    usable: false,
    image: card.image,
    search_text: cardText(card),
  }
  return { ...row, usable: cardUsable(deck, row, licence) }
}

/** What a tenant's library holds before its first event: the built-in decks, seen through the free licence. */
export const builtInRows = (tenant: string): { decks: DeckRow[]; cards: CardRow[] } => {
  const decks = BUILT_IN_DECKS.map((deck) => ({ deck, row: deckRow(tenant, deck, true, FREE_LICENCE) }))
  return { decks: decks.map(({ row }) => row), cards: decks.flatMap(({ deck, row }) => deck.cards.map((card) => cardRow(row, card, FREE_LICENCE))) }
}
