/**
 * The Retriever (port.ts) over the read store: for each kind of passage,
 * a full-text ranking and a ranking by meaning, fused by reciprocal rank
 * (fusion.ts). Every query runs in one viewer transaction as the asker, so
 * row-level security, not this file, decides which cards and entries exist;
 * rankings.ts adds the owner and AI-coach consent tests for entries.
 *
 * When the embeddings fail (an OpenAI-compatible server down), hybrid
 * retrieval answers from full text alone and says so through `onDegraded`;
 * vector-only retrieval fails instead.
 *
 * Cards are ranked on their stored text (English for the built-in decks);
 * a built-in card's passage then carries its word, question and themes in
 * the asker's language when Studio has a translation.
 */
import { Effect, Result } from "effect"
import { builtInCardTexts } from "../../actors/cards/sample-deck/localized.ts"
import { negotiateLanguage } from "../../actors/content-language.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import { hasDirection, hasWords, vectorLiteral, type Embeddings, type EmbeddingsUnavailable } from "../embeddings/port.ts"
import { makeEntryVectors, MAX_ENTRIES } from "./entry-vectors.ts"
import { reciprocalRankFusion } from "./fusion.ts"
import {
  MAX_PASSAGES,
  MAX_QUERY_CHARS,
  RetrievalRefused,
  RetrievalUnavailable,
  type CardPassage,
  type EntryPassage,
  type Passage,
  type RetrievalRequest,
  type Retriever,
} from "./port.ts"
import { CANDIDATES, cardsByText, cardsByVector, consentedEntries, entriesByText, type CardRow, type EntryRow } from "./rankings.ts"

/** `hybrid` fuses both rankings (the default: best Recall@5 on the labelled set); the others are for measuring. */
export type RetrievalMode = "hybrid" | "vector" | "fulltext"
export const DEFAULT_RETRIEVAL_MODE: RetrievalMode = "hybrid"

export interface RetrieverOptions {
  readonly store: ReadStore
  readonly embeddings: Embeddings
  readonly mode?: RetrievalMode
  /** Told once per request that fell back to full text, with why. */
  readonly onDegraded?: (line: string) => void
}

const refuse = (request: RetrievalRequest): string | undefined => {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PASSAGES)
    return `limit must be a whole number from 1 to ${MAX_PASSAGES}, got ${request.limit}`
  if (typeof request.query !== "string" || request.query.length > MAX_QUERY_CHARS)
    return `the question must be text of at most ${MAX_QUERY_CHARS} characters`
  if (!request.asker.tenant || !request.asker.userId) return "the asker must have a tenant and a user id"
  return undefined
}

const warn = (line: string) => console.warn(JSON.stringify({ level: "warn", component: "retrieval", message: line }))

export const makeRetriever = (options: RetrieverOptions): Retriever => {
  const { store, embeddings } = options
  const mode = options.mode ?? DEFAULT_RETRIEVAL_MODE
  const onDegraded = options.onDegraded ?? warn
  const entryVectors = makeEntryVectors(embeddings)

  /** The vector a ranking by meaning needs, or undefined when there is none to use (full text only, or degraded). */
  const meaningOf = <A>(effect: Effect.Effect<A, EmbeddingsUnavailable>): Effect.Effect<A | undefined, RetrievalUnavailable> =>
    Effect.flatMap(Effect.result(effect), (result) => {
      if (Result.isSuccess(result)) return Effect.succeed(result.success)
      if (mode === "vector") return Effect.fail(new RetrievalUnavailable({ message: result.failure.message, cause: result.failure }))
      onDegraded(`answering from full text only: ${result.failure.message}`)
      return Effect.succeed(undefined)
    })

  const retrieve = (request: RetrievalRequest) =>
    Effect.gen(function* () {
      const refusal = refuse(request)
      if (refusal !== undefined) return yield* Effect.fail(new RetrievalRefused({ message: refusal }))
      if (!hasWords(request.query)) return []
      const wantCards = request.include?.cards ?? true
      const wantEntries = request.include?.entries ?? true
      const byText = mode !== "vector"

      const embedded = mode === "fulltext" ? undefined : yield* meaningOf(embeddings.embed([request.query]))
      const queryVector = embedded?.[0] !== undefined && hasDirection(embedded[0]) ? embedded[0] : undefined

      // One transaction: every ranking reads the same snapshot, as the asker.
      const read = yield* store
        .asViewer(request.asker, async (sql) => ({
          cardsByText: wantCards && byText ? await cardsByText(sql, request.query) : [],
          cardsByVector: wantCards && queryVector ? await cardsByVector(sql, vectorLiteral(queryVector), embeddings.model) : [],
          entriesByText: wantEntries && byText ? await entriesByText(sql, request.query) : [],
          entryCandidates: wantEntries && queryVector ? await consentedEntries(sql, MAX_ENTRIES) : [],
        }))
        .pipe(Effect.mapError((error) => new RetrievalUnavailable({ message: `the read store did not answer: ${error.message}`, cause: error })))

      const entriesByMeaning =
        queryVector && read.entryCandidates.length > 0
          ? ((yield* meaningOf(entryVectors.rank(request.asker.tenant, queryVector, read.entryCandidates, CANDIDATES))) ?? [])
          : []

      const language = negotiateLanguage(request.language, undefined)
      const cards = reciprocalRankFusion<CardRow>([read.cardsByText, read.cardsByVector], (card) => `${card.deckId}/${card.cardId}`)
        .slice(0, request.limit)
        .map(({ item, score }): CardPassage => {
          const texts = builtInCardTexts(item.deckId, item.cardId, language) ?? item
          return { kind: "card", deckId: item.deckId, cardId: item.cardId, word: texts.word, question: texts.question, themes: texts.themes, score }
        })
      const entries = reciprocalRankFusion<EntryRow>([read.entriesByText, entriesByMeaning], (entry) => entry.entryId)
        .slice(0, request.limit)
        .map(
          ({ item, score }): EntryPassage => ({
            kind: "entry",
            entryId: item.entryId,
            title: item.title,
            text: item.body,
            writtenAt: item.writtenAt,
            score,
          }),
        )
      return [...cards, ...entries] as readonly Passage[]
    })

  return { retrieve }
}
