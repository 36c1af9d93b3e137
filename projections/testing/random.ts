/**
 * A seeded random source for the projections' property tests and
 * simulations. The seed is printed; PROJECTIONS_SEED replays a failure.
 */
export interface Random {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  int(maxExclusive: number): number
  pick<A>(items: readonly A[]): A
  chance(probability: number): boolean
}

export const makeRandom = (seed: number): Random => {
  let state = seed >>> 0
  // mulberry32: tiny, fast, and good enough to spread test cases.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
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
  }
}

export const testSeed = (label: string): number => {
  const fromEnv = process.env.PROJECTIONS_SEED
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(seed)) throw new Error(`PROJECTIONS_SEED must be an integer, got ${JSON.stringify(fromEnv)}`)
  console.log(`[${label}] seed ${seed} (replay with PROJECTIONS_SEED=${seed})`)
  return seed
}
