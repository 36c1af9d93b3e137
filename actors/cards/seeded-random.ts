/**
 * A small seeded random source (FNV-1a to hash the seed, mulberry32 to
 * generate), so face-down draws, breakout groups and card art are the same
 * every time they are recomputed from the recorded seed. Not for secrets:
 * its job is to be replayable, not unpredictable (the seed itself is a fresh
 * server id, never chosen by a client).
 */
import { mulberry32 } from "../../engine/random.ts"

export const SHUFFLE_ALGORITHM = "fnv1a-mulberry32-fisher-yates"

export const hashSeed = (seed: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0
  return h >>> 0
}

/** Numbers in [0, 1), the same sequence for the same seed. */
export const seededRandom = (seed: string): (() => number) => mulberry32(hashSeed(seed))

/** A Fisher-Yates shuffle of a copy of `items`, driven by `seed`. */
export const seededShuffle = <A>(items: readonly A[], seed: string): A[] => {
  const random = seededRandom(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
