/**
 * The prompt: the coach's instructions and the retrieved passages as
 * numbered sources, then the conversation's earlier turns (history.ts says
 * which, and how many fit), then the question. Only retrieved passages and
 * the asker's own earlier turns are ever in it, so a model sees nothing the
 * asker may not see; for an outside model the whole prompt goes through the
 * redactor first.
 */
import type { ChatMessage, ChatSource } from "../llm/port.ts"
import type { Passage } from "../retrieval/port.ts"
import type { EarlierTurn } from "./history.ts"

const LANGUAGE_NAMES: Record<string, string> = { en: "English", he: "Hebrew", es: "Spanish", de: "German", fr: "French" }

export const sourcesOf = (passages: readonly Passage[]): ChatSource[] =>
  passages.map((passage, i) =>
    passage.kind === "card"
      ? { number: i + 1, kind: "card", label: passage.word, text: passage.question }
      : { number: i + 1, kind: "entry", label: passage.title, text: passage.text },
  )

const sourceLine = (source: ChatSource): string =>
  `[${source.number}] ${source.kind === "card" ? `card “${source.label}”, its question` : `the asker's journal entry “${source.label}”`}: ${source.text.replace(/\s+/g, " ").trim()}`

export const buildMessages = (
  question: string,
  sources: readonly ChatSource[],
  language: string,
  earlier: readonly EarlierTurn[] = [],
): ChatMessage[] => {
  const languageName = LANGUAGE_NAMES[language.toLowerCase().split("-")[0] ?? "en"] ?? "the asker's language"
  const system = [
    "You are Studio's coach for reflective practice with photo cards. You are not a therapist and you do not diagnose.",
    `Answer in ${languageName}, in at most five short sentences, warmly and plainly.`,
    "Draw only on the numbered sources below. End every sentence with the number of the source it draws on, like [2]. Cite no other number.",
    "Quote a source's words only briefly. If the sources do not help, say so in one sentence.",
    ...(earlier.length > 0
      ? ["Earlier turns of this conversation come before the question: build on them, but cite only the numbered sources below."]
      : []),
    "",
    "Sources:",
    ...sources.map(sourceLine),
  ].join("\n")
  return [
    { role: "system", content: system },
    ...earlier.flatMap((turn): ChatMessage[] => [
      { role: "user", content: turn.question },
      { role: "assistant", content: turn.answer },
    ]),
    { role: "user", content: question },
  ]
}
