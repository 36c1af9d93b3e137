/**
 * The read API's `/coach/passages` (projections/http/read-api.ts) as the
 * read-side worker serves it: ml/retrieval's retriever over the worker's own
 * store, run as the viewer. A refused request is a 400, a store or
 * embeddings failure a 503, both as the read API's problems.
 */
import { Effect, Result } from "effect"
import type { PassageSource } from "../../projections/http/read-api.ts"
import { ReadProblem } from "../../projections/http/problem.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import type { Embeddings } from "../embeddings/port.ts"
import { makeRetriever } from "../retrieval/retriever.ts"

export const coachPassages = (store: ReadStore, embeddings: Embeddings): PassageSource => {
  const retriever = makeRetriever({ store, embeddings })
  return async (viewer, request) => {
    const result = await Effect.runPromise(
      Effect.result(retriever.retrieve({ asker: viewer, query: request.query, limit: request.limit, language: request.language })),
    )
    if (Result.isSuccess(result)) return result.success
    const failure = result.failure
    throw new ReadProblem(failure._tag === "RetrievalRefused" ? "bad_frame" : "unavailable", failure.message)
  }
}
