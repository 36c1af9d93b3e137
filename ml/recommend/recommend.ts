/**
 * Cards for this moment, with the reason each one is offered (reasons.ts):
 * the trained model when the node has one, content similarity (themes) when
 * it has not.
 * The candidates are what the caller's organization may use (the route reads
 * them as the caller, under row-level security); nothing else is ranked.
 */
import { contentScores } from "./baselines.ts"
import type { CardInfo, MomentContext } from "./context.ts"
import { reasonFor, type Reason } from "./reasons.ts"
import type { TwoTowerScorer } from "./scorer.ts"

export { reasonFor, reasonIn, type Reason, type ReasonCode, type ReasonParams } from "./reasons.ts"

export interface Suggestion<C extends CardInfo = CardInfo> {
  readonly card: C
  readonly score: number
  readonly reason: Reason
}

export interface Suggestions<C extends CardInfo> {
  readonly method: "model" | "content"
  readonly items: readonly Suggestion<C>[]
}

export const suggestCards = <C extends CardInfo>(
  candidates: readonly C[],
  context: MomentContext,
  options: { readonly scorer?: TwoTowerScorer | undefined; readonly exclude?: ReadonlySet<string>; readonly limit: number },
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
