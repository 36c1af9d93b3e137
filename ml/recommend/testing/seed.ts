/** The one seed of ml/'s random tests and simulations: ML_SEED replays a run; the seed is printed either way. */
export { makeRandom, seedFrom, type Random } from "../../../engine/testing/random.ts"

export const mlSeed = (): number => {
  const raw = process.env.ML_SEED
  const seed = raw !== undefined && raw !== "" ? Number(raw) : Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(seed)) throw new Error(`ML_SEED must be an integer, got ${JSON.stringify(raw)}`)
  console.log(`ML_SEED=${seed} (set it to replay this run)`)
  return seed
}
