/** Small decks (as the library actor imports them) with known nearest cards, for the vector search and the read API tests. */
import type { DeckImport } from "../../actors/cards/protocol.ts"

const card = (cardId: string, word: string, question: string, themes: string[]): DeckImport["cards"][number] => ({
  cardId,
  word,
  question,
  image: { kind: "url", url: `/cards/${cardId}.png` },
  themes,
  tags: [],
  language: "en",
  tier: "free",
})

export const NATURE_DECK: DeckImport = {
  deckId: "nature",
  title: "Nature",
  description: "Places and weather",
  language: "en",
  tier: "free",
  packId: null,
  cards: [
    card("river-bridge", "River bridge", "An old stone bridge across a slow river", ["crossing"]),
    card("open-door", "Open door", "A wooden door standing open onto a garden", ["invitation"]),
    card("ocean-waves", "Waves on the shore", "Ocean waves breaking on a sandy beach", ["sea"]),
    card("mountain-path", "Mountain path", "A narrow path climbing toward the summit", ["effort"]),
    card("empty-chair", "Empty chair", "A single chair by a window in an empty room", ["absence"]),
    card("candle-light", "Candle light", "One candle burning in the dark", ["hope"]),
    card("storm-clouds", "Storm clouds", "Dark clouds gathering over a field before rain", ["change"]),
    card("bird-flight", "Bird in flight", "A bird taking off from a branch into the sky", ["freedom"]),
    card("tangled-rope", "Tangled rope", "A knot of rope pulled tight", ["conflict"]),
    card("seedling", "Seedling", "A green seedling pushing through dry soil", ["growth"]),
    // Stopwords only: no direction, so no vector and never a search hit.
    card("the-and-of", "The and of", "And of the?", []),
  ],
}

/** Queries and the card each must find first. */
export const NEAREST = [
  { q: "a bridge over the river", card: "river-bridge" },
  { q: "ocean beach waves", card: "ocean-waves" },
  { q: "climbing the mountain", card: "mountain-path" },
  { q: "burning candle in darkness", card: "candle-light" },
  { q: "seedlings growing in soil", card: "seedling" },
] as const

/** Another tenant's deck with a card that would otherwise be the best match. */
export const RIVAL_DECK: DeckImport = {
  deckId: "rival",
  title: "Rival",
  description: "",
  language: "en",
  tier: "free",
  packId: null,
  cards: [{ ...card("river-bridge-2", "River bridge", "A bridge over the river, the river under the bridge", ["river"]), tags: ["bridge"] }],
}
