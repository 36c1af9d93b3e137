/**
 * mulberry32: a tiny seeded generator of numbers in [0, 1). Replayable, not
 * unpredictable: for recorded draws and for tests, never for secrets. Recorded
 * card draws depend on this exact sequence, so it must never change.
 */
export const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Random {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  int(maxExclusive: number): number
  pick<A>(items: readonly A[]): A
  chance(probability: number): boolean
  shuffle<A>(items: readonly A[]): A[]
  bytes(length: number): Uint8Array
}

/** The helpers a seeded draw needs, over mulberry32: the recommender's training and evaluation, and every seeded test. */
export const makeRandom = (seed: number): Random => {
  const next = mulberry32(seed)
  const int = (maxExclusive: number) => Math.floor(next() * maxExclusive)
  return {
    seed,
    next,
    int,
    pick: <A>(items: readonly A[]): A => {
      if (items.length === 0) throw new Error("pick from an empty list")
      return items[int(items.length)] as A
    },
    chance: (probability) => next() < probability,
    shuffle: <A>(items: readonly A[]): A[] => {
      const copy = [...items]
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1)
        ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
      }
      return copy
    },
    bytes: (length) => Uint8Array.from({ length }, () => int(256)),
  }
}
