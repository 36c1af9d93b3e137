/**
 * A simulator of facilitators and groups with planted preferences, for the
 * recommender's tests and bench. Each group has two core themes it is drawn
 * to all the time and one theme per phase (it wants rest in Pause, say,
 * and courage in Doing); every card also has a popularity that drifts over
 * the months. Facilitators deal cards leaning to what they have seen the
 * group choose; participants pick from the deal and place cards from the
 * library on the session canvas by a softmax over their group's affinity.
 * It writes analytics-shaped fact rows with timestamps (interactions.ts).
 */
import { builtInCatalogue } from "../catalogue.ts"
import type { Random } from "../../../engine/testing/random.ts"
import type { CardInfo } from "../context.ts"
import { PHASES, type FactRow, type Phase } from "../interactions.ts"

export const builtInCards = (): CardInfo[] => builtInCatalogue()

export interface SimulationOptions {
  readonly groups?: number
  readonly sessionsPerGroup?: number
  readonly days?: number
  readonly tenants?: number
  readonly cards?: readonly CardInfo[]
}

interface Group {
  readonly tenant: string
  readonly facilitator: string
  readonly members: readonly string[]
  readonly core: readonly string[]
  readonly byPhase: Readonly<Record<Phase, string>>
}

const DAY = 86_400_000
const MINUTE = 60_000
const START = Date.UTC(2026, 0, 5)

export const simulate = (random: Random, options: SimulationOptions = {}): { rows: FactRow[]; cards: CardInfo[] } => {
  const cards = [...(options.cards ?? builtInCards())]
  const { groups: groupCount = 40, sessionsPerGroup = 8, days = 120, tenants = 4 } = options
  const themes = [...new Set(cards.flatMap((c) => c.themes))]
  const basePopularity = cards.map(() => random.next() * 1.2)
  const driftPhase = cards.map(() => random.next() * 2 * Math.PI)
  const popularityAt = (card: number, at: number) =>
    basePopularity[card]! + 0.9 * Math.sin(driftPhase[card]! + (2 * Math.PI * (at - START)) / (60 * DAY))

  const groups: Group[] = Array.from({ length: groupCount }, (_, g) => {
    const tenant = `org-${g % tenants}`
    const shuffled = random.shuffle(themes)
    return {
      tenant,
      facilitator: `${tenant}-fac-${g % 3}`,
      members: Array.from({ length: 3 + random.int(4) }, (_, m) => `${tenant}-g${g}-p${m}`),
      core: shuffled.slice(0, 2),
      byPhase: Object.fromEntries(PHASES.map((p, i) => [p, shuffled[2 + i]!])) as Record<Phase, string>,
    }
  })
  const affinity = (group: Group, phase: Phase, card: number, at: number) => {
    const own = cards[card]!.themes
    return 2.2 * own.filter((t) => group.core.includes(t)).length + 2.0 * (own.includes(group.byPhase[phase]) ? 1 : 0) + popularityAt(card, at)
  }
  const softmaxPick = (weights: readonly number[]) => {
    const max = Math.max(...weights)
    const e = weights.map((w) => Math.exp(w - max))
    let r = random.next() * e.reduce((s, v) => s + v, 0)
    for (let i = 0; i < e.length; i++) if ((r -= e[i]!) <= 0) return i
    return e.length - 1
  }

  const rows: FactRow[] = []
  const row = (
    tenant: string,
    kind: FactRow["actor_kind"],
    actor: string,
    type: string,
    user: string,
    at: number,
    attributes: Record<string, unknown>,
  ) =>
    rows.push({
      tenant_id: tenant,
      actor_kind: kind,
      actor_id: actor,
      event_type: type,
      user_id: user,
      occurred_at: new Date(at).toISOString(),
      attributes,
    })

  groups.forEach((group, g) => {
    for (let s = 0; s < sessionsPerGroup; s++) {
      const sessionId = `s-${g}-${s}`
      const canvasId = `c-${g}-${s}`
      let at = START + Math.floor(((s + random.next()) / sessionsPerGroup) * days * DAY)
      row(group.tenant, "session", sessionId, "created", group.facilitator, at, { facilitatorId: group.facilitator })
      for (const member of group.members) row(group.tenant, "session", sessionId, "participantJoined", member, (at += 1000), { userId: member })
      PHASES.forEach((phase, p) => {
        row(group.tenant, "session", sessionId, "phaseAdvanced", group.facilitator, (at += 5 * MINUTE), {
          from: p === 0 ? null : PHASES[p - 1],
          to: phase,
        })
        // The facilitator deals eight cards: half that suit the group as they read it, half at random.
        const dealt = new Set<number>()
        while (dealt.size < 4) dealt.add(softmaxPick(cards.map((_, c) => 0.6 * affinity(group, phase, c, at))))
        while (dealt.size < 8) dealt.add(random.int(cards.length))
        const deal = [...dealt]
        const drawId = `${sessionId}-d${p}`
        row(group.tenant, "session", sessionId, "cardsDrawn", group.facilitator, (at += MINUTE), {
          drawId,
          cardIds: deal.map((c) => cards[c]!.cardId),
          count: 8,
        })
        const picks = group.members.map((userId) => ({
          userId,
          cardId: cards[deal[softmaxPick(deal.map((c) => affinity(group, phase, c, at)))]!]!.cardId,
        }))
        row(group.tenant, "session", sessionId, "picksRevealed", group.facilitator, (at += 4 * MINUTE), { drawId, picks })
        for (const member of group.members) {
          if (!random.chance(0.5)) continue
          const card = softmaxPick(cards.map((_, c) => affinity(group, phase, c, at)))
          row(group.tenant, "canvas", canvasId, "elementAdded", member, (at += 20_000), { sessionId, cardId: cards[card]!.cardId, kind: "card" })
        }
      })
      row(group.tenant, "session", sessionId, "ended", group.facilitator, (at += 5 * MINUTE), { phase: "Doing" })
    }
  })
  return { rows, cards }
}
