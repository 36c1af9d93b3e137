/**
 * The language-model port: one chat call whose answer arrives as a stream of
 * text deltas and ends with the tokens it used. Adapters: the extractive
 * coach (extractive.ts, local, no model at all) and any OpenAI-compatible
 * server (openai.ts). The coach builds the prompt; an adapter never sees a
 * passage the asker may not see, because the coach only hands it retrieved
 * ones, numbered as sources the answer cites as `[n]`.
 *
 * Failures are typed (unavailable, refused, timeout) and thrown from the
 * stream's iterator, the one place a caller of an async stream can catch
 * them; nothing else escapes an adapter.
 */
import { Data } from "effect"

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant"
  readonly content: string
}

/** A numbered source the answer may cite as `[number]`: a retrieved passage as the prompt shows it. */
export interface ChatSource {
  readonly number: number
  readonly kind: "card" | "entry"
  /** The card's word, or the entry's title. */
  readonly label: string
  /** The card's question, or the entry's text. */
  readonly text: string
}

export interface ChatRequest {
  /** The whole prompt, as the coach built it (sources included in the system message). */
  readonly messages: readonly ChatMessage[]
  /** The same sources as data, for adapters that compose from them rather than from the prompt. */
  readonly sources: readonly ChatSource[]
  /** The asker's language (BCP 47). */
  readonly language: string
  readonly maxTokens?: number
  /** The answer fails with LlmTimeout when it has not finished by then. */
  readonly timeoutMs?: number
  /** Aborting ends the stream with LlmTimeout (the caller gave up waiting). */
  readonly signal?: AbortSignal
}

export interface Usage {
  readonly promptTokens: number
  readonly completionTokens: number
}

export type ChatChunk = { readonly type: "delta"; readonly text: string } | ({ readonly type: "usage" } & Usage)

export class LlmUnavailable extends Data.TaggedError("LlmUnavailable")<{ readonly message: string; readonly cause?: unknown }> {
  readonly code = "unavailable" as const
}

/** The model declined (a content filter, a refusal), or the request was one it will never answer. */
export class LlmRefused extends Data.TaggedError("LlmRefused")<{ readonly message: string }> {
  readonly code = "refused" as const
}

export class LlmTimeout extends Data.TaggedError("LlmTimeout")<{ readonly message: string }> {
  readonly code = "timeout" as const
}

export type LlmError = LlmUnavailable | LlmRefused | LlmTimeout

export const isLlmError = (error: unknown): error is LlmError =>
  error instanceof LlmUnavailable || error instanceof LlmRefused || error instanceof LlmTimeout

export interface LanguageModel {
  /** Recorded with each answer, e.g. `extractive` or `openai:gpt-4o-mini`. */
  readonly model: string
  /** True when prompts leave this process for another party's server: the coach strips names and emails first. */
  readonly outside: boolean
  /** Deltas in order, then exactly one usage chunk last. Throws only an LlmError. */
  chat(request: ChatRequest): AsyncIterable<ChatChunk>
}

/** A rough token count (about four characters per token) where an adapter has no tokenizer. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4)
