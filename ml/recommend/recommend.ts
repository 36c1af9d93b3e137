/**
 * Cards for this moment, with the reason each one is offered: the trained
 * model when the node has one, content similarity (themes) when it has not.
 * The candidates are what the caller's organization may use (the route reads
 * them as the caller, under row-level security); nothing else is ranked.
 */
import { contentScores, PHASE_THEMES } from "./baselines.ts"
import type { CardInfo, MomentContext } from "./context.ts"
import type { TwoTowerScorer } from "./scorer.ts"

export type ReasonCode = "group-phase" | "session-themes" | "phase-themes" | "often-picked"

export interface Suggestion<C extends CardInfo = CardInfo> {
  readonly card: C
  readonly score: number
  readonly reason: { readonly code: ReasonCode; readonly text: string }
}

export interface Suggestions<C extends CardInfo> {
  readonly method: "model" | "content"
  readonly items: readonly Suggestion<C>[]
}

const shared = (card: CardInfo, themes: ReadonlyMap<string, number>) => card.themes.filter((t) => (themes.get(t) ?? themes.get(t.toLowerCase()) ?? 0) > 0)

/** The strongest thing the moment and the card have in common, in words a facilitator reads at a glance. */
export const reasonFor = (card: CardInfo, context: MomentContext, method: "model" | "content"): Suggestion["reason"] => {
  const phase = context.phase
  const group = shared(card, context.groupThemes)
  if (phase && group.length > 0) return { code: "group-phase", text: `often picked in ${phase} by groups like this (${group.join(", ")})` }
  const session = shared(card, context.themes)
  if (session.length > 0) return { code: "session-themes", text: `close to this session's themes (${session.join(", ")})` }
  const phaseThemes = phase ? card.themes.filter((t) => PHASE_THEMES[phase].includes(t.toLowerCase())) : []
  if (phase && phaseThemes.length > 0) return { code: "phase-themes", text: `suits the ${phase} phase (${phaseThemes.join(", ")})` }
  return method === "model"
    ? { code: "often-picked", text: phase ? `often picked in ${phase}` : "often picked" }
    : { code: "phase-themes", text: "a start: no themes in this session yet" }
}

export const suggestCards = <C extends CardInfo>(
  candidates: readonly C[], context: MomentContext, options: { readonly scorer?: TwoTowerScorer | undefined; readonly exclude?: ReadonlySet<string>; readonly limit: number },
): Suggestions<C> => {
  const pool = candidates.filter((card) => !options.exclude?.has(card.cardId))
  const method = options.scorer ? "model" : "content"
  const scores = options.scorer ? options.scorer.score(context, pool) : contentScores(context, pool)
  const order = pool.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || pool[a]!.cardId.localeCompare(pool[b]!.cardId))
  return {
    method,
    items: order.slice(0, options.limit).map((i) => ({ card: pool[i]!, score: scores[i]!, reason: reasonFor(pool[i]!, context, method) })),
  }
}
