/**
 * The local default: an answer composed only of the retrieved sources, one
 * sentence per source and each ending with its citation `[n]`. It invents
 * nothing, needs no model and no network, and reproduces a card's text only
 * as retrieval handed it over (the tier's cards, nothing more).
 */
import { estimateTokens, LlmRefused, LlmTimeout, type ChatChunk, type ChatRequest, type ChatSource, type LanguageModel } from "./port.ts"
import { extractiveFrames } from "./extractive-words.ts"

/** Sources used per answer: enough to offer a choice, few enough to read on a phone. */
export const EXTRACTIVE_SOURCES = 4
const MAX_EXCERPT = 200

/** An entry's first sentence (or its first MAX_EXCERPT characters, cut at a word). */
export const excerptOf = (text: string): string => {
  const flat = text.replace(/\s+/g, " ").trim()
  const sentence = /^.+?[.!?。](?=\s|$)/u.exec(flat)?.[0] ?? flat
  if (sentence.length <= MAX_EXCERPT) return sentence
  const cut = sentence.slice(0, MAX_EXCERPT)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), MAX_EXCERPT / 2))}…`
}

const sentenceFor = (source: ChatSource, language: string): string => {
  const frames = extractiveFrames(language)
  const body = source.kind === "card" ? frames.card(source.label, source.text.trim()) : frames.entry(source.label, excerptOf(source.text))
  return `${body} [${source.number}]`
}

async function* compose(request: ChatRequest): AsyncIterable<ChatChunk> {
  if (request.sources.length === 0) throw new LlmRefused({ message: "the extractive coach composes only from retrieved passages, and none came" })
  const deadline = request.timeoutMs === undefined ? Infinity : Date.now() + request.timeoutMs
  let answer = ""
  for (const source of request.sources.slice(0, EXTRACTIVE_SOURCES)) {
    if (request.signal?.aborted || Date.now() > deadline) throw new LlmTimeout({ message: "the answer was given up before it was composed" })
    const text = `${answer === "" ? "" : " "}${sentenceFor(source, request.language)}`
    answer += text
    yield { type: "delta", text }
  }
  const prompt = request.messages.map((message) => message.content).join("\n")
  yield { type: "usage", promptTokens: estimateTokens(prompt), completionTokens: estimateTokens(answer) }
}

export const extractiveLanguageModel = (): LanguageModel => ({
  model: "extractive",
  outside: false,
  chat: compose,
})
