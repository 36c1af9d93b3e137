/**
 * Any OpenAI-compatible chat server (a hosted API, vLLM, Ollama, a
 * llama.cpp server) through the `openai` client: `stream: true` with
 * `stream_options.include_usage`, so the answer streams and ends with the
 * tokens the server counted. This is an outside model: the coach strips
 * names and emails before calling it.
 *
 * The `openai` package loads with the first question (about 150 ms of CPU
 * and 13 MiB a node without a configured model never spends).
 */
import type OpenAIClient from "openai"
import {
  LlmRefused,
  LlmTimeout,
  LlmUnavailable,
  estimateTokens,
  type ChatChunk,
  type ChatRequest,
  type LanguageModel,
  type LlmError,
} from "./port.ts"

export interface OpenAiChatSettings {
  readonly baseURL?: string
  readonly apiKey: string
  readonly model: string
  /** Whole-answer deadline when a request names none. */
  readonly timeoutMs?: number
}

export const DEFAULT_COACH_MODEL = "gpt-4o-mini"
const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_MAX_TOKENS = 600

/** The client's errors as the port's: what the coach tells the asker depends only on these three. */
type OpenAIModule = typeof OpenAIClient

const llmErrorOf = (OpenAI: OpenAIModule, error: unknown, timedOut: boolean): LlmError => {
  if (timedOut || error instanceof OpenAI.APIUserAbortError || error instanceof OpenAI.APIConnectionTimeoutError)
    return new LlmTimeout({ message: "the language model did not answer in time" })
  if (error instanceof OpenAI.APIConnectionError)
    return new LlmUnavailable({ message: `the language model's server cannot be reached: ${error.message}`, cause: error })
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0
    if (status === 400 && /content|policy|safety/i.test(`${error.code ?? ""} ${error.message}`))
      return new LlmRefused({ message: `the language model refused: ${error.message}` })
    return new LlmUnavailable({ message: `the language model's server answered ${status || "an error"}: ${error.message}`, cause: error })
  }
  return new LlmUnavailable({ message: `the language model failed: ${String(error)}`, cause: error })
}

export const openAiLanguageModel = (settings: OpenAiChatSettings): LanguageModel => {
  let loaded: Promise<{ OpenAI: OpenAIModule; client: OpenAIClient }> | undefined
  const load = () =>
    (loaded ??= import("openai").then(({ default: OpenAI }) => ({
      OpenAI,
      client: new OpenAI({ apiKey: settings.apiKey, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}), maxRetries: 0 }),
    })))

  async function* chat(request: ChatRequest): AsyncIterable<ChatChunk> {
    const { OpenAI, client } = await load()
    const abort = new AbortController()
    let timedOut = false
    const timer = setTimeout(
      () => {
        timedOut = true
        abort.abort()
      },
      request.timeoutMs ?? settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    )
    const giveUp = () => abort.abort()
    request.signal?.addEventListener("abort", giveUp)
    if (request.signal?.aborted) abort.abort()
    let completion = ""
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined
    try {
      const stream = await client.chat.completions.create(
        {
          model: settings.model,
          messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
          max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: abort.signal },
      )
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage
        const choice = chunk.choices[0]
        const text = choice?.delta?.content
        if (text) {
          completion += text
          yield { type: "delta", text }
        }
        if (choice?.finish_reason === "content_filter") throw new LlmRefused({ message: "the language model's content filter stopped the answer" })
      }
    } catch (error) {
      if (error instanceof LlmRefused) throw error
      throw llmErrorOf(OpenAI, error, timedOut)
    } finally {
      clearTimeout(timer)
      request.signal?.removeEventListener("abort", giveUp)
    }
    // A server that ignores include_usage still gets metered, by estimate.
    const promptTokens = usage?.prompt_tokens ?? estimateTokens(request.messages.map((message) => message.content).join("\n"))
    yield { type: "usage", promptTokens, completionTokens: usage?.completion_tokens ?? estimateTokens(completion) }
  }

  return { model: `openai:${settings.model}`, outside: true, chat }
}
