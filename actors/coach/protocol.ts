/**
 * The coach actor's wire protocol (`coach/<user id>`): one user's
 * conversations with the AI coach, and the facilitator copilot's drafts
 * made for them. The user asks and gives feedback; only the node itself
 * (the system user) records answers and drafts, so an answer's text,
 * citations and token counts, and a draft's model and tokens, are always
 * what the node produced.
 */
import { Schema } from "effect"
import { Id, NonEmptyText, Text } from "../shared.ts"

export const MAX_QUESTION = 1_000
export const MAX_ANSWER = 8_000
export const MAX_CITATIONS = 12
export const MAX_LABEL = 200
/** Turns kept in the state (history); older ones stay in the log only. */
export const MAX_TURNS = 100
/** Copilot draft ids kept in the state so a retried record is recognised; a draft is retried within seconds, not after hundreds more. */
export const MAX_DRAFT_IDS = 500

/** `card:<deck>/<card>` or `entry:<entry id>`, as ml/retrieval's passageRef writes it. */
export const PassageRef = Schema.String.check(
  Schema.isPattern(/^(card:[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}|entry:[A-Za-z0-9_-]{1,64})$/, {
    message: "must be card:<deck>/<card> or entry:<id>",
  }),
)

export const Citation = Schema.Struct({
  number: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 99 })),
  ref: PassageRef,
  label: Text(MAX_LABEL),
})
export type Citation = typeof Citation.Type

/** How the answer came about: a model (or the extractive coach), the crisis reply, nothing retrieved, or the model failed. */
export const AnswerKind = Schema.Literals(["model", "crisis", "nothing", "failed"])
export type AnswerKind = typeof AnswerKind.Type

/** What the facilitator copilot drafted: reflection questions for the room, or a session summary. */
export const DraftPurpose = Schema.Literals(["questions", "summary"])
export type DraftPurpose = typeof DraftPurpose.Type

/** Who wrote the draft the facilitator got: the configured model, or the extractive default (also after a model's failure). */
export const DraftGenerator = Schema.Literals(["model", "extractive"])
export type DraftGenerator = typeof DraftGenerator.Type

const Tokens = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 10_000_000 }))
const Language = Schema.String.check(Schema.isPattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: "must be a BCP 47 tag like en or he-IL" }))

const command = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })
const event = command

export const CoachCommand = Schema.Union([
  command("startConversation", { conversationId: Schema.optionalKey(Id) }),
  command("askQuestion", { questionId: Id, text: NonEmptyText(MAX_QUESTION), language: Schema.optionalKey(Language) }),
  command("recordAnswer", {
    questionId: Id,
    text: Text(MAX_ANSWER),
    citations: Schema.Array(Citation).check(Schema.isMaxLength(MAX_CITATIONS)),
    kind: AnswerKind,
    model: Text(100),
    promptTokens: Tokens,
    completionTokens: Tokens,
  }),
  command("giveFeedback", { questionId: Id, helpful: Schema.Boolean }),
  /** The node meters a copilot draft on its facilitator's actor; `model` is the model whose tokens these are. */
  command("recordCopilotDraft", {
    draftId: Id,
    purpose: DraftPurpose,
    sessionId: Id,
    generatedBy: DraftGenerator,
    model: Text(100),
    promptTokens: Tokens,
    completionTokens: Tokens,
  }),
])
export type CoachCommand = typeof CoachCommand.Type

export const CoachEvent = Schema.Union([
  event("conversationStarted", { conversationId: Id }),
  event("questionAsked", { questionId: Id, conversationId: Id, text: NonEmptyText(MAX_QUESTION), language: Schema.String }),
  event("answerGiven", {
    questionId: Id,
    text: Text(MAX_ANSWER),
    citations: Schema.Array(Citation),
    kind: AnswerKind,
    model: Schema.String,
    promptTokens: Tokens,
    completionTokens: Tokens,
  }),
  event("feedbackGiven", { questionId: Id, helpful: Schema.Boolean }),
  event("copilotDrafted", {
    draftId: Id,
    purpose: DraftPurpose,
    sessionId: Id,
    generatedBy: DraftGenerator,
    model: Schema.String,
    promptTokens: Tokens,
    completionTokens: Tokens,
  }),
])
export type CoachEvent = typeof CoachEvent.Type
