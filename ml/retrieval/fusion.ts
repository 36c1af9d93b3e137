/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): each ranking
 * gives an item 1 / (k + rank), rank counted from 1, and the sums order the
 * fused list. It needs no score calibration between full-text ranks and
 * cosine distances, which is why it fuses them here. k = 60 as in the paper.
 */
export const RRF_K = 60

export interface Fused<A> {
  readonly item: A
  readonly score: number
}

/** Items are matched by `key`; the first ranking that holds an item supplies it. Ties keep first-seen order. */
export const reciprocalRankFusion = <A>(rankings: ReadonlyArray<readonly A[]>, key: (item: A) => string, k = RRF_K): Fused<A>[] => {
  const fused = new Map<string, { item: A; score: number; seen: number }>()
  for (const ranking of rankings) {
    ranking.forEach((item, index) => {
      const id = key(item)
      const entry = fused.get(id) ?? fused.set(id, { item, score: 0, seen: fused.size }).get(id)!
      entry.score += 1 / (k + index + 1)
    })
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.seen - b.seen).map(({ item, score }) => ({ item, score }))
}
