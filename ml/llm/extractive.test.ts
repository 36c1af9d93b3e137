import { describe, expect, it } from "vitest"
import { extractiveLanguageModel, excerptOf } from "./extractive.ts"
import { LlmRefused } from "./port.ts"
import { collect, contractRequest, contractSources, describeLanguageModelContract } from "./testing/contract.ts"

describeLanguageModelContract("extractive (local default)", extractiveLanguageModel)

describe("extractive coach", () => {
  it("composes every sentence from one source and ends it with that source's citation", async () => {
    const { text } = await collect(extractiveLanguageModel().chat(contractRequest()))
    const sentences = text.split(/(?<=\[\d+\])\s+/)
    expect(sentences).toHaveLength(contractSources.length)
    sentences.forEach((sentence, i) => {
      const source = contractSources[i]!
      expect(sentence.endsWith(`[${source.number}]`)).toBe(true)
      expect(sentence).toContain(source.label)
      expect(sentence).toContain(source.kind === "card" ? source.text : excerptOf(source.text))
    })
  })

  it("quotes only an entry's first sentence", () => {
    expect(excerptOf("I rushed.  Then  I slowed down.")).toBe("I rushed.")
    expect(excerptOf("word ".repeat(100)).length).toBeLessThanOrEqual(201)
  })

  it("frames its sentences in the asker's language", async () => {
    const { text } = await collect(extractiveLanguageModel().chat(contractRequest({ language: "he-IL" })))
    expect(text).toContain("הקלף")
  })

  it("refuses when nothing was retrieved, since it invents nothing", async () => {
    const failure = await collect(extractiveLanguageModel().chat(contractRequest({ sources: [] }))).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(LlmRefused)
  })
})
