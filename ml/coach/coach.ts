/**
 * The coach: a question in, an answer streamed out with its citations.
 *
 * 1. The question is recorded on the asker's `coach/<user id>` actor first,
 *    which refuses guests and anyone else's conversation; the conversation's
 *    earlier turns are read back from it (history.ts: which ones, how many).
 * 2. Crisis language gets the kind reply at once; no model is called.
 * 3. Retrieval gives the passages the asker may see (the tier's cards, their
 *    own entries shared with the AI coach); none means the "nothing" reply.
 *    A short follow-up is searched with the previous question's words.
 * 4. The model answers from those passages only, as numbered sources, with
 *    the earlier turns before the question; for an outside model the prompt
 *    is stripped of names and emails first.
 * 5. Its citations are checked against what was retrieved, and the answer,
 *    citations and tokens are recorded on the actor (metering folds them).
 */
import { Effect } from "effect"
import type { CoachTurn } from "../../actors/coach/index.ts"
import type { AnswerKind, Citation } from "../../actors/coach/protocol.ts"
import { isLlmError, type LanguageModel, type Usage } from "../llm/port.ts"
import type { Asker, Passage, Retriever } from "../retrieval/port.ts"
import { checkCitations } from "./citations.ts"
import { isCrisis } from "./crisis.ts"
import { earlierTurnsOf, retrievalQueryOf, type EarlierTurn } from "./history.ts"
import { buildMessages, sourcesOf } from "./prompt.ts"
import { makeRedactor } from "./redact.ts"
import { repliesFor } from "./replies.ts"

/** Passages of each kind per answer. */
export const PASSAGES_PER_KIND = 4
const ANSWER_TIMEOUT_MS = 60_000

export interface RecordedAnswer {
  readonly text: string
  readonly citations: readonly Citation[]
  readonly kind: AnswerKind
  readonly model: string
  readonly promptTokens: number
  readonly completionTokens: number
}

/** Where questions and answers are recorded: the asker's coach actor. */
export interface CoachRecorder {
  /** As the asker; rejects (with the actor's refusal) when they may not ask. */
  questionAsked(asker: Asker, questionId: string, text: string, language: string): Promise<void>
  /** As the node itself. */
  answerGiven(asker: Asker, questionId: string, answer: RecordedAnswer): Promise<void>
  /** The asker's turns as their actor holds them now, oldest first (the question just asked included). */
  turns(asker: Asker): Promise<readonly CoachTurn[]>
}

export interface CoachDeps {
  readonly retriever: Retriever
  readonly model: LanguageModel
  readonly recorder: CoachRecorder
  /** The organization's members' names, stripped before any call to an outside model. */
  readonly people: (tenant: string) => readonly string[] | Promise<readonly string[]>
  /** How many characters of earlier turns a prompt carries; HISTORY_BUDGET_CHARS unless a test asks for less. */
  readonly historyBudgetChars?: number
}

export interface AskRequest {
  readonly asker: Asker
  readonly questionId: string
  readonly question: string
  readonly language: string
  readonly signal?: AbortSignal
}

export type CoachStreamEvent =
  | { readonly type: "delta"; readonly text: string }
  | { readonly type: "citations"; readonly citations: readonly Citation[] }
  | { readonly type: "done"; readonly questionId: string; readonly kind: AnswerKind; readonly model: string; readonly usage: Usage }
  | { readonly type: "error"; readonly code: string; readonly message: string }

export interface Coach {
  readonly model: LanguageModel
  /** Records the question (rejecting as the actor does), then streams the answer. */
  ask(request: AskRequest): Promise<AsyncIterable<CoachStreamEvent>>
}

const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0 }

export const makeCoach = (deps: CoachDeps): Coach => {
  async function* reply(request: AskRequest, kind: "crisis" | "nothing"): AsyncIterable<CoachStreamEvent> {
    const text = repliesFor(request.language)[kind]
    yield { type: "delta", text }
    yield { type: "citations", citations: [] }
    await deps.recorder.answerGiven(request.asker, request.questionId, { text, citations: [], kind, model: "none", ...NO_USAGE })
    yield { type: "done", questionId: request.questionId, kind, model: "none", usage: NO_USAGE }
  }

  async function* answer(request: AskRequest, retrieved: readonly Passage[], earlier: readonly EarlierTurn[]): AsyncIterable<CoachStreamEvent> {
    // Best first across kinds (the retriever lists cards, then entries): a model that reads only its first sources reads the best ones.
    const passages = [...retrieved].sort((a, b) => b.score - a.score)
    const sources = sourcesOf(passages)
    let messages = buildMessages(request.question, sources, request.language, earlier)
    let chatSources = sources
    if (deps.model.outside) {
      const redact = makeRedactor(await deps.people(request.asker.tenant))
      messages = messages.map((message) => ({ ...message, content: redact(message.content) }))
      chatSources = sources.map((source) => ({ ...source, label: redact(source.label), text: redact(source.text) }))
    }
    let text = ""
    let usage = NO_USAGE
    try {
      for await (const chunk of deps.model.chat({
        messages,
        sources: chatSources,
        language: request.language,
        timeoutMs: ANSWER_TIMEOUT_MS,
        ...(request.signal ? { signal: request.signal } : {}),
      })) {
        if (chunk.type === "delta") {
          text += chunk.text
          yield { type: "delta", text: chunk.text }
        } else usage = { promptTokens: chunk.promptTokens, completionTokens: chunk.completionTokens }
      }
    } catch (error) {
      if (!isLlmError(error)) throw error
      await deps.recorder.answerGiven(request.asker, request.questionId, {
        text: text.slice(0, 8_000),
        citations: [],
        kind: "failed",
        model: deps.model.model,
        ...usage,
      })
      yield { type: "error", code: error.code, message: error.message }
      return
    }
    const { citations } = checkCitations(text, passages)
    yield { type: "citations", citations }
    await deps.recorder.answerGiven(request.asker, request.questionId, {
      text: text.slice(0, 8_000),
      citations,
      kind: "model",
      model: deps.model.model,
      ...usage,
    })
    yield { type: "done", questionId: request.questionId, kind: "model", model: deps.model.model, usage }
  }

  /** History makes answers better, not possible: when it cannot be read, the question is answered on its own. */
  const earlierTurns = async (request: AskRequest): Promise<EarlierTurn[]> => {
    try {
      return earlierTurnsOf(await deps.recorder.turns(request.asker), request.questionId, deps.historyBudgetChars)
    } catch (error) {
      console.error(
        JSON.stringify({ level: "warn", component: "coach", message: "earlier turns unreadable; answering without them", error: String(error) }),
      )
      return []
    }
  }

  async function* respond(request: AskRequest): AsyncIterable<CoachStreamEvent> {
    if (isCrisis(request.question)) return yield* reply(request, "crisis")
    const earlier = await earlierTurns(request)
    const query = retrievalQueryOf(request.question, earlier)
    const retrieved = await Effect.runPromiseExit(
      deps.retriever.retrieve({ asker: request.asker, query, limit: PASSAGES_PER_KIND, language: request.language }),
    )
    if (retrieved._tag === "Failure") {
      console.error(JSON.stringify({ level: "error", component: "coach", message: "retrieval failed", error: String(retrieved.cause) }))
      await deps.recorder.answerGiven(request.asker, request.questionId, { text: "", citations: [], kind: "failed", model: "none", ...NO_USAGE })
      yield { type: "error", code: "unavailable", message: "the coach cannot search the library right now; try again in a moment" }
      return
    }
    if (retrieved.value.length === 0) return yield* reply(request, "nothing")
    yield* answer(request, retrieved.value, earlier)
  }

  return {
    model: deps.model,
    ask: async (request) => {
      await deps.recorder.questionAsked(request.asker, request.questionId, request.question, request.language)
      return respond(request)
    },
  }
}
