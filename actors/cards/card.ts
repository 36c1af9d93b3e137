/**
 * One photo card and one deck as the library stores them. Every field is
 * bounded; an SVG image is checked to be inert (no scripts, handlers,
 * foreign objects or external references) because clients inline it.
 */
import { Schema } from "effect"
import { Id, NonEmptyText, Text } from "../shared.ts"
import { ContentTier } from "./tiers.ts"

export const MAX_WORD = 40
export const MAX_QUESTION = 300
export const MAX_SVG = 6_000
export const MAX_URL = 2_000
export const MAX_THEMES = 8
export const MAX_TAGS = 20
export const MAX_LABEL = 40
export const MAX_DECK_TITLE = 120
export const MAX_DECK_DESCRIPTION = 2_000

export const Language = Schema.String.check(
  Schema.isPattern(/^[a-z]{2,3}(-[A-Z]{2})?$/, { message: "must be a language tag such as en, fr or pt-BR" }),
)

const unsafeSvg = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["'](?!#)/i

export const SvgMarkup = Schema.String.check(
  Schema.isMaxLength(MAX_SVG),
  Schema.isPattern(/^<svg[\s>][\s\S]*<\/svg>\s*$/, { message: "must be one <svg>...</svg> element" }),
  Schema.makeFilter((svg: string) => !unsafeSvg.test(svg) || "must not contain scripts, event handlers, foreign objects or external references"),
)

export const ImageUrl = Schema.String.check(
  Schema.isMaxLength(MAX_URL),
  Schema.isPattern(/^(https:\/\/|\/)[^\s"'<>]*$/, { message: "must be an https URL or a path on this site" }),
)

export const CardImage = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("svg"), svg: SvgMarkup }),
  Schema.Struct({ kind: Schema.Literal("url"), url: ImageUrl }),
])
export type CardImage = typeof CardImage.Type

const Label = NonEmptyText(MAX_LABEL)
const Labels = (max: number) => Schema.Array(Label).check(Schema.isMaxLength(max))

export const CardInput = Schema.Struct({
  cardId: Id,
  word: NonEmptyText(MAX_WORD),
  question: NonEmptyText(MAX_QUESTION),
  image: CardImage,
  themes: Labels(MAX_THEMES),
  tags: Labels(MAX_TAGS),
  language: Language,
  tier: ContentTier,
})
export type CardInput = typeof CardInput.Type

/** Edits name only what changes; the id and the deck stay. */
export const CardChanges = Schema.Struct({
  word: Schema.optionalKey(NonEmptyText(MAX_WORD)),
  question: Schema.optionalKey(NonEmptyText(MAX_QUESTION)),
  image: Schema.optionalKey(CardImage),
  themes: Schema.optionalKey(Labels(MAX_THEMES)),
  tags: Schema.optionalKey(Labels(MAX_TAGS)),
  language: Schema.optionalKey(Language),
  tier: Schema.optionalKey(ContentTier),
})
export type CardChanges = typeof CardChanges.Type

export const DeckFields = {
  title: NonEmptyText(MAX_DECK_TITLE),
  description: Text(MAX_DECK_DESCRIPTION),
  language: Language,
  tier: ContentTier,
  /** The marketplace pack that unlocks this deck; null for decks sold by tier. */
  packId: Schema.NullOr(Id),
}

export const DeckChanges = Schema.Struct({
  title: Schema.optionalKey(DeckFields.title),
  description: Schema.optionalKey(DeckFields.description),
  language: Schema.optionalKey(DeckFields.language),
  tier: Schema.optionalKey(DeckFields.tier),
  packId: Schema.optionalKey(DeckFields.packId),
})
export type DeckChanges = typeof DeckChanges.Type

export type CardStatus = "active" | "retired"

export interface CardRecord extends CardInput {
  readonly status: CardStatus
}

export interface DeckRecord {
  readonly deckId: string
  readonly title: string
  readonly description: string
  readonly language: string
  readonly tier: ContentTier
  readonly packId: string | null
  readonly status: CardStatus
  readonly cards: readonly CardRecord[]
}
