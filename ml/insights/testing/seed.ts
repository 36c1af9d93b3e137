/** One seed variable for every random test in ml/: ML_SEED replays a run; the seed is printed. */
export { makeRandom, type Random } from "../../../engine/testing/random.ts"

export const mlSeed = (label: string): number => {
  const fromEnv = process.env["ML_SEED"]
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(seed)) throw new Error(`ML_SEED must be an integer, got ${JSON.stringify(fromEnv)}`)
  console.log(`[${label}] seed ${seed} (replay with ML_SEED=${seed})`)
  return seed
}
