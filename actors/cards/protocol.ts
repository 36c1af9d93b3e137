/**
 * The card library actor's wire protocol (`library/<tenant>`): one per
 * organization, holding its own decks and cards and its licence (tier and
 * marketplace packs). Built-in decks (the sample deck) live in code, not
 * here. Licence commands and access records come only from the server's
 * system identity: billing sets tiers, the gateway records accesses.
 */
import { Schema } from "effect"
import { Id } from "../shared.ts"
import { CardChanges, CardInput, DeckChanges, DeckFields } from "./card.ts"
import { ContentTier, OrgTier } from "./tiers.ts"

export * from "./card.ts"

export const MAX_DECKS = 60
export const MAX_CARDS_PER_DECK = 200
export const MAX_LIBRARY_CARDS = 600
/** What one import may carry, so its commit fits a JetStream message (1 MiB). */
export const MAX_IMPORT_CARDS = 120
/** Ids of built-in decks start with this; a tenant's own decks may not. */
export const BUILT_IN_PREFIX = "studio-"

export const DeckImport = Schema.Struct({
  deckId: Id,
  ...DeckFields,
  cards: Schema.Array(CardInput).check(Schema.isMinLength(1), Schema.isMaxLength(MAX_IMPORT_CARDS)),
})
export type DeckImport = typeof DeckImport.Type

const command = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

export const AccessPurpose = Schema.Literals(["view", "export"])

export const LibraryCommand = Schema.Union([
  command("createDeck", { deckId: Id, ...DeckFields }),
  command("updateDeck", { deckId: Id, changes: DeckChanges }),
  command("retireDeck", { deckId: Id }),
  command("restoreDeck", { deckId: Id }),
  command("addCard", { deckId: Id, card: CardInput }),
  command("editCard", { deckId: Id, cardId: Id, changes: CardChanges }),
  command("retireCard", { deckId: Id, cardId: Id }),
  command("restoreCard", { deckId: Id, cardId: Id }),
  command("importDeck", { deck: DeckImport }),
  command("setTier", { tier: OrgTier }),
  command("grantPack", { packId: Id }),
  command("revokePack", { packId: Id }),
  /** The gateway records that a member opened licensed content (a built-in deck or one of the library's). */
  command("recordAccess", {
    userId: Id,
    deckId: Id,
    tier: ContentTier,
    packId: Schema.NullOr(Id),
    cards: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 10_000 })),
    purpose: AccessPurpose,
  }),
])
export type LibraryCommand = typeof LibraryCommand.Type

export const LibraryEvent = Schema.Union([
  command("deckCreated", { deckId: Id, ...DeckFields }),
  command("deckUpdated", { deckId: Id, changes: DeckChanges }),
  command("deckRetired", { deckId: Id }),
  command("deckRestored", { deckId: Id }),
  command("cardAdded", { deckId: Id, card: CardInput }),
  command("cardEdited", { deckId: Id, cardId: Id, changes: CardChanges }),
  command("cardRetired", { deckId: Id, cardId: Id }),
  command("cardRestored", { deckId: Id, cardId: Id }),
  command("tierChanged", { from: OrgTier, to: OrgTier }),
  command("packGranted", { packId: Id }),
  command("packRevoked", { packId: Id }),
  command("contentAccessed", {
    userId: Id,
    deckId: Id,
    tier: ContentTier,
    packId: Schema.NullOr(Id),
    cards: Schema.Int,
    purpose: AccessPurpose,
  }),
])
export type LibraryEvent = typeof LibraryEvent.Type
