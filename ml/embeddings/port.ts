/**
 * The embeddings port: text in, fixed-length unit vectors out. Adapters: a
 * deterministic local one (lexical-hash.ts) and, later, an OpenAI-compatible
 * one (text-embedding-3 models accept `dimensions: 256`, which is how it
 * will match EMBEDDING_DIMENSION). Vectors of different models are not
 * comparable, so each stored vector records its model.
 */
import { Data, type Effect } from "effect"

export { EMBEDDING_DIMENSION } from "../../projections/store/migrations.ts"

export class EmbeddingsUnavailable extends Data.TaggedError("EmbeddingsUnavailable")<{ readonly message: string; readonly cause?: unknown }> {
  readonly code = "unavailable" as const
}

export interface Embeddings {
  /** Recorded beside each stored vector; a query only compares vectors of the same model. */
  readonly model: string
  readonly dimension: number
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Effect.Effect<readonly Float32Array[], EmbeddingsUnavailable>
}

/** pgvector's text form: `[0.1,0.2,...]`. */
export const vectorLiteral = (vector: Float32Array): string => `[${Array.from(vector, (x) => (Number.isFinite(x) ? x : 0)).join(",")}]`
