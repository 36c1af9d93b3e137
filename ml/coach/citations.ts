/**
 * Citations are checked against what was retrieved: a `[n]` in the answer
 * counts only when n numbers a retrieved passage; anything else a model
 * wrote (a number it made up, a passage it was never given) is dropped.
 */
import type { Citation } from "../../actors/coach/protocol.ts"
import { passageRef, type Passage } from "../retrieval/port.ts"

export const MAX_CITED = 12

export interface CheckedCitations {
  readonly citations: Citation[]
  /** Numbers the answer cited that name no retrieved passage. */
  readonly dropped: number[]
}

export const labelOf = (passage: Passage): string => (passage.kind === "card" ? passage.word : passage.title).slice(0, 200)

export const checkCitations = (answer: string, retrieved: readonly Passage[]): CheckedCitations => {
  const citations: Citation[] = []
  const dropped: number[] = []
  for (const match of answer.matchAll(/\[(\d{1,3})\]/g)) {
    const number = Number(match[1])
    const passage = retrieved[number - 1]
    if (!passage || number < 1) {
      if (!dropped.includes(number)) dropped.push(number)
      continue
    }
    if (citations.some((citation) => citation.number === number) || citations.length >= MAX_CITED) continue
    citations.push({ number, ref: passageRef(passage), label: labelOf(passage) })
  }
  return { citations, dropped }
}
