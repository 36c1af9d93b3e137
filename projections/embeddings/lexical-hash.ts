/**
 * A local, deterministic embedding: words and character trigrams hashed
 * into a fixed number of dimensions (the "hashing trick"), weighted, and
 * scaled to unit length. It is lexical, not semantic: "river bridge" is near
 * "a bridge over the river" and near "rivers", but not near "stream
 * crossing". It needs no network and no model file, which is why tests use
 * it, and why the card read model falls back to it; ml/embeddings/'s
 * universal-sentence-encoder.ts and openai.ts search by meaning.
 */
import { Effect } from "effect"
import { unitVector, type Embeddings } from "./port.ts"

/** The dimension card vectors had before models could be chosen; the lexical hash keeps it. */
export const LEXICAL_DIMENSION = 256

const STOPWORDS = new Set(
  "a an and are as at be but by for from has have i in is it its me my of on or our so that the their them they this to was we were what when where which who will with you your".split(
    " ",
  ),
)

const WORD_WEIGHT = 1
const TRIGRAM_WEIGHT = 0.35

/** FNV-1a, 32 bits: stable across runs and platforms, unlike anything seeded. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

export const wordsOf = (text: string): string[] =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !STOPWORDS.has(word))

const add = (vector: Float32Array, feature: string, weight: number) => {
  const hash = fnv1a(feature)
  // The top bit picks the sign, so colliding features cancel out on average instead of piling up.
  vector[hash % vector.length]! += hash & 0x80000000 ? -weight : weight
}

export const lexicalVector = (text: string, dimension = LEXICAL_DIMENSION): Float32Array => {
  const vector = new Float32Array(dimension)
  for (const word of wordsOf(text)) {
    add(vector, `w:${word}`, WORD_WEIGHT)
    const padded = `#${word}#`
    for (let i = 0; i + 3 <= padded.length; i++) add(vector, `t:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT)
  }
  return unitVector(vector)
}

export const lexicalHashEmbeddings = (dimension = LEXICAL_DIMENSION): Embeddings => ({
  model: `lexical-hash-v1-${dimension}`,
  dimension,
  embed: (texts) => Effect.sync(() => texts.map((text) => lexicalVector(text, dimension))),
})
