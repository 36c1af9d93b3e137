/**
 * A seeded random source for the projections' property tests and
 * simulations. The seed is printed; PROJECTIONS_SEED replays a failure.
 */
export { makeRandom, type Random } from "../../engine/testing/random.ts"

export const testSeed = (label: string): number => {
  const fromEnv = process.env.PROJECTIONS_SEED
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(seed)) throw new Error(`PROJECTIONS_SEED must be an integer, got ${JSON.stringify(fromEnv)}`)
  console.log(`[${label}] seed ${seed} (replay with PROJECTIONS_SEED=${seed})`)
  return seed
}
