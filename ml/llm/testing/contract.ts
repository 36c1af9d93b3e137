/**
 * The language-model contract every adapter passes: deltas in order, then
 * exactly one usage chunk last; citations only of the sources given; a
 * request given up on ends in LlmTimeout; calls side by side stay apart.
 */
import { describe, expect, it } from "vitest"
import { isLlmError, LlmTimeout, type ChatChunk, type ChatRequest, type ChatSource, type LanguageModel } from "../port.ts"

export const contractSources: readonly ChatSource[] = [
  { number: 1, kind: "card", label: "Pause", text: "What would change if you stopped for a breath right now?" },
  { number: 2, kind: "entry", label: "Monday", text: "I rushed through the whole day. Tomorrow I want to start slower." },
  { number: 3, kind: "card", label: "Bridge", text: "Who could help you cross to the next step?" },
]

export const contractRequest = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    {
      role: "system",
      content: `You are a coach. Cite sources as [n].\n${contractSources.map((s) => `[${s.number}] ${s.label}: ${s.text}`).join("\n")}`,
    },
    { role: "user", content: "How do I slow down?" },
  ],
  sources: contractSources,
  language: "en",
  ...overrides,
})

export const collect = async (stream: AsyncIterable<ChatChunk>): Promise<{ text: string; chunks: ChatChunk[] }> => {
  const chunks: ChatChunk[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return { text: chunks.map((chunk) => (chunk.type === "delta" ? chunk.text : "")).join(""), chunks }
}

export const describeLanguageModelContract = (adapter: string, make: () => LanguageModel) =>
  describe(`language-model contract: ${adapter}`, () => {
    it("streams deltas, then exactly one usage chunk, last", async () => {
      const { text, chunks } = await collect(make().chat(contractRequest()))
      expect(text.trim().length).toBeGreaterThan(0)
      expect(chunks.filter((chunk) => chunk.type === "usage")).toHaveLength(1)
      const last = chunks.at(-1)!
      expect(last.type).toBe("usage")
      if (last.type !== "usage") return
      for (const count of [last.promptTokens, last.completionTokens]) {
        expect(Number.isInteger(count)).toBe(true)
        expect(count).toBeGreaterThan(0)
      }
    })

    it("cites only the sources it was given", async () => {
      const { text } = await collect(make().chat(contractRequest()))
      const cited = [...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]))
      expect(cited.length).toBeGreaterThan(0)
      for (const number of cited) expect(contractSources.map((s) => s.number)).toContain(number)
    })

    it("ends with LlmTimeout when the caller has given up", async () => {
      const abort = new AbortController()
      abort.abort()
      const failure = await collect(make().chat(contractRequest({ signal: abort.signal }))).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(failure).toBeInstanceOf(LlmTimeout)
    })

    it("answers calls side by side, each its own", async () => {
      const model = make()
      const one = contractRequest({ sources: contractSources.slice(0, 1) })
      const two = contractRequest({ sources: contractSources.slice(1, 2) })
      const [a, b] = await Promise.all([collect(model.chat(one)), collect(model.chat(two))])
      for (const result of [a, b]) expect(result.chunks.at(-1)?.type).toBe("usage")
    })

    it("names its model and says whether prompts leave the process", () => {
      const model = make()
      expect(model.model.length).toBeGreaterThan(0)
      expect(typeof model.outside).toBe("boolean")
    })

    it("fails only with the port's typed errors", async () => {
      const failure = await collect(make().chat(contractRequest({ timeoutMs: 0 }))).then(
        () => undefined,
        (error: unknown) => error,
      )
      if (failure !== undefined) expect(isLlmError(failure)).toBe(true)
    })
  })
