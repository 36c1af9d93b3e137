/**
 * Folding a batch of library events into one tenant's rows, as the library
 * actor's `evolve` folds them into its state (events about unknown decks or
 * cards change nothing, there as here), then settling what changed: which
 * rows to write, which cards to embed again, and whose usability to work out
 * again because the licence or a deck changed under them.
 */
import type { LibraryEvent } from "../../actors/cards/index.ts"
import { cardText, cardUsable, deckUsable, licenceOf, type CardRow, type DeckRow, type LibraryRow } from "./library-rows.ts"

export const cardKey = (deckId: string, cardId: string) => `${deckId}/${cardId}`

/** One tenant's library while a batch is folded; the `loaded` maps say what the tables held before. */
export interface LibraryFold {
  library: LibraryRow
  readonly loadedLibrary: LibraryRow
  readonly decks: Map<string, DeckRow>
  readonly loadedDecks: ReadonlyMap<string, DeckRow>
  readonly cards: Map<string, CardRow>
  readonly loadedCards: ReadonlyMap<string, CardRow>
}

/** Library events never name a built-in deck (the actor refuses ids starting `studio-`); if one did, the actor would not find it either. */
const ownDeck = (fold: LibraryFold, deckId: string) => {
  const deck = fold.decks.get(deckId)
  return deck && !deck.built_in ? deck : undefined
}

const changeDeck = (fold: LibraryFold, deckId: string, change: (deck: DeckRow) => DeckRow) => {
  const deck = ownDeck(fold, deckId)
  if (deck) fold.decks.set(deckId, change(deck))
}

const changeCard = (fold: LibraryFold, deckId: string, cardId: string, change: (card: CardRow) => CardRow) => {
  const card = ownDeck(fold, deckId) && fold.cards.get(cardKey(deckId, cardId))
  if (card) fold.cards.set(cardKey(deckId, cardId), change(card))
}

export const foldEvent = (fold: LibraryFold, event: LibraryEvent): void => {
  const tenant = fold.library.tenant_id
  switch (event.type) {
    case "deckCreated":
      if (fold.decks.has(event.deckId)) return
      fold.decks.set(event.deckId, {
        tenant_id: tenant,
        deck_id: event.deckId,
        built_in: false,
        title: event.title,
        description: event.description,
        language: event.language,
        tier: event.tier,
        pack_id: event.packId,
        status: "active",
        usable: false,
      })
      return
    case "deckUpdated": {
      const { title, description, language, tier, packId } = event.changes
      return changeDeck(fold, event.deckId, (deck) => ({
        ...deck,
        ...(title !== undefined ? { title } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(language !== undefined ? { language } : {}),
        ...(tier !== undefined ? { tier } : {}),
        ...(packId !== undefined ? { pack_id: packId } : {}),
      }))
    }
    case "deckRetired":
    case "deckRestored":
      return changeDeck(fold, event.deckId, (deck) => ({ ...deck, status: event.type === "deckRetired" ? "retired" : "active" }))
    case "cardAdded": {
      const deck = ownDeck(fold, event.deckId)
      const { card } = event
      if (!deck || fold.cards.has(cardKey(deck.deck_id, card.cardId))) return
      fold.cards.set(cardKey(deck.deck_id, card.cardId), {
        tenant_id: tenant,
        deck_id: deck.deck_id,
        card_id: card.cardId,
        built_in: false,
        word: card.word,
        question: card.question,
        themes: card.themes,
        tags: card.tags,
        language: card.language,
        tier: card.tier,
        status: "active",
        usable: false,
        image: card.image,
        search_text: "",
      })
      return
    }
    case "cardEdited":
      return changeCard(fold, event.deckId, event.cardId, (card) => ({ ...card, ...event.changes }))
    case "cardRetired":
    case "cardRestored":
      return changeCard(fold, event.deckId, event.cardId, (card) => ({ ...card, status: event.type === "cardRetired" ? "retired" : "active" }))
    case "tierChanged":
      fold.library = { ...fold.library, tier: event.to }
      return
    case "packGranted":
      fold.library = { ...fold.library, packs: [...fold.library.packs, event.packId] }
      return
    case "packRevoked":
      fold.library = { ...fold.library, packs: fold.library.packs.filter((pack) => pack !== event.packId) }
      return
    case "contentAccessed":
      return
    default:
      return event satisfies never
  }
}

// jsonb hands objects back with its own key order, so rows are compared with keys sorted.
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (value === null || typeof value !== "object") return value
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, field]) => [key, canonical(field)]),
  )
}
const sameRow = (a: object | undefined, b: object | undefined) =>
  a !== undefined && b !== undefined && JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))

/** Cards whose usability to work out again: a whole tenant's (no deck), or one deck's. */
export interface Scope {
  readonly tenant_id: string
  readonly deck_id: string | null
}

/** After a fold: what changed, with `usable` and the search text worked out from the final licence and decks. */
export const settle = (fold: LibraryFold) => {
  const licence = licenceOf(fold.library)
  const decks: DeckRow[] = []
  for (const [id, deck] of fold.decks) {
    const settled = { ...deck, usable: deckUsable(deck, licence) }
    fold.decks.set(id, settled)
    if (!sameRow(settled, fold.loadedDecks.get(id))) decks.push(settled)
  }
  const cards: CardRow[] = []
  const texts: CardRow[] = []
  for (const [key, card] of fold.cards) {
    const deck = fold.decks.get(card.deck_id)!
    const settled = { ...card, usable: cardUsable(deck, card, licence), search_text: cardText(card) }
    const before = fold.loadedCards.get(key)
    if (!sameRow(settled, before)) cards.push(settled)
    if (settled.search_text !== before?.search_text) texts.push(settled)
  }
  // Cards this batch did not touch change usability only with the licence or their deck's tier, pack or status.
  const licenceChanged = !sameRow(licenceOf(fold.library), licenceOf(fold.loadedLibrary))
  const reconsider: Scope[] = licenceChanged
    ? [{ tenant_id: fold.library.tenant_id, deck_id: null }]
    : decks.flatMap((deck) => {
        const before = fold.loadedDecks.get(deck.deck_id)
        return before && (before.tier !== deck.tier || before.pack_id !== deck.pack_id || before.status !== deck.status)
          ? [{ tenant_id: deck.tenant_id, deck_id: deck.deck_id }]
          : []
      })
  return { decks, cards, texts, reconsider }
}
