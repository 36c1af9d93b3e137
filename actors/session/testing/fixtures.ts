/** Users and events the session's tests start from. */
import { testUser } from "../../../engine/testing/context.ts"
import { SYSTEM_USER_ID } from "../../cards/rules.ts"
import { EMPTY_PLAN, type Activity, type Plan } from "../../journey/activity.ts"
import type { LoadedDeck, SessionEvent } from "../protocol.ts"

export const lead = testUser("fac-1", ["facilitator"])
export const ana = testUser("part-1")
export const ben = testUser("part-2")
export const cy = testUser("part-3")
export const outsider = testUser("part-9")
export const admin = testUser("admin-1", ["admin"])
export const system = testUser(SYSTEM_USER_ID, ["admin"])

const reflection = (title: string): Activity => ({ kind: "reflection", title, minutes: 5, prompt: `${title}?` })
export const plan: Plan = { ...EMPTY_PLAN, Pause: [reflection("Arrive"), reflection("Breathe")], Expand: [reflection("Share")] }

export const created: SessionEvent = {
  type: "created",
  title: "Monday circle",
  phases: ["Pause", "Expand", "Focus", "Doing"],
  joinCode: "ABC234",
  facilitatorId: "fac-1",
  journey: { journeyId: "j1", version: 2, title: "Monday", plan },
}
export const joined = (userId: string, displayName = userId): SessionEvent => ({ type: "participantJoined", userId, displayName })
export const withGroup: SessionEvent[] = [created, joined("part-1", "Ana"), joined("part-2", "Ben"), joined("part-3", "Cy")]
export const coFacilitator = (
  userId: string,
  ...powers: ("advance" | "timer" | "cards" | "reveal" | "spotlight" | "polls" | "breakouts" | "hands" | "lock")[]
): SessionEvent => ({
  type: "coFacilitatorAppointed",
  userId,
  powers,
})

const cards = (prefix: string, tier: "free" | "pro" | "enterprise" | "marketplace", n: number) =>
  Array.from({ length: n }, (_, i) => ({ cardId: `${prefix}${i + 1}`, word: `${prefix.toUpperCase()} ${i + 1}`, tier }))

export const freeDeck: LoadedDeck = {
  deckId: "sample",
  title: "Sample",
  tier: "free",
  packId: null,
  cards: [...cards("f", "free", 6), ...cards("p", "pro", 2)],
}
export const proDeck: LoadedDeck = { deckId: "studio-pro", title: "Pro deck", tier: "pro", packId: null, cards: cards("q", "pro", 4) }
export const packDeck: LoadedDeck = { deckId: "tides", title: "Tides", tier: "marketplace", packId: "tides", cards: cards("t", "marketplace", 4) }

export const decksLoaded = (tier: "free" | "pro" | "enterprise" = "free", packs: string[] = []): SessionEvent => ({
  type: "decksLoaded",
  licence: { tier, packs },
  decks: [freeDeck, proDeck, packDeck],
})

export const drawn = (drawId: string, cardIds: string[], options: { faceDown?: boolean; picks?: number; seed?: string } = {}): SessionEvent => ({
  type: "cardsDrawn",
  drawId,
  deckId: "sample",
  deckTier: "free",
  packId: null,
  faceDown: options.faceDown ?? false,
  count: cardIds.length,
  picksPerPerson: options.picks ?? 1,
  seed: options.seed ?? "seed",
  poolSize: 6,
  cardIds,
})
export const picked = (drawId: string, userId: string, cardId: string, position: number | null = null): SessionEvent => ({
  type: "cardPicked",
  drawId,
  userId,
  cardId,
  position,
})

export const pollOpened = (
  pollId: string,
  settings: Partial<{ mode: "single" | "multiple" | "dots"; dots: number; anonymous: boolean; resultsWhen: "live" | "closed" }> = {},
): SessionEvent => ({
  type: "pollOpened",
  pollId,
  question: "Which?",
  options: ["A", "B", "C"],
  mode: settings.mode ?? "single",
  dots: settings.dots ?? 3,
  anonymous: settings.anonymous ?? false,
  resultsWhen: settings.resultsWhen ?? "live",
})
export const voted = (pollId: string, voterId: string, choices: number[]): SessionEvent => ({ type: "voteCast", pollId, voterId, choices })
