/**
 * Embeddings from any OpenAI-compatible server (OpenAI, vLLM, Ollama, a
 * llama.cpp server) through the `openai` client. Models that can shorten
 * their vectors (OpenAI's text-embedding-3 family) are asked for the
 * configured dimension; any other model must return it by itself, and a
 * vector of another length is refused rather than stored beside the others.
 */
import { Effect } from "effect"
import type OpenAI from "openai"
import { EmbeddingsUnavailable, hasWords, unitVector, type Embeddings } from "./port.ts"

export interface OpenAIEmbeddingsOptions {
  /** Without one, the client's own default (OpenAI). */
  readonly baseURL?: string | undefined
  readonly apiKey: string
  readonly model: string
  readonly dimension: number
  /** Inputs per request (OpenAI takes up to 2,048); a longer list is sent in several requests, in order. */
  readonly batchSize?: number
  readonly timeoutMs?: number
  readonly maxRetries?: number
}

/** OpenAI's limit is 8,192 tokens per input; about four characters a token leaves room for any tokenizer. */
export const OPENAI_MAX_CHARS = 24_000

/** Models known to accept `dimensions` (others may reject the parameter). */
export const acceptsDimensions = (model: string): boolean => /^text-embedding-3-/.test(model)

const describe = (cause: unknown): string => {
  const status = (cause as { status?: unknown } | null)?.status
  const message = cause instanceof Error ? cause.message : String(cause)
  return typeof status === "number" ? `${status} ${message}` : message
}

export const openAIEmbeddings = (options: OpenAIEmbeddingsOptions): Embeddings => {
  // Loaded on first use: a node that embeds locally never loads the client.
  let client: Promise<OpenAI> | undefined
  const clientOf = () =>
    (client ??= import("openai").then(
      ({ default: OpenAIClient }) =>
        new OpenAIClient({
          ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
          apiKey: options.apiKey,
          timeout: options.timeoutMs ?? 30_000,
          maxRetries: options.maxRetries ?? 2,
        }),
    ))
  const batchSize = options.batchSize ?? 256
  const unavailable = (message: string, cause?: unknown) =>
    new EmbeddingsUnavailable({
      message: `embeddings from ${options.baseURL ?? "OpenAI"} (${options.model}): ${message}`,
      ...(cause === undefined ? {} : { cause }),
    })

  const request = async (inputs: readonly string[]): Promise<Float32Array[]> => {
    const response = await (await clientOf()).embeddings.create({
      model: options.model,
      input: [...inputs],
      // Floats, not the client's base64 default: some compatible servers ignore the field and always send floats.
      encoding_format: "float",
      ...(acceptsDimensions(options.model) ? { dimensions: options.dimension } : {}),
    })
    const data = [...response.data].sort((a, b) => a.index - b.index)
    if (data.length !== inputs.length) throw unavailable(`asked for ${inputs.length} vectors, got ${data.length}`)
    return data.map((item) => {
      const values = item.embedding as unknown
      if (!Array.isArray(values) || values.length !== options.dimension) {
        throw unavailable(
          `a vector has ${Array.isArray(values) ? values.length : "no"} numbers, not ${options.dimension} (set STUDIO_EMBEDDINGS_DIMENSION to the model's)`,
        )
      }
      return unitVector(values as number[])
    })
  }

  const embedAll = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = texts.map(() => new Float32Array(options.dimension))
    // OpenAI refuses an empty input; a text without words has no direction anyway.
    const worded = texts.flatMap((text, index) => (hasWords(text) ? [{ index, text: text.slice(0, OPENAI_MAX_CHARS) }] : []))
    for (let start = 0; start < worded.length; start += batchSize) {
      const batch = worded.slice(start, start + batchSize)
      const embedded = await request(batch.map((item) => item.text))
      batch.forEach((item, i) => (vectors[item.index] = embedded[i]!))
    }
    return vectors
  }

  return {
    model: `openai:${options.model}:${options.dimension}`,
    dimension: options.dimension,
    embed: (texts) =>
      Effect.tryPromise({
        try: () => embedAll(texts),
        catch: (cause) => (cause instanceof EmbeddingsUnavailable ? cause : unavailable(describe(cause), cause)),
      }),
  }
}
