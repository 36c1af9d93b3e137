/**
 * The simulation's card library steps: admins build and change their own
 * decks, billing (the system identity) moves the licence, the gateway
 * records accesses; and organizations being created, which is when a
 * tenant's library first appears for the cards read model.
 */
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { initialLibrary, type LibraryState } from "../../actors/cards/decider.ts"
import { libraryKind } from "../../actors/cards/index.ts"
import { SYSTEM_USER_ID } from "../../actors/cards/rules.ts"
import { SAMPLE_DECK_ID, TIDES_PACK_ID } from "../../actors/cards/sample-deck/index.ts"
import { CONTENT_TIERS, ORG_TIERS } from "../../actors/cards/tiers.ts"
import { organizationKind } from "../../actors/organization/index.ts"
import type { Driver } from "./driver.ts"
import type { Random } from "../../engine/random.ts"

const PACKS = [TIDES_PACK_ID, "calm-pack"]
// Shaped like the gateway's scrypt hashes; the simulation never signs anyone in.
const FAKE_PASSWORD_HASH = "scrypt$16384$8$1$c2FsdA==$aGFzaA=="

const systemOf = (tenant: string): User => ({ id: SYSTEM_USER_ID, tenant, roles: ["admin"] })

export const createOrganization = (driver: Driver, tenant: string, admin: User) =>
  driver.send(organizationKind, makeAddress(tenant, "organization", tenant), systemOf(tenant), {
    type: "create",
    name: `${tenant} coaching`,
    admin: { userId: admin.id, email: `${admin.id}@example.test`, name: `${admin.id} name`, passwordHash: FAKE_PASSWORD_HASH },
  })

export const libraryStep = (driver: Driver, r: Random, tenant: string, people: readonly User[], words: readonly string[]) => {
  const addr = makeAddress(tenant, "library", tenant)
  const state = driver.state<LibraryState>(addr) ?? initialLibrary(addr)
  const admin = people.find((u) => u.roles.includes("admin"))!
  const send = (user: User, command: object) => driver.send(libraryKind, addr, user, command)
  const word = () => r.pick(words)
  const newCard = () => {
    const cardId = `k${driver.nextId()}`
    const w = word()
    return {
      cardId,
      word: w,
      question: `What does ${w} ask of you?`,
      image: r.chance(0.5)
        ? { kind: "svg", svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="${1 + r.int(4)}"/></svg>` }
        : { kind: "url", url: `/cards/${cardId}.png` },
      themes: [word()],
      tags: r.chance(0.5) ? [word()] : [],
      language: "en",
      tier: r.pick(CONTENT_TIERS),
    }
  }
  const newDeck = () => {
    const tier = r.pick(CONTENT_TIERS)
    const packId = tier === "marketplace" || r.chance(0.2) ? r.pick(PACKS) : null
    return { deckId: `d${driver.nextId()}`, title: `${word()} deck`, description: `Cards about ${word()}`, language: "en", tier, packId }
  }
  const deck = state.decks.length > 0 ? r.pick(state.decks) : undefined
  const card = deck && deck.cards.length > 0 ? r.pick(deck.cards) : undefined
  const choice = r.int(14)
  if (choice < 1) return send(systemOf(tenant), { type: "setTier", tier: r.pick(ORG_TIERS) })
  if (choice < 3) return send(systemOf(tenant), { type: r.pick(["grantPack", "revokePack"]), packId: r.pick(PACKS) })
  if (choice < 4) {
    const access = {
      userId: r.pick(people).id,
      deckId: deck?.deckId ?? SAMPLE_DECK_ID,
      tier: "pro",
      packId: null,
      cards: 1 + r.int(5),
      purpose: "view",
    }
    return send(systemOf(tenant), { type: "recordAccess", ...access })
  }
  if (choice < 5 || !deck) {
    if (r.chance(0.5)) return send(admin, { type: "createDeck", ...newDeck() })
    return send(admin, { type: "importDeck", deck: { ...newDeck(), cards: Array.from({ length: 1 + r.int(4) }, newCard) } })
  }
  if (choice < 8 || !card) return send(admin, { type: "addCard", deckId: deck.deckId, card: newCard() })
  if (choice < 11) {
    const { cardId: _id, ...fresh } = newCard()
    const changes = Object.fromEntries(Object.entries(fresh).filter(() => r.chance(0.4)))
    return send(admin, { type: "editCard", deckId: deck.deckId, cardId: card.cardId, changes })
  }
  if (choice < 12) return send(admin, { type: card.status === "active" ? "retireCard" : "restoreCard", deckId: deck.deckId, cardId: card.cardId })
  if (choice < 13) return send(admin, { type: deck.status === "active" ? "retireDeck" : "restoreDeck", deckId: deck.deckId })
  const { deckId: _deck, ...fields } = newDeck()
  return send(admin, { type: "updateDeck", deckId: deck.deckId, changes: Object.fromEntries(Object.entries(fields).filter(() => r.chance(0.4))) })
}
