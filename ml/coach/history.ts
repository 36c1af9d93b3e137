/**
 * Earlier turns of the conversation: what the coach carries into the next
 * question, and the rules for what it leaves out.
 *
 * Which turns: those of the same conversation (the asker's "New
 * conversation" starts a fresh one), asked before this question, that a
 * model answered from sources. Left out:
 * - crisis replies, and the question that led to one: a disclosure like that
 *   is answered by people, and is never passed on to a model later;
 * - "nothing found" and failed answers: they hold no content to build on;
 * - sentences of an earlier answer that cite a journal entry: the asker may
 *   have withdrawn the entry's consent since, and a withdrawn consent counts
 *   from the next question. Retrieval brings the entry back when it is
 *   still shared.
 *
 * How much: the most recent turns first, whole turns only, until the next
 * older one would pass HISTORY_BUDGET_CHARS (about 1,500 tokens at four
 * characters a token) or MAX_EARLIER_TURNS are kept; that turn and all
 * older ones are dropped, so what the model reads is an unbroken run up to
 * the current question. Each earlier answer is first cut to
 * EARLIER_ANSWER_MAX_CHARS, so the latest turn always fits.
 *
 * Citation numbers of earlier answers named that answer's sources, not this
 * one's: each `[n]` becomes the cited card's word in quotes, so the model
 * cannot mistake it for a source it may cite now.
 */
import type { CoachTurn } from "../../actors/coach/index.ts"

export interface EarlierTurn {
  readonly question: string
  /** The answer as the next prompt carries it: cut, entry sentences left out, citation numbers replaced. */
  readonly answer: string
}

export const HISTORY_BUDGET_CHARS = 6_000
export const EARLIER_ANSWER_MAX_CHARS = 1_500
export const MAX_EARLIER_TURNS = 8
/** A question of at most this many words reads as a follow-up ("And at work?"): retrieval adds the previous question's words. */
export const FOLLOW_UP_MAX_WORDS = 4

const CITATION = /\[(\d{1,3})\]/g

/** Sentences: split at a space after a citation or a full stop, unless citations follow (`... now? [1] Then ...`). */
const sentencesOf = (text: string): string[] => text.split(/(?<=\]\.?|[.!?。])\s+(?!\[)/u).filter((sentence) => sentence.trim() !== "")

const cutAtWord = (text: string, max: number): string => {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).trimEnd()}…`
}

/** An earlier answer as the next prompt carries it, or "" when nothing of it may be carried. */
export const carriedAnswer = (answer: NonNullable<CoachTurn["answer"]>): string => {
  const cited = new Map(answer.citations.map((citation) => [citation.number, citation]))
  const citesEntry = (sentence: string) => [...sentence.matchAll(CITATION)].some((match) => cited.get(Number(match[1]))?.ref.startsWith("entry:"))
  const kept = sentencesOf(answer.text)
    .filter((sentence) => !citesEntry(sentence))
    .join(" ")
  const renamed = kept.replace(CITATION, (_marker, number: string) => {
    const citation = cited.get(Number(number))
    return citation ? `(“${citation.label}”)` : ""
  })
  return cutAtWord(renamed.replace(/[ \t]+/g, " ").trim(), EARLIER_ANSWER_MAX_CHARS)
}

/** The turns before `questionId` in its conversation that may inform it, oldest first, within the budget. */
export const earlierTurnsOf = (turns: readonly CoachTurn[], questionId: string, budgetChars = HISTORY_BUDGET_CHARS): EarlierTurn[] => {
  const index = turns.findIndex((turn) => turn.questionId === questionId)
  if (index <= 0) return []
  const conversationId = turns[index]!.conversationId
  const eligible = turns
    .slice(0, index)
    .filter((turn) => turn.conversationId === conversationId && turn.answer?.kind === "model")
    .map((turn) => ({ question: turn.question, answer: carriedAnswer(turn.answer!) }))
    .filter((turn) => turn.answer !== "")
  const kept: EarlierTurn[] = []
  let used = 0
  for (const turn of eligible.reverse()) {
    const size = turn.question.length + turn.answer.length
    if (kept.length === MAX_EARLIER_TURNS || used + size > budgetChars) break
    kept.unshift(turn)
    used += size
  }
  return kept
}

const wordCount = (text: string): number => text.split(/[^\p{L}\p{N}'’-]+/u).filter((word) => word !== "").length

/**
 * What retrieval searches for: the question itself, or, for a short
 * follow-up, the previous question's words with it, so "And at work?" after
 * "How do I slow down?" finds cards about slowing down at work. Only the
 * previous question, not its answer: the answer quotes the sources it was
 * given, and would pull the same cards back for their own sake.
 */
export const retrievalQueryOf = (question: string, earlier: readonly EarlierTurn[]): string => {
  const previous = earlier.at(-1)
  if (!previous || wordCount(question) > FOLLOW_UP_MAX_WORDS) return question
  return `${previous.question} ${question}`
}
