/**
 * The `library/<tenant>` actor kind: an organization's own decks and cards
 * and its licence. Admins see and manage everything; facilitators see the
 * active decks and cards the licence covers, and never who opened what.
 */
import { defineActorKind, type User } from "../../engine/actor-kind.ts"
import { hasRole } from "../shared.ts"
import { decideLibrary, evolveLibrary, initialLibrary, type LibraryState } from "./decider.ts"
import { LibraryCommand, LibraryEvent, type DeckRecord } from "./protocol.ts"
import { isSystem, mayReadLibrary } from "./rules.ts"
import { tierAllows, type Licence } from "./tiers.ts"

export const LIBRARY_KIND = "library"

const seesEverything = (user: User) => isSystem(user) || hasRole(user, "admin")

/** The deck as a member under `licence` may use it: active cards the licence covers, or undefined when the deck is out of reach. */
export const usableDeck = (deck: DeckRecord, licence: Licence): DeckRecord | undefined => {
  if (deck.status !== "active" || !tierAllows(licence, deck)) return undefined
  return { ...deck, cards: deck.cards.filter((card) => card.status === "active" && tierAllows(licence, { tier: card.tier, packId: deck.packId })) }
}

const redactEvent = (state: LibraryState, event: LibraryEvent, user: User): LibraryEvent | undefined => {
  if (seesEverything(user)) return event
  switch (event.type) {
    case "contentAccessed":
      return undefined
    case "cardAdded":
    case "cardEdited": {
      const deck = state.decks.find((d) => d.deckId === event.deckId)
      const cardId = event.type === "cardAdded" ? event.card.cardId : event.cardId
      const usable = deck && usableDeck(deck, state.licence)
      return usable?.cards.some((card) => card.cardId === cardId) ? event : undefined
    }
    default:
      return event
  }
}

export const libraryKind = defineActorKind<LibraryState, LibraryCommand, LibraryEvent>({
  kind: LIBRARY_KIND,
  commandSchema: LibraryCommand,
  eventSchema: LibraryEvent,
  initialState: initialLibrary,
  decide: decideLibrary,
  evolve: (state, event) => evolveLibrary(state, event),
  canRead: (state, user) => mayReadLibrary(state.tenant, user),
  redactEvent,
  redactState: (state, user) =>
    seesEverything(user) ? state : { ...state, accesses: 0, decks: state.decks.flatMap((deck) => usableDeck(deck, state.licence) ?? []) },
})

export type { LibraryState } from "./decider.ts"
export * from "./protocol.ts"
export * from "./tiers.ts"
export { SYSTEM_USER_ID, isSystem } from "./rules.ts"
