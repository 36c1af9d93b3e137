/**
 * Session commands and events for card work: the server loads the decks the
 * organization's licence covers, facilitators draw spreads (face up, or face
 * down from a seeded shuffle recorded in the event; the whole deck, or cards
 * the facilitator chose), members pick cards
 * privately, and facilitators reveal the picks all at once or one person at a time.
 */
import { Schema } from "effect"
import { ContentTier, Licence } from "../cards/tiers.ts"
import { Id, NonEmptyText } from "../shared.ts"
import { MAX_DRAW, MAX_LOADED_CARDS, MAX_LOADED_DECKS, MAX_PICKS_PER_PERSON } from "./limits.ts"

export { MAX_DRAW, MAX_LOADED_CARDS, MAX_LOADED_DECKS, MAX_PICKS_PER_PERSON } from "./limits.ts"

const Count = (min: number, max: number) => Schema.Int.check(Schema.isBetween({ minimum: min, maximum: max }))

export const LoadedCard = Schema.Struct({ cardId: Id, word: NonEmptyText(40), tier: ContentTier })
export type LoadedCard = typeof LoadedCard.Type

export const LoadedDeck = Schema.Struct({
  deckId: Id,
  title: NonEmptyText(120),
  tier: ContentTier,
  packId: Schema.NullOr(Id),
  cards: Schema.Array(LoadedCard).check(Schema.isMaxLength(MAX_LOADED_CARDS)),
})
export type LoadedDeck = typeof LoadedDeck.Type

const LoadedDecks = Schema.Array(LoadedDeck).check(Schema.isMaxLength(MAX_LOADED_DECKS))

export const RevealedPick = Schema.Struct({ userId: Id, cardId: Id, position: Schema.NullOr(Schema.Int) })
export type RevealedPick = typeof RevealedPick.Type

const message = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

export const CardCommands = [
  /** From the server's system identity only: the organization's licence and the decks it may draw from. */
  message("loadDecks", { licence: Licence, decks: LoadedDecks }),
  /**
   * With `cardIds` the facilitator chooses the cards (unique, from the deck's
   * cards the licence covers, `count` of them); the spread shuffles them, so
   * a face-down deal still hides which position holds which.
   */
  message("drawCards", {
    deckId: Id,
    count: Count(1, MAX_DRAW),
    faceDown: Schema.Boolean,
    picksPerPerson: Count(0, MAX_PICKS_PER_PERSON),
    cardIds: Schema.optionalKey(Schema.Array(Id).check(Schema.isMaxLength(MAX_DRAW))),
  }),
  /** A face-up spread is picked by card, a face-down one by position. */
  message("pickCard", { drawId: Id, cardId: Schema.optionalKey(Id), position: Schema.optionalKey(Count(0, MAX_DRAW - 1)) }),
  /** Without a userId: every pick not yet revealed in the draw. */
  message("revealPicks", { drawId: Id, userId: Schema.optionalKey(Id) }),
] as const

export const CardEvents = [
  message("decksLoaded", { licence: Licence, decks: LoadedDecks }),
  message("cardsDrawn", {
    drawId: Id,
    deckId: Id,
    deckTier: ContentTier,
    packId: Schema.NullOr(Id),
    faceDown: Schema.Boolean,
    count: Count(1, MAX_DRAW),
    picksPerPerson: Count(0, MAX_PICKS_PER_PERSON),
    /** The shuffle's seed and the size of the pool it shuffled (the deck's cards the licence covers, in deck order). */
    seed: Schema.String.check(Schema.isMaxLength(128)),
    poolSize: Schema.Int,
    cardIds: Schema.Array(Id).check(Schema.isMaxLength(MAX_DRAW)),
  }),
  /**
   * `cardId` and `position` are null only in the view of a member who may not
   * see the pick yet (redact.ts): they learn that someone picked, not what.
   * The log always holds both.
   */
  message("cardPicked", { drawId: Id, userId: Id, cardId: Schema.NullOr(Id), position: Schema.NullOr(Schema.Int) }),
  message("picksRevealed", { drawId: Id, picks: Schema.Array(RevealedPick) }),
] as const
