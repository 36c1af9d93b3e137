/** Small decks with known nearest cards, for the vector search and the read API tests. */
export const NATURE_DECK = {
  deck: "nature",
  cards: [
    { id: "river-bridge", title: "River bridge", description: "An old stone bridge across a slow river", tags: ["crossing"] },
    { id: "open-door", title: "Open door", description: "A wooden door standing open onto a garden", tags: ["invitation"] },
    { id: "ocean-waves", title: "Waves on the shore", description: "Ocean waves breaking on a sandy beach", tags: ["sea"] },
    { id: "mountain-path", title: "Mountain path", description: "A narrow path climbing toward the summit", tags: ["effort"] },
    { id: "empty-chair", title: "Empty chair", description: "A single chair by a window in an empty room", tags: ["absence"] },
    { id: "candle-light", title: "Candle light", description: "One candle burning in the dark", tags: ["hope"] },
    { id: "storm-clouds", title: "Storm clouds", description: "Dark clouds gathering over a field before rain", tags: ["change"] },
    { id: "bird-flight", title: "Bird in flight", description: "A bird taking off from a branch into the sky", tags: ["freedom"] },
    { id: "tangled-rope", title: "Tangled rope", description: "A knot of rope pulled tight", tags: ["conflict"] },
    { id: "seedling", title: "Seedling", description: "A green seedling pushing through dry soil", tags: ["growth"] },
    { id: "the-and-of", title: "The and of", description: "", tags: [] },
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
export const RIVAL_DECK = {
  deck: "rival",
  cards: [{ id: "river-bridge-2", title: "River bridge over the river", description: "A bridge over the river, the river under the bridge", tags: ["river", "bridge"] }],
}
