/**
 * The seeded random source every fuzz, property and simulation test uses, so
 * any run can be replayed from the seed it prints.
 */
import { mulberry32 } from "../random.ts"

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

/** The seed from `variable` when set (to replay), else a fresh one; printed either way. */
export const seedFrom = (variable: string): number => {
  const raw = process.env[variable]
  const seed = raw !== undefined && raw !== "" ? Number(raw) : Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(seed)) throw new Error(`${variable} must be an integer, got ${JSON.stringify(raw)}`)
  console.log(`${variable}=${seed} (set it to replay this run)`)
  return seed
}
