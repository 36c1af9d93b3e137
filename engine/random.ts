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
