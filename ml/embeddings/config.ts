/**
 * Which embeddings a node uses, from its environment:
 *
 *   STUDIO_EMBEDDINGS=local    Universal Sentence Encoder lite, in process (the default: best Recall@5
 *                              on the labelled set, ml/retrieval/recall.test.ts)
 *   STUDIO_EMBEDDINGS=lexical  the lexical hash (no model; lexical only)
 *   STUDIO_EMBEDDINGS=openai   an OpenAI-compatible server: OPENAI_API_KEY and STUDIO_EMBEDDINGS_MODEL
 *                              required, OPENAI_BASE_URL (else OpenAI's), STUDIO_EMBEDDINGS_DIMENSION (512)
 *
 * The projection that stores card vectors and every query that compares
 * with them must use the same choice; changing it rebuilds the vectors.
 * A bad value fails at start with one line naming the variable.
 */
import { lexicalHashEmbeddings } from "./lexical-hash.ts"
import { openAIEmbeddings } from "./openai.ts"
import type { Embeddings } from "./port.ts"
import { universalSentenceEncoderEmbeddings } from "./universal-sentence-encoder.ts"

export const EMBEDDINGS_KINDS = ["local", "lexical", "openai"] as const
export type EmbeddingsKind = (typeof EMBEDDINGS_KINDS)[number]
export const DEFAULT_EMBEDDINGS: EmbeddingsKind = "local"

export type EmbeddingsConfig =
  | { readonly kind: "local" }
  | { readonly kind: "lexical" }
  | { readonly kind: "openai"; readonly baseURL?: string; readonly apiKey: string; readonly model: string; readonly dimension: number }

export class EmbeddingsConfigError extends Error {
  override readonly name = "EmbeddingsConfigError"
}

type Env = Readonly<Record<string, string | undefined>>

const set = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim()
  return value === undefined || value === "" ? undefined : value
}

const required = (env: Env, name: string): string => {
  const value = set(env, name)
  if (value === undefined) throw new EmbeddingsConfigError(`${name} must be set when STUDIO_EMBEDDINGS=openai`)
  return value
}

export const embeddingsConfigFromEnv = (env: Env = process.env): EmbeddingsConfig => {
  const kind = set(env, "STUDIO_EMBEDDINGS") ?? DEFAULT_EMBEDDINGS
  if (kind === "local" || kind === "lexical") return { kind }
  if (kind !== "openai")
    throw new EmbeddingsConfigError(`STUDIO_EMBEDDINGS must be one of ${EMBEDDINGS_KINDS.join(", ")}, got ${JSON.stringify(kind)}`)
  const apiKey = required(env, "OPENAI_API_KEY")
  const model = required(env, "STUDIO_EMBEDDINGS_MODEL")
  const baseURL = set(env, "OPENAI_BASE_URL")
  if (baseURL !== undefined && !URL.canParse(baseURL))
    throw new EmbeddingsConfigError(`OPENAI_BASE_URL must be a URL, got ${JSON.stringify(baseURL)}`)
  const dimensionText = set(env, "STUDIO_EMBEDDINGS_DIMENSION") ?? "512"
  const dimension = Number(dimensionText)
  // pgvector's HNSW index takes vectors of up to 2,000 dimensions.
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 2000) {
    throw new EmbeddingsConfigError(`STUDIO_EMBEDDINGS_DIMENSION must be a whole number from 1 to 2000, got ${JSON.stringify(dimensionText)}`)
  }
  return { kind, apiKey, model, dimension, ...(baseURL === undefined ? {} : { baseURL }) }
}

export const makeEmbeddings = (config: EmbeddingsConfig): Embeddings => {
  switch (config.kind) {
    case "local":
      return universalSentenceEncoderEmbeddings()
    case "lexical":
      return lexicalHashEmbeddings()
    case "openai":
      return openAIEmbeddings(config)
  }
}

/** The node's embeddings, as configured; throws EmbeddingsConfigError (one line) on a bad setting. */
export const embeddingsFromEnv = (env: Env = process.env): Embeddings => makeEmbeddings(embeddingsConfigFromEnv(env))
