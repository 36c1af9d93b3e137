/**
 * Interaction facts for the recommender, and the fold that turns them into
 * interactions with their moment (which session, which phase, when).
 *
 * The rows have the analytics facts' shape (projections/analytics/facts.ts:
 * tenant, actor, event type, user, time, attributes) so that the read store
 * (read-facts.ts) and the simulator (testing/simulator.ts) feed one fold.
 * Picks come from reveals, which every member of the session sees; a pick
 * that was never revealed stays its picker's and is never read.
 */
import { PHASES } from "../../actors/journey/phases.ts"

export type Phase = (typeof PHASES)[number]
export { PHASES }

export interface FactRow {
  readonly tenant_id: string
  readonly actor_kind: "session" | "canvas"
  /** The session; for a canvas fact, the canvas (its session is in `attributes.sessionId`). */
  readonly actor_id: string
  readonly event_type: string
  readonly user_id: string
  readonly occurred_at: string
  readonly attributes: Readonly<Record<string, unknown>>
}

/** draw: the facilitator dealt it; pick: a participant chose it (revealed); place: someone put it on a session canvas. */
export type InteractionKind = "draw" | "pick" | "place"

export interface Interaction {
  readonly tenantId: string
  readonly sessionId: string
  readonly userId: string
  readonly at: number
  readonly kind: InteractionKind
  readonly cardId: string
  readonly phase: Phase | null
}

/** What a group does with a card on its own: picks and placements are the targets; draws are the facilitator's. */
export const isGroupChoice = (interaction: Pick<Interaction, "kind">): boolean => interaction.kind !== "draw"

const isPhase = (value: unknown): value is Phase => typeof value === "string" && (PHASES as readonly string[]).includes(value)

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [])

/** Interactions in time order; facts of sessions the rows never created still count, with an unknown phase until one is advanced. */
export const interactionsFrom = (rows: readonly FactRow[]): Interaction[] => {
  const sorted = [...rows].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at))
  const phaseOf = new Map<string, Phase | null>()
  const out: Interaction[] = []
  for (const row of sorted) {
    const at = Date.parse(row.occurred_at)
    const a = row.attributes
    if (row.actor_kind === "session") {
      const session = `${row.tenant_id}/${row.actor_id}`
      const base = { tenantId: row.tenant_id, sessionId: row.actor_id, at, phase: phaseOf.get(session) ?? null }
      switch (row.event_type) {
        case "created":
          phaseOf.set(session, null)
          break
        case "phaseAdvanced":
          if (isPhase(a.to)) phaseOf.set(session, a.to)
          break
        case "cardsDrawn":
          for (const cardId of stringList(a.cardIds)) out.push({ ...base, userId: row.user_id, kind: "draw", cardId })
          break
        case "picksRevealed":
          for (const pick of Array.isArray(a.picks) ? a.picks : []) {
            const { userId, cardId } = (pick ?? {}) as { userId?: unknown; cardId?: unknown }
            if (typeof userId === "string" && typeof cardId === "string") out.push({ ...base, userId, kind: "pick", cardId })
          }
          break
      }
    } else if (row.event_type === "elementAdded" && typeof a.cardId === "string" && typeof a.sessionId === "string") {
      const session = `${row.tenant_id}/${a.sessionId}`
      out.push({
        tenantId: row.tenant_id,
        sessionId: a.sessionId,
        userId: row.user_id,
        at,
        kind: "place",
        cardId: a.cardId,
        phase: phaseOf.get(session) ?? null,
      })
    }
  }
  return out
}

/** Who joined each session (`tenant/session` -> users): the group a moment belongs to. */
export const participantsFrom = (rows: readonly FactRow[]): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>()
  for (const row of rows) {
    if (row.actor_kind !== "session" || row.event_type !== "participantJoined") continue
    const userId = typeof row.attributes.userId === "string" ? row.attributes.userId : row.user_id
    const key = `${row.tenant_id}/${row.actor_id}`
    if (!out.has(key)) out.set(key, new Set())
    out.get(key)!.add(userId)
  }
  return out
}
