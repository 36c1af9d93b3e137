import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startOpenAiStandIn, type OpenAiStandIn } from "../testing/openai-standin.ts"
import { languageModelFromEnv, LanguageModelConfigError } from "./configure.ts"
import { openAiLanguageModel } from "./openai.ts"
import { LlmRefused, LlmTimeout, LlmUnavailable } from "./port.ts"
import { collect, contractRequest, describeLanguageModelContract } from "./testing/contract.ts"

let standIn: OpenAiStandIn
beforeAll(async () => {
  standIn = await startOpenAiStandIn({ apiKey: "sk-standin" })
})
afterAll(() => standIn.close())

const model = (settings: { apiKey?: string; timeoutMs?: number } = {}) =>
  openAiLanguageModel({
    baseURL: standIn.baseURL,
    apiKey: settings.apiKey ?? "sk-standin",
    model: "standin-chat",
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
  })

describeLanguageModelContract("OpenAI-compatible, against the stand-in", () => model())

describe("OpenAI-compatible adapter against the stand-in", () => {
  it("asks for a stream with usage, from the configured model, and reports the server's token counts", async () => {
    standIn.script(() => ({ text: "Breathe before the next step [1]." }))
    const before = standIn.requests.length
    const { text, chunks } = await collect(model().chat(contractRequest()))
    const sent = standIn.requests[before]!
    expect(sent.body).toMatchObject({ model: "standin-chat", stream: true, stream_options: { include_usage: true } })
    expect(sent.authorization).toBe("Bearer sk-standin")
    expect(text).toBe("Breathe before the next step [1].")
    expect(chunks.filter((chunk) => chunk.type === "delta").length).toBeGreaterThan(1)
    const usage = chunks.at(-1)
    expect(usage).toEqual({ type: "usage", promptTokens: expect.any(Number), completionTokens: Math.ceil(text.length / 4) })
  })

  it("a content filter's stop is LlmRefused", async () => {
    standIn.script(() => ({ text: "I", finishReason: "content_filter" }))
    await expect(collect(model().chat(contractRequest()))).rejects.toBeInstanceOf(LlmRefused)
  })

  it("a server that stalls past the deadline is LlmTimeout", async () => {
    standIn.script(() => ({ text: "late", stallMs: 2_000 }))
    await expect(collect(model({ timeoutMs: 100 }).chat(contractRequest()))).rejects.toBeInstanceOf(LlmTimeout)
  })

  it("a wrong key, a server error or no server at all is LlmUnavailable", async () => {
    standIn.script(() => ({ text: "fine" }))
    await expect(collect(model({ apiKey: "sk-wrong" }).chat(contractRequest()))).rejects.toBeInstanceOf(LlmUnavailable)
    standIn.script(() => ({ status: 503, error: { message: "overloaded", type: "server_error" } }))
    await expect(collect(model().chat(contractRequest()))).rejects.toBeInstanceOf(LlmUnavailable)
    const nowhere = openAiLanguageModel({ baseURL: "http://127.0.0.1:9/v1", apiKey: "k", model: "m" })
    await expect(collect(nowhere.chat(contractRequest()))).rejects.toBeInstanceOf(LlmUnavailable)
    standIn.script(() => ({ text: "Sit with it [1]." }))
  })
})

describe("language model configuration", () => {
  it("is the extractive coach without settings, and the OpenAI-compatible one with a base URL", () => {
    expect(languageModelFromEnv({}).model).toBe("extractive")
    const outside = languageModelFromEnv({ OPENAI_BASE_URL: "http://localhost:11434/v1", STUDIO_COACH_MODEL: "llama3" })
    expect(outside).toMatchObject({ model: "openai:llama3", outside: true })
  })

  it("refuses a GGUF file in one line: node-llama-cpp is not in this build", () => {
    expect(() => languageModelFromEnv({ STUDIO_COACH_GGUF: "/models/coach.gguf" })).toThrow(LanguageModelConfigError)
    expect(() => languageModelFromEnv({ STUDIO_COACH_GGUF: "/models/coach.gguf" })).toThrow(/STUDIO_COACH_GGUF is not supported in this build/)
    expect(() => languageModelFromEnv({ OPENAI_BASE_URL: "localhost:1234" })).toThrow(/OPENAI_BASE_URL must be an http/)
  })
})
