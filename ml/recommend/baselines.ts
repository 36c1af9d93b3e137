/**
 * What the model must beat, and what stands in for it before there is any
 * history: most popular in a recent window (time-aware), item-kNN over
 * cards chosen in the same session, and content similarity (themes).
 */
import type { CardInfo, MomentContext } from "./context.ts"
import { isGroupChoice, type Interaction, type Phase } from "./interactions.ts"

export const DAY_MS = 86_400_000

/**
 * Popularity among group choices in the window before a time. Queries must
 * come in non-decreasing time (the evaluation walks the test set in order).
 */
export class TimeAwarePopularity {
  private readonly events: Interaction[]
  private readonly windowCounts = new Map<string, number>()
  private readonly allCounts = new Map<string, number>()
  private head = 0
  private tail = 0
  private lastAt = -Infinity

  constructor(
    interactions: readonly Interaction[],
    readonly windowMs = 14 * DAY_MS,
  ) {
    this.events = interactions.filter(isGroupChoice).sort((a, b) => a.at - b.at)
  }

  private advance(at: number) {
    if (at < this.lastAt) throw new Error("popularity is asked in time order")
    this.lastAt = at
    while (this.head < this.events.length && this.events[this.head]!.at < at) {
      const id = this.events[this.head++]!.cardId
      this.windowCounts.set(id, (this.windowCounts.get(id) ?? 0) + 1)
      this.allCounts.set(id, (this.allCounts.get(id) ?? 0) + 1)
    }
    while (this.tail < this.head && this.events[this.tail]!.at < at - this.windowMs) {
      const id = this.events[this.tail++]!.cardId
      this.windowCounts.set(id, this.windowCounts.get(id)! - 1)
    }
  }

  /** Recent count, ties broken by the count over all time before `at`. */
  scores(at: number, cards: readonly CardInfo[]): Float64Array {
    this.advance(at)
    return Float64Array.from(cards, (card) => (this.windowCounts.get(card.cardId) ?? 0) + 1e-6 * (this.allCounts.get(card.cardId) ?? 0))
  }
}

/** Cosine similarity of cards by the sessions that chose them (training interactions only). */
export class ItemKnn {
  private readonly similarity = new Map<string, Map<string, number>>()
  private readonly counts = new Map<string, number>()

  constructor(train: readonly Interaction[]) {
    const sessions = new Map<string, Set<string>>()
    for (const i of train) {
      if (!isGroupChoice(i)) continue
      const key = `${i.tenantId}/${i.sessionId}`
      if (!sessions.has(key)) sessions.set(key, new Set())
      sessions.get(key)!.add(i.cardId)
    }
    const together = new Map<string, Map<string, number>>()
    for (const cards of sessions.values()) {
      for (const a of cards) {
        this.counts.set(a, (this.counts.get(a) ?? 0) + 1)
        const row = together.get(a) ?? new Map<string, number>()
        together.set(a, row)
        for (const b of cards) if (a !== b) row.set(b, (row.get(b) ?? 0) + 1)
      }
    }
    for (const [a, row] of together) {
      this.similarity.set(a, new Map([...row].map(([b, n]) => [b, n / Math.sqrt(this.counts.get(a)! * this.counts.get(b)!)])))
    }
  }

  scores(context: MomentContext, cards: readonly CardInfo[]): Float64Array {
    const seeds = new Map<string, number>()
    for (const id of context.chosen) seeds.set(id, (seeds.get(id) ?? 0) + 1)
    for (const id of context.dealt) seeds.set(id, (seeds.get(id) ?? 0) + 0.5)
    return Float64Array.from(cards, (card) => {
      let s = 1e-6 * (this.counts.get(card.cardId) ?? 0)
      for (const [seed, weight] of seeds) s += weight * (this.similarity.get(seed)?.get(card.cardId) ?? 0)
      return s
    })
  }
}

/** Themes that suit each phase when a session has no themes of its own yet (Studio's own reading of the phases). */
export const PHASE_THEMES: Readonly<Record<Phase, readonly string[]>> = {
  Pause: ["rest", "presence", "calm", "stillness", "slowing down"],
  Expand: ["perspective", "curiosity", "vision", "possibility", "imagination"],
  Focus: ["clarity", "direction", "values", "choice", "priorities"],
  Doing: ["courage", "action", "growth", "commitment", "beginnings"],
}

const themeVector = (themes: Iterable<[string, number]>) => {
  const v = new Map<string, number>()
  for (const [t, w] of themes) v.set(t.toLowerCase(), (v.get(t.toLowerCase()) ?? 0) + w)
  return v
}

const cosine = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>) => {
  let dot = 0,
    na = 0,
    nb = 0
  for (const [k, v] of a) {
    na += v * v
    dot += v * (b.get(k) ?? 0)
  }
  for (const v of b.values()) nb += v * v
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb)
}

/** How close each card's themes are to the session's, plus a smaller pull towards the phase's themes. */
export const contentScores = (context: MomentContext, cards: readonly CardInfo[]): Float64Array => {
  const session = themeVector(context.themes)
  const phase = themeVector((context.phase ? PHASE_THEMES[context.phase] : []).map((t) => [t, 1] as [string, number]))
  return Float64Array.from(cards, (card) => {
    const own = themeVector(card.themes.map((t) => [t, 1] as [string, number]))
    return cosine(session, own) + 0.5 * cosine(phase, own)
  })
}
