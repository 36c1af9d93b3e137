/**
 * The card faces a reader's canvas export may show, by the same rules as
 * the card library's own routes (../http/deck-routes.ts):
 *
 * - a member (admin, facilitator, participant, educator) sees the active
 *   cards of decks the organization's licence covers, as `GET /api/decks/:id`
 *   shows them; opening licensed ones is recorded in the library as an
 *   access for export, as opening them to view is;
 * - a guest (a token for one session) sees only the cards that session's
 *   view shows it (face-up spreads, the picks it may see), as
 *   `GET /api/sessions/:id/cards` gives them;
 * - anyone else, and any card not covered, gets the card's back.
 *
 * A canvas's card element names a card id only; the first deck holding that
 * id, in catalogue order (built-in decks first), is the card.
 */
import { randomUUID } from "node:crypto"
import { Effect } from "effect"
import type { CardFace } from "../../actors/canvas/drawing.ts"
import type { CanvasElement } from "../../actors/canvas/state.ts"
import type { CardRecord } from "../../actors/cards/card.ts"
import { catalogueDecks } from "../../actors/cards/catalogue.ts"
import { LIBRARY_KIND, usableDeck, type LibraryState } from "../../actors/cards/index.ts"
import { FREE_LICENCE, isLicensed } from "../../actors/cards/tiers.ts"
import { cardsInView } from "../../actors/session/cards.ts"
import type { SessionState } from "../../actors/session/state.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { ActorSystem } from "../../engine/runtime/api.ts"
import { sessionOfScope } from "../auth/guest-scope.ts"
import { systemUser } from "../directory.ts"
import { readActor } from "../http/actor-reads.ts"

/** The roles the library's deck routes serve (deck-routes.ts): every member of the organization. */
const MEMBER_ROLES = new Set(["admin", "facilitator", "participant", "educator"])

const faceOf = (card: CardRecord): CardFace => ({ word: card.word, question: card.question, image: card.image })

const readLibrary = async (system: ActorSystem, tenant: string): Promise<LibraryState> =>
  (await readActor<LibraryState>(system, makeAddress(tenant, LIBRARY_KIND, tenant), systemUser(tenant))) ?? {
    tenant,
    licence: FREE_LICENCE,
    decks: [],
    accesses: 0,
  }

export const cardFacesFor = async (
  system: ActorSystem,
  user: User,
  scope: string | undefined,
  elements: readonly CanvasElement[],
): Promise<Record<string, CardFace>> => {
  const wanted = new Set(elements.flatMap((e) => (e.kind === "card" ? [e.cardId] : [])))
  if (wanted.size === 0) return {}
  const faces: Record<string, CardFace> = {}
  const guestSession = sessionOfScope(scope)
  if (guestSession !== undefined) {
    const view = await readActor<SessionState>(system, makeAddress(user.tenant, "session", guestSession), user)
    const shown = view ? cardsInView(view).filter(({ cardId }) => wanted.has(cardId)) : []
    if (shown.length === 0) return faces
    const library = await readLibrary(system, user.tenant)
    const decks = catalogueDecks(library)
    for (const { deckId, cardId } of shown) {
      const card = decks.find(({ deck }) => deck.deckId === deckId)?.deck.cards.find((c) => c.cardId === cardId)
      if (card && !(cardId in faces)) faces[cardId] = faceOf(card)
    }
    return faces
  }
  if (!user.roles.some((role) => MEMBER_ROLES.has(role))) return faces
  const library = await readLibrary(system, user.tenant)
  const licensedByDeck = new Map<string, { deckId: string; tier: CardRecord["tier"]; packId: string | null; cards: number }>()
  for (const { deck } of catalogueDecks(library)) {
    const usable = usableDeck(deck, library.licence)
    for (const card of usable?.cards ?? []) {
      if (!wanted.has(card.cardId) || card.cardId in faces) continue
      faces[card.cardId] = faceOf(card)
      if (!isLicensed({ tier: card.tier, packId: deck.packId })) continue
      const entry = licensedByDeck.get(deck.deckId) ?? { deckId: deck.deckId, tier: card.tier, packId: deck.packId, cards: 0 }
      entry.cards++
      licensedByDeck.set(deck.deckId, entry)
    }
  }
  for (const access of licensedByDeck.values()) {
    await Effect.runPromise(
      system.send(makeAddress(user.tenant, LIBRARY_KIND, user.tenant), systemUser(user.tenant), `access-${randomUUID()}`, {
        type: "recordAccess",
        userId: user.id,
        deckId: access.deckId,
        tier: access.tier,
        packId: access.packId,
        cards: access.cards,
        purpose: "export",
      }),
    )
  }
  return faces
}
