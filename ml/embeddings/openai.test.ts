import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Effect } from "effect"
import { startEmbeddingsStandIn, unreachableBaseURL, type EmbeddingsStandIn } from "../testing/embeddings-stand-in.ts"
import { acceptsDimensions, openAIEmbeddings } from "./openai.ts"
import { embeddingsContract } from "./testing/contract.ts"

let standIn: EmbeddingsStandIn
beforeAll(async () => {
  standIn = await startEmbeddingsStandIn({ nativeDimension: 384 })
})
afterAll(async () => {
  await standIn.close()
})

const BATCH = 16
const client = (model = "text-embedding-3-small", dimension = 512) =>
  openAIEmbeddings({ baseURL: standIn.baseURL, apiKey: standIn.apiKey, model, dimension, batchSize: BATCH, maxRetries: 0, timeoutMs: 5_000 })

embeddingsContract({
  name: "OpenAI-compatible client against the stand-in",
  make: () => client(),
  largeBatch: 3 * BATCH + 5,
  watchLargeBatch: () => {
    const before = standIn.requests.length
    return () => expect(standIn.requests.slice(before)).toEqual([BATCH, BATCH, BATCH, 5])
  },
  failing: [
    {
      what: "the stand-in answers 500",
      make: () => {
        standIn.failWith(500)
        const embeddings = client()
        return { ...embeddings, embed: (texts) => embeddings.embed(texts).pipe(Effect.ensuring(Effect.sync(() => standIn.failWith(undefined)))) }
      },
    },
    {
      what: "the server is unreachable",
      make: async () =>
        openAIEmbeddings({ baseURL: await unreachableBaseURL(), apiKey: "k", model: "text-embedding-3-small", dimension: 512, maxRetries: 0 }),
    },
    {
      what: "the key is wrong (401)",
      make: () => openAIEmbeddings({ baseURL: standIn.baseURL, apiKey: "wrong", model: "text-embedding-3-small", dimension: 512, maxRetries: 0 }),
    },
    { what: "a model without `dimensions` returns vectors of another length", make: () => client("nomic-embed-text", 512) },
  ],
})

describe("OpenAI-compatible embeddings (stand-in)", () => {
  it("asks text-embedding-3 models for the configured dimension and others for their own", async () => {
    expect(acceptsDimensions("text-embedding-3-large")).toBe(true)
    expect(acceptsDimensions("nomic-embed-text")).toBe(false)
    const [vector] = await Effect.runPromise(client("nomic-embed-text", 384).embed(["a harbour in the storm"]))
    expect(vector!.length).toBe(384)
  })

  it("records the model and dimension in its name, so vectors of another model are never compared", () => {
    expect(client("text-embedding-3-small", 512).model).toBe("openai:text-embedding-3-small:512")
    expect(client("text-embedding-3-small", 256).model).not.toBe(client("text-embedding-3-small", 512).model)
  })
})
