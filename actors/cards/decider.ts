/**
 * The card library decider: decks and cards an organization's admins manage,
 * and the organization's licence. Retiring keeps a card (sessions and
 * reports still name it) but stops new use.
 */
import { isRejection, reject, unknownCommand, unknownEvent, type CommandContext, type Decision, type Rejection } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { definedOnly, sameTenant } from "../shared.ts"
import {
  BUILT_IN_PREFIX,
  MAX_CARDS_PER_DECK,
  MAX_DECKS,
  MAX_LIBRARY_CARDS,
  type CardRecord,
  type DeckRecord,
  type LibraryCommand,
  type LibraryEvent,
} from "./protocol.ts"
import { isSystem, mayManageDecks } from "./rules.ts"
import { FREE_LICENCE, type Licence } from "./tiers.ts"

export interface LibraryState {
  readonly tenant: string
  readonly licence: Licence
  readonly decks: readonly DeckRecord[]
  /** How many licensed accesses were recorded: the events hold the detail. */
  readonly accesses: number
}

export const initialLibrary = (addr: Address): LibraryState => ({ tenant: addr.tenant, licence: FREE_LICENCE, decks: [], accesses: 0 })

const cardCount = (state: LibraryState) => state.decks.reduce((sum, deck) => sum + deck.cards.length, 0)
const findDeck = (state: LibraryState, deckId: string) => state.decks.find((deck) => deck.deckId === deckId)

const marketplaceProblem = (tier: string, packId: string | null): Rejection | undefined =>
  tier === "marketplace" && packId === null ? reject("invalid_command", "a marketplace deck needs the packId that unlocks it") : undefined

const deckFor = (state: LibraryState, deckId: string): DeckRecord | Rejection =>
  findDeck(state, deckId) ?? reject("not_found", `no deck ${deckId} in this library`)

const cardOf = (deck: DeckRecord, cardId: string): CardRecord | Rejection =>
  deck.cards.find((card) => card.cardId === cardId) ?? reject("not_found", `no card ${cardId} in deck ${deck.deckId}`)

const roomFor = (state: LibraryState, deck: DeckRecord | undefined, adding: number): Rejection | undefined => {
  if (deck && deck.cards.length + adding > MAX_CARDS_PER_DECK) return reject("conflict", `a deck holds at most ${MAX_CARDS_PER_DECK} cards`)
  if (cardCount(state) + adding > MAX_LIBRARY_CARDS)
    return reject("conflict", `a library holds at most ${MAX_LIBRARY_CARDS} cards; retire or remove a deck first`)
  return undefined
}

const manageDecks = (
  state: LibraryState,
  command: Exclude<LibraryCommand, { type: "setTier" | "grantPack" | "revokePack" | "recordAccess" }>,
): Decision<LibraryEvent> => {
  switch (command.type) {
    case "createDeck":
    case "importDeck": {
      const deck = command.type === "createDeck" ? { ...command, cards: [] } : command.deck
      if (deck.deckId.startsWith(BUILT_IN_PREFIX))
        return reject("invalid_command", `deck ids starting with ${BUILT_IN_PREFIX} are kept for built-in decks`)
      if (findDeck(state, deck.deckId)) return reject("conflict", `deck ${deck.deckId} already exists`)
      if (state.decks.length >= MAX_DECKS) return reject("conflict", `a library holds at most ${MAX_DECKS} decks`)
      const invalid = marketplaceProblem(deck.tier, deck.packId) ?? roomFor(state, undefined, deck.cards.length)
      if (invalid) return invalid
      const ids = new Set(deck.cards.map((card) => card.cardId))
      if (ids.size !== deck.cards.length) return reject("invalid_command", "each card id may appear once in a deck")
      const { deckId, title, description, language, tier, packId } = deck
      return [
        { type: "deckCreated", deckId, title, description, language, tier, packId },
        ...deck.cards.map((card): LibraryEvent => ({ type: "cardAdded", deckId, card })),
      ]
    }
    case "updateDeck": {
      const deck = deckFor(state, command.deckId)
      if (isRejection(deck)) return deck
      const changes = definedOnly(
        Object.fromEntries(Object.entries(command.changes).filter(([key, value]) => deck[key as keyof DeckRecord] !== value)),
      )
      const invalid = marketplaceProblem(changes.tier ?? deck.tier, changes.packId !== undefined ? changes.packId : deck.packId)
      if (invalid) return invalid
      return Object.keys(changes).length === 0 ? [] : [{ type: "deckUpdated", deckId: deck.deckId, changes }]
    }
    case "retireDeck":
    case "restoreDeck": {
      const deck = deckFor(state, command.deckId)
      if (isRejection(deck)) return deck
      const wanted = command.type === "retireDeck" ? "retired" : "active"
      return deck.status === wanted ? [] : [{ type: command.type === "retireDeck" ? "deckRetired" : "deckRestored", deckId: deck.deckId }]
    }
    case "addCard": {
      const deck = deckFor(state, command.deckId)
      if (isRejection(deck)) return deck
      if (deck.cards.some((card) => card.cardId === command.card.cardId))
        return reject("conflict", `card ${command.card.cardId} is already in deck ${deck.deckId}`)
      return roomFor(state, deck, 1) ?? [{ type: "cardAdded", deckId: deck.deckId, card: command.card }]
    }
    case "editCard": {
      const deck = deckFor(state, command.deckId)
      if (isRejection(deck)) return deck
      const card = cardOf(deck, command.cardId)
      if (isRejection(card)) return card
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(([key, value]) => JSON.stringify(card[key as keyof CardRecord]) !== JSON.stringify(value)),
      )
      return Object.keys(changes).length === 0 ? [] : [{ type: "cardEdited", deckId: deck.deckId, cardId: card.cardId, changes }]
    }
    case "retireCard":
    case "restoreCard": {
      const deck = deckFor(state, command.deckId)
      if (isRejection(deck)) return deck
      const card = cardOf(deck, command.cardId)
      if (isRejection(card)) return card
      const wanted = command.type === "retireCard" ? "retired" : "active"
      if (card.status === wanted) return []
      return [{ type: command.type === "retireCard" ? "cardRetired" : "cardRestored", deckId: deck.deckId, cardId: card.cardId }]
    }
    default:
      return unknownCommand(command, "library")
  }
}

export const decideLibrary = (state: LibraryState, command: LibraryCommand, ctx: CommandContext): Decision<LibraryEvent> => {
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", "no such library in your tenant")
  if (ctx.addr.id !== ctx.addr.tenant) return reject("not_found", `an organization's library lives at library/${ctx.addr.tenant}`)
  switch (command.type) {
    case "setTier":
      if (!isSystem(ctx.user)) return reject("forbidden", "the licence tier is set by billing, not by members")
      return command.tier === state.licence.tier ? [] : [{ type: "tierChanged", from: state.licence.tier, to: command.tier }]
    case "grantPack":
    case "revokePack": {
      if (!isSystem(ctx.user)) return reject("forbidden", "marketplace packs are granted by billing, not by members")
      const owned = state.licence.packs.includes(command.packId)
      if (command.type === "grantPack") return owned ? [] : [{ type: "packGranted", packId: command.packId }]
      return owned ? [{ type: "packRevoked", packId: command.packId }] : []
    }
    case "recordAccess": {
      if (!isSystem(ctx.user)) return reject("forbidden", "accesses are recorded by the server")
      const { type: _type, ...access } = command
      return [{ type: "contentAccessed", ...access }]
    }
    case "createDeck":
    case "importDeck":
    case "updateDeck":
    case "retireDeck":
    case "restoreDeck":
    case "addCard":
    case "editCard":
    case "retireCard":
    case "restoreCard":
      if (!mayManageDecks(ctx.user)) return reject("forbidden", "only the organization's admins manage decks and cards")
      return manageDecks(state, command)
    default:
      return unknownCommand(command, "library")
  }
}

const mapDeck = (state: LibraryState, deckId: string, change: (deck: DeckRecord) => DeckRecord): LibraryState => ({
  ...state,
  decks: state.decks.map((deck) => (deck.deckId === deckId ? change(deck) : deck)),
})

const mapCard = (state: LibraryState, deckId: string, cardId: string, change: (card: CardRecord) => CardRecord): LibraryState =>
  mapDeck(state, deckId, (deck) => ({ ...deck, cards: deck.cards.map((card) => (card.cardId === cardId ? change(card) : card)) }))

export const evolveLibrary = (state: LibraryState, event: LibraryEvent): LibraryState => {
  switch (event.type) {
    case "deckCreated": {
      const { type: _type, ...deck } = event
      return { ...state, decks: [...state.decks, { ...deck, status: "active", cards: [] }] }
    }
    case "deckUpdated":
      return mapDeck(state, event.deckId, (deck) => ({ ...deck, ...event.changes }))
    case "deckRetired":
      return mapDeck(state, event.deckId, (deck) => ({ ...deck, status: "retired" }))
    case "deckRestored":
      return mapDeck(state, event.deckId, (deck) => ({ ...deck, status: "active" }))
    case "cardAdded":
      return mapDeck(state, event.deckId, (deck) => ({ ...deck, cards: [...deck.cards, { ...event.card, status: "active" }] }))
    case "cardEdited":
      return mapCard(state, event.deckId, event.cardId, (card) => ({ ...card, ...event.changes }))
    case "cardRetired":
      return mapCard(state, event.deckId, event.cardId, (card) => ({ ...card, status: "retired" }))
    case "cardRestored":
      return mapCard(state, event.deckId, event.cardId, (card) => ({ ...card, status: "active" }))
    case "tierChanged":
      return { ...state, licence: { ...state.licence, tier: event.to } }
    case "packGranted":
      return { ...state, licence: { ...state.licence, packs: [...state.licence.packs, event.packId] } }
    case "packRevoked":
      return { ...state, licence: { ...state.licence, packs: state.licence.packs.filter((pack) => pack !== event.packId) } }
    case "contentAccessed":
      return { ...state, accesses: state.accesses + 1 }
    default:
      return unknownEvent(event, state)
  }
}
