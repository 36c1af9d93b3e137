import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { cosineSimilarity } from "./port.ts"
import { embeddingsContract } from "./testing/contract.ts"
import { truncateForModel, universalSentenceEncoderEmbeddings, USE_MAX_CHARS } from "./universal-sentence-encoder.ts"

embeddingsContract({
  name: "Universal Sentence Encoder lite (local, shipped weights)",
  make: () => universalSentenceEncoderEmbeddings(),
  largeBatch: 40,
  failing: [
    {
      what: "the model cannot be loaded",
      make: () => universalSentenceEncoderEmbeddings({ load: () => Promise.reject(new Error("no weights here")) }),
    },
    {
      what: "the model fails on a batch",
      make: () => universalSentenceEncoderEmbeddings({ load: async () => ({ embed: () => Promise.reject(new Error("out of memory")) }) }),
    },
  ],
  timeoutMs: 60_000,
})

describe("Universal Sentence Encoder lite", () => {
  it("finds meaning beyond shared words: rushing is nearer to pausing than to a harbour", { timeout: 60_000 }, async () => {
    const [query, pause, harbour] = await Effect.runPromise(
      universalSentenceEncoderEmbeddings().embed([
        "I can't stop rushing from one thing to the next",
        "What would change if you stopped for one full minute?",
        "Which ships are in the harbour?",
      ]),
    )
    expect(cosineSimilarity(query!, pause!)).toBeGreaterThan(cosineSimilarity(query!, harbour!))
  })

  it("cuts a long text at a word boundary before the model's tokenizer sees it", () => {
    const cut = truncateForModel("word ".repeat(1000))
    expect(cut.length).toBeLessThanOrEqual(USE_MAX_CHARS)
    expect(cut.endsWith("word")).toBe(true)
    expect(truncateForModel("short")).toBe("short")
  })
})
