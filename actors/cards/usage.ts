/**
 * Card uses for licence and royalty reports, read from session events: every
 * card laid out in a spread (face up or down) and every card picked is a use.
 * A pick names only its card and deck here, never who picked it.
 */
import type { SessionEvent } from "../session/protocol.ts"

export interface CardUse {
  readonly kind: "drawn" | "picked"
  readonly deckId: string
  readonly cardId: string
  readonly tier: string
  readonly packId: string | null
}

/**
 * Uses in one session's events, in order; picks are matched to the draw they
 * came from. With `counted`, only the uses of events it accepts are kept (a
 * time window), while earlier draws still identify later picks.
 */
export const cardUses = <E extends SessionEvent>(events: readonly E[], counted: (event: E, index: number) => boolean = () => true): CardUse[] => {
  const draws = new Map<string, { deckId: string; tier: string; packId: string | null }>()
  return events.flatMap((event, index): CardUse[] => {
    if (event.type === "cardsDrawn") {
      const draw = { deckId: event.deckId, tier: event.deckTier, packId: event.packId }
      draws.set(event.drawId, draw)
      return counted(event, index) ? event.cardIds.map((cardId) => ({ kind: "drawn", cardId, ...draw })) : []
    }
    if (event.type === "cardPicked") {
      const draw = draws.get(event.drawId)
      // A pick without its card is a member's redacted view, never a logged event: nothing to count.
      return draw && event.cardId !== null && counted(event, index) ? [{ kind: "picked", cardId: event.cardId, ...draw }] : []
    }
    return []
  })
}

export interface UsageRow {
  readonly deckId: string
  readonly packId: string | null
  readonly tier: string
  readonly drawn: number
  readonly picked: number
}

/** Totals per deck, sorted by deck id: what a royalty statement lists. */
export const usageByDeck = (uses: readonly CardUse[]): UsageRow[] => {
  const rows = new Map<string, { deckId: string; packId: string | null; tier: string; drawn: number; picked: number }>()
  for (const use of uses) {
    const row = rows.get(use.deckId) ?? { deckId: use.deckId, packId: use.packId, tier: use.tier, drawn: 0, picked: 0 }
    row[use.kind]++
    rows.set(use.deckId, row)
  }
  return [...rows.values()].sort((a, b) => a.deckId.localeCompare(b.deckId))
}
