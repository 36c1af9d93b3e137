/** The coach decider: questions and feedback from the asker, answers and copilot drafts from the node. */
import { reject, unknownCommand, unknownEvent, type CommandContext, type Decision, type EventEnvelope } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { isSystem } from "../journal/rules.ts"
import { sameTenant } from "../shared-values.ts"
import { MAX_DRAFT_IDS, MAX_TURNS, type AnswerKind, type Citation, type CoachCommand, type CoachEvent } from "./protocol.ts"
import { isAsker, isGuest } from "./rules.ts"

export interface CoachAnswer {
  readonly text: string
  readonly citations: readonly Citation[]
  readonly kind: AnswerKind
  readonly model: string
  readonly promptTokens: number
  readonly completionTokens: number
  readonly at: number
}

export interface CoachTurn {
  readonly questionId: string
  readonly conversationId: string
  readonly question: string
  readonly language: string
  readonly askedAt: number
  readonly answer: CoachAnswer | null
  readonly feedback: "helpful" | "notHelpful" | null
}

export interface CoachState {
  readonly tenant: string
  /** The asker's user id. */
  readonly id: string
  readonly conversationId: string | null
  readonly turns: readonly CoachTurn[]
  /**
   * The newest copilot drafts recorded for this user, by id, so recording one
   * again changes nothing. Absent in snapshots taken before drafts were metered.
   */
  readonly copilotDraftIds?: readonly string[]
}

export const initialState = (addr: Address): CoachState => ({ tenant: addr.tenant, id: addr.id, conversationId: null, turns: [] })

const turnOf = (state: CoachState, questionId: string) => state.turns.find((turn) => turn.questionId === questionId)

export const decide = (state: CoachState, command: CoachCommand, ctx: CommandContext): Decision<CoachEvent> => {
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no coach/${state.id} in your tenant`)
  if (command.type === "recordAnswer") {
    if (!isSystem(ctx.user)) return reject("forbidden", "answers are recorded by the coach itself; ask through POST /api/coach/ask")
    const turn = turnOf(state, command.questionId)
    if (!turn) return reject("not_found", `no question ${command.questionId} in this conversation`)
    if (turn.answer) return reject("conflict", `question ${command.questionId} has its answer already`)
    const { type: _type, ...answer } = command
    return [{ type: "answerGiven", ...answer }]
  }
  if (command.type === "recordCopilotDraft") {
    if (!isSystem(ctx.user))
      return reject("forbidden", "copilot drafts are recorded by the node that drafted them; draft through /api/sessions/{id}/copilot")
    // Idempotent: a record retried after a lost acknowledgement must not meter the draft twice.
    if (state.copilotDraftIds?.includes(command.draftId)) return []
    const { type: _type, ...draft } = command
    return [{ type: "copilotDrafted", ...draft }]
  }
  if (isGuest(ctx.user)) return reject("forbidden", "guests do not use the coach: sign in with an account of the organization")
  if (!isAsker(state, ctx.user)) return reject("forbidden", `a conversation with the coach is its user's alone: open coach/${ctx.user.id}`)
  switch (command.type) {
    case "startConversation":
      return [{ type: "conversationStarted", conversationId: command.conversationId ?? ctx.newId() }]
    case "askQuestion": {
      if (turnOf(state, command.questionId)) return reject("conflict", `question ${command.questionId} was asked already`)
      const started: CoachEvent[] = state.conversationId === null ? [{ type: "conversationStarted", conversationId: ctx.newId() }] : []
      const conversationId = state.conversationId ?? (started[0] as { conversationId: string }).conversationId
      return [
        ...started,
        { type: "questionAsked", questionId: command.questionId, conversationId, text: command.text, language: command.language ?? "en" },
      ]
    }
    case "giveFeedback": {
      const turn = turnOf(state, command.questionId)
      if (!turn) return reject("not_found", `no question ${command.questionId} in this conversation`)
      if (!turn.answer) return reject("conflict", `question ${command.questionId} has no answer yet to rate`)
      if (turn.feedback === (command.helpful ? "helpful" : "notHelpful")) return []
      return [{ type: "feedbackGiven", questionId: command.questionId, helpful: command.helpful }]
    }
    default:
      return unknownCommand(command, "coach")
  }
}

const mapTurn = (state: CoachState, questionId: string, change: (turn: CoachTurn) => CoachTurn): CoachState => ({
  ...state,
  turns: state.turns.map((turn) => (turn.questionId === questionId ? change(turn) : turn)),
})

export const evolve = (state: CoachState, event: CoachEvent, envelope: EventEnvelope): CoachState => {
  switch (event.type) {
    case "conversationStarted":
      return { ...state, conversationId: event.conversationId }
    case "questionAsked": {
      const turn: CoachTurn = {
        questionId: event.questionId,
        conversationId: event.conversationId,
        question: event.text,
        language: event.language,
        askedAt: envelope.at,
        answer: null,
        feedback: null,
      }
      return { ...state, turns: [...state.turns, turn].slice(-MAX_TURNS) }
    }
    case "answerGiven": {
      const { type: _type, questionId, ...answer } = event
      return mapTurn(state, questionId, (turn) => ({ ...turn, answer: { ...answer, at: envelope.at } }))
    }
    case "feedbackGiven":
      return mapTurn(state, event.questionId, (turn) => ({ ...turn, feedback: event.helpful ? "helpful" : "notHelpful" }))
    case "copilotDrafted":
      return { ...state, copilotDraftIds: [...(state.copilotDraftIds ?? []), event.draftId].slice(-MAX_DRAFT_IDS) }
    default:
      return unknownEvent(event, state)
  }
}
