/** Request and response bodies of the card library, journey, recap and audit routes. */
import { Schema } from "effect"
import { CardChanges, CardInput, DeckChanges, DeckFields } from "../../actors/cards/card.ts"
import { OrgTier } from "../../actors/cards/tiers.ts"
import { Plan } from "../../actors/journey/activity.ts"
import { Id } from "./schemas.ts"

const Name = Id

export const CreateDeckRequest = Schema.Struct({
  deckId: Schema.optional(Name),
  title: DeckFields.title,
  description: Schema.optional(DeckFields.description),
  language: DeckFields.language,
  tier: DeckFields.tier,
  packId: Schema.optional(DeckFields.packId),
}).annotate({ identifier: "CreateDeckRequest" })
export const EditDeckRequest = Schema.Struct({ changes: DeckChanges }).annotate({ identifier: "EditDeckRequest" })
export const AddCardRequest = Schema.Struct({ card: CardInput }).annotate({ identifier: "AddCardRequest" })
export const EditCardRequest = Schema.Struct({ changes: CardChanges }).annotate({ identifier: "EditCardRequest" })
export const DeckFileBody = Schema.Unknown.annotate({
  identifier: "DeckFile",
  description:
    "a deck file: { deckId, title, description?, language, tier, packId?, cards: [{ cardId, word, question, image, themes?, tags?, language?, tier? }] }",
})

export const DeckSummary = Schema.Struct({
  deckId: Schema.String,
  title: Schema.String,
  description: Schema.String,
  language: Schema.String,
  tier: Schema.String,
  packId: Schema.NullOr(Schema.String),
  builtIn: Schema.Boolean,
  allowed: Schema.Boolean,
  cards: Schema.Int,
  usableCards: Schema.Int,
}).annotate({ identifier: "DeckSummary" })
export const DeckList = Schema.Struct({
  licence: Schema.Struct({ tier: OrgTier, packs: Schema.Array(Schema.String) }),
  decks: Schema.Array(DeckSummary),
}).annotate({ identifier: "DeckList" })
export const Changed = Schema.Struct({ id: Schema.String, seq: Schema.Int }).annotate({ identifier: "Changed" })

export const CreateJourneyRequest = Schema.Struct({
  journeyId: Schema.optional(Name),
  title: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120)),
  description: Schema.optional(Schema.String.check(Schema.isMaxLength(2000))),
  templateId: Schema.optional(Name),
  plan: Schema.optional(Plan),
}).annotate({ identifier: "CreateJourneyRequest" })
export const ReviseJourneyRequest = Schema.Struct({
  title: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))),
  description: Schema.optional(Schema.String.check(Schema.isMaxLength(2000))),
  plan: Schema.optional(Plan),
  note: Schema.optional(Schema.String.check(Schema.isMaxLength(300))),
}).annotate({ identifier: "ReviseJourneyRequest" })
export const StartSessionRequest = Schema.Struct({
  version: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  title: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))),
  sessionId: Schema.optional(Name),
}).annotate({ identifier: "StartSessionRequest" })
export const SessionStarted = Schema.Struct({
  addr: Schema.String,
  code: Schema.String,
  seq: Schema.Int,
  journey: Schema.Struct({ journeyId: Schema.String, version: Schema.Int }),
}).annotate({ identifier: "SessionStarted" })
export const Empty = Schema.Struct({}).annotate({ identifier: "Empty" })
