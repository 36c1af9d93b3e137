/**
 * Test support: a Retriever over fixed passages, shaped like the real one
 * (ml/retrieval): it ranks by shared words and hands out only what the
 * asker may see, by the rules the real one enforces through the read
 * store: cards of tiers the organization has, the asker's own entries
 * shared with the AI coach.
 */
import { Effect } from "effect"
import { AI_COACH_ID } from "../../../actors/journal/ai-coach.ts"
import type { CardPassage, EntryPassage, Passage, RetrievalRequest, Retriever } from "../../retrieval/port.ts"

export interface FixtureCard extends Omit<CardPassage, "score" | "kind"> {
  readonly tier: string
}

export interface FixtureEntry extends Omit<EntryPassage, "score" | "kind"> {
  readonly ownerId: string
  readonly tenant: string
  readonly coachIds: readonly string[]
}

export interface FixtureWorld {
  /** Each organization's tiers and the cards of each tier. */
  readonly tiersOf: (tenant: string) => readonly string[]
  readonly cards: readonly FixtureCard[]
  readonly entries: readonly FixtureEntry[]
}

/** The AI coach's reserved id, as the real retriever checks it. */
export const AI_COACH_FIXTURE_ID = AI_COACH_ID

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 2),
  )
const overlap = (query: Set<string>, text: string) => [...words(text)].filter((word) => query.has(word)).length

export const fixtureRetriever = (world: FixtureWorld, coachId = AI_COACH_FIXTURE_ID): Retriever => ({
  retrieve: (request: RetrievalRequest) =>
    Effect.sync(() => {
      const query = words(request.query)
      const tiers = world.tiersOf(request.asker.tenant)
      const cards: Passage[] =
        request.include?.cards === false
          ? []
          : world.cards
              .filter((card) => tiers.includes(card.tier))
              .map((card) => ({
                kind: "card" as const,
                deckId: card.deckId,
                cardId: card.cardId,
                word: card.word,
                question: card.question,
                themes: card.themes,
                score: overlap(query, `${card.word} ${card.question} ${card.themes.join(" ")}`),
              }))
      const entries: Passage[] =
        request.include?.entries === false
          ? []
          : world.entries
              .filter((entry) => entry.tenant === request.asker.tenant && entry.ownerId === request.asker.userId && entry.coachIds.includes(coachId))
              .map((entry) => ({
                kind: "entry" as const,
                entryId: entry.entryId,
                title: entry.title,
                text: entry.text,
                writtenAt: entry.writtenAt,
                score: overlap(query, `${entry.title} ${entry.text}`),
              }))
      const best = (passages: Passage[]) =>
        passages
          .filter((p) => p.score > 0)
          .sort((a, b) => b.score - a.score)
          .slice(0, request.limit)
      return [...best(cards), ...best(entries)]
    }),
})
