/** The model's catalogue: the built-in decks' cards and every library card the store holds, once each. */
import { BUILT_IN_DECKS } from "../../actors/cards/sample-deck/index.ts"
import type { CardInfo } from "./context.ts"

export const builtInCatalogue = (more: readonly CardInfo[] = []): CardInfo[] => {
  const byId = new Map<string, CardInfo>()
  for (const deck of BUILT_IN_DECKS)
    for (const card of deck.cards) byId.set(card.cardId, { cardId: card.cardId, word: card.word, themes: [...card.themes] })
  for (const card of more) if (!byId.has(card.cardId)) byId.set(card.cardId, card)
  return [...byId.values()]
}
