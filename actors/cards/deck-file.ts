/**
 * Reading a deck from an uploaded JSON file. The file is friendlier than the
 * import command (a card's language and tier default to the deck's, themes
 * and tags to none); every problem is reported with the path of the field
 * that causes it, so an admin can fix the whole file in one pass.
 */
import { Exit, Schema, SchemaIssue } from "effect"
import { Id } from "../shared.ts"
import { CardImage, DeckFields, MAX_TAGS, MAX_THEMES } from "./card.ts"
import { BUILT_IN_PREFIX, DeckImport, MAX_IMPORT_CARDS } from "./protocol.ts"

const Label = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(40))

const FileCard = Schema.Struct({
  cardId: Id,
  word: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(40)),
  question: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(300)),
  image: CardImage,
  themes: Schema.optionalKey(Schema.Array(Label).check(Schema.isMaxLength(MAX_THEMES))),
  tags: Schema.optionalKey(Schema.Array(Label).check(Schema.isMaxLength(MAX_TAGS))),
  language: Schema.optionalKey(DeckFields.language),
  tier: Schema.optionalKey(DeckFields.tier),
})

export const DeckFile = Schema.Struct({
  deckId: Id,
  title: DeckFields.title,
  description: Schema.optionalKey(DeckFields.description),
  language: DeckFields.language,
  tier: DeckFields.tier,
  packId: Schema.optionalKey(DeckFields.packId),
  cards: Schema.Array(FileCard).check(Schema.isMinLength(1), Schema.isMaxLength(MAX_IMPORT_CARDS)),
})
export type DeckFile = typeof DeckFile.Type

export interface FieldProblem {
  /** Where in the file, e.g. `cards[3].word`; `(file)` for the whole document. */
  readonly field: string
  readonly message: string
}

export type DeckFileResult = { readonly ok: true; readonly deck: DeckImport } | { readonly ok: false; readonly problems: readonly FieldProblem[] }

const fieldPath = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? "(file)" : path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("")

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()
const decodeFile = Schema.decodeUnknownExit(DeckFile)

/** Checks that need the whole file: repeated ids, marketplace content without a pack, reserved ids. */
const crossFieldProblems = (file: DeckFile): FieldProblem[] => {
  const problems: FieldProblem[] = []
  const packId = file.packId ?? null
  if (file.deckId.startsWith(BUILT_IN_PREFIX))
    problems.push({ field: "deckId", message: `must not start with ${BUILT_IN_PREFIX} (kept for built-in decks)` })
  if (file.tier === "marketplace" && packId === null)
    problems.push({ field: "packId", message: "a marketplace deck needs the packId that unlocks it" })
  const firstSeen = new Map<string, number>()
  file.cards.forEach((card, i) => {
    const earlier = firstSeen.get(card.cardId)
    if (earlier !== undefined) problems.push({ field: `cards[${i}].cardId`, message: `repeats cards[${earlier}].cardId (${card.cardId})` })
    else firstSeen.set(card.cardId, i)
    if (card.tier === "marketplace" && packId === null)
      problems.push({ field: `cards[${i}].tier`, message: "a marketplace card needs a deck with a packId" })
  })
  return problems
}

export const readDeckFile = (input: unknown): DeckFileResult => {
  const decoded = decodeFile(input, { errors: "all" })
  if (Exit.isFailure(decoded)) {
    const error = decoded.cause.reasons.find((reason) => reason._tag === "Fail")
    const issue = error && "error" in error ? (error.error as { issue?: SchemaIssue.Issue }).issue : undefined
    if (!issue) return { ok: false, problems: [{ field: "(file)", message: "is not a deck file" }] }
    const problems = formatter(issue).issues.map((found) => ({
      field: fieldPath((found.path ?? []).map((key) => (typeof key === "object" ? key.key : key))),
      message: found.message,
    }))
    return { ok: false, problems }
  }
  const file = decoded.value
  const problems = crossFieldProblems(file)
  if (problems.length > 0) return { ok: false, problems }
  const deck: DeckImport = {
    deckId: file.deckId,
    title: file.title,
    description: file.description ?? "",
    language: file.language,
    tier: file.tier,
    packId: file.packId ?? null,
    cards: file.cards.map((card) => ({
      cardId: card.cardId,
      word: card.word,
      question: card.question,
      image: card.image,
      themes: card.themes ?? [],
      tags: card.tags ?? [],
      language: card.language ?? file.language,
      tier: card.tier ?? file.tier,
    })),
  }
  return { ok: true, deck }
}

export const describeProblems = (problems: readonly FieldProblem[]): string =>
  problems.map((problem) => `${problem.field}: ${problem.message}`).join("; ")
