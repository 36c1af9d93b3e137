/** A small seeded PRNG (mulberry32) so every fuzz and property run can be replayed from its printed seed. */
export const seedFrom = (variable: string): number => {
  const raw = process.env[variable]
  const seed = raw ? Number(raw) : Math.floor(Math.random() * 2 ** 31)
  console.log(`${variable}=${seed} (set it to replay this run)`)
  return seed
}

export const makeRandom = (seed: number) => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (max: number): number => Math.floor(next() * max)
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    bytes: (length: number): Uint8Array => Uint8Array.from({ length }, () => int(256)),
  }
}

export type Random = ReturnType<typeof makeRandom>
