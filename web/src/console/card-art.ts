/**
 * Pictures and questions of cards, fetched once per deck from
 * GET /api/decks/{id} (the session itself carries only each card's word) and
 * kept for the page's life, per language (built-in decks' words and
 * questions come in the UI's language). Card pictures are SVG documents: shown through
 * <img> from a data: URL, so nothing in them can run.
 */
import { createResource, type Resource } from "solid-js"
import { locale } from "../i18n/i18n.ts"
import type { CardImage } from "./api-types.ts"
import { api } from "./store.ts"

export interface CardArt {
  readonly word: string
  readonly question: string
  readonly image: CardImage | null
}

interface DeckDetail {
  readonly cards: readonly { readonly cardId: string; readonly word: string; readonly question: string; readonly image?: CardImage | null }[]
}

const decks = new Map<string, Promise<ReadonlyMap<string, CardArt>>>()

export const deckArt = (deckId: string): Promise<ReadonlyMap<string, CardArt>> => {
  const key = `${locale()}:${deckId}`
  let known = decks.get(key)
  if (!known) {
    known = api()
      .get<DeckDetail>(`/api/decks/${encodeURIComponent(deckId)}`)
      .then((deck) => new Map(deck.cards.map((card) => [card.cardId, { word: card.word, question: card.question, image: card.image ?? null }])))
    known.catch(() => decks.delete(key))
    decks.set(key, known)
  }
  return known
}

/** A deck's art as a resource (empty while loading or when it cannot be read). */
export const useDeckArt = (deckId: () => string | undefined): Resource<ReadonlyMap<string, CardArt>> => {
  const [art] = createResource(
    () => {
      const id = deckId()
      return id === undefined ? undefined : { id, language: locale() }
    },
    ({ id }) => deckArt(id).catch(() => new Map<string, CardArt>()),
  )
  return art
}

/** An <img> source for a card's picture, or undefined when it has none. */
export const imageSrc = (image: CardImage | null | undefined): string | undefined => {
  if (!image) return undefined
  if (image.svg) return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(image.svg)}`
  return image.url
}
