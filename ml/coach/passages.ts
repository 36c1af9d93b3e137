/**
 * The read side's `passages` query (projections/reads/run.ts) as the
 * read-side worker serves it: ml/retrieval's retriever over the worker's own
 * store, run as the viewer. A refused request is `bad_frame`, a store or
 * embeddings failure `unavailable`.
 */
import { Effect, Result } from "effect"
import { ReadRefused, type PassageSource } from "../../projections/reads/run.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import type { Embeddings } from "../embeddings/port.ts"
import { makeRetriever } from "../retrieval/retriever.ts"

export const coachPassages = (store: ReadStore, embeddings: Embeddings): PassageSource => {
  const retriever = makeRetriever({ store, embeddings })
  return async (viewer, request) => {
    const result = await Effect.runPromise(
      Effect.result(
        retriever.retrieve({ asker: viewer, query: request.query, limit: request.limit, language: request.language, include: request.include }),
      ),
    )
    if (Result.isSuccess(result)) return result.success
    const failure = result.failure
    throw new ReadRefused(failure._tag === "RetrievalRefused" ? "bad_frame" : "unavailable", failure.message)
  }
}
