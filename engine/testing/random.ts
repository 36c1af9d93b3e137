/**
 * The one seeded random source of every fuzz, property and simulation test,
 * with one variable, STUDIO_TEST_SEED. A test takes its seed from
 * `testSeed(label)`: the variable's value when it is set (to replay a
 * failure), else a fresh one; the seed is printed once with the label, so
 * any failing run can be replayed. fast-check properties take the same seed
 * (`propertyParameters`), and a failure message says how to replay
 * (`replayHint`).
 */
import { makeRandom, type Random } from "../random.ts"

export { makeRandom, type Random }

export const TEST_SEED_VARIABLE = "STUDIO_TEST_SEED"

export const testSeed = (label: string): number => {
  const raw = process.env[TEST_SEED_VARIABLE]
  const seed = raw !== undefined && raw !== "" ? Number(raw) : Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(seed)) throw new Error(`${TEST_SEED_VARIABLE} must be an integer, got ${JSON.stringify(raw)}`)
  console.log(`[${label}] seed ${seed} (${replayHint(seed)})`)
  return seed
}

/** A random source seeded with `testSeed(label)`. */
export const testRandom = (label: string): Random => makeRandom(testSeed(label))

/** fast-check's run parameters with the test's seed: `fc.assert(property, propertyParameters("label", { numRuns: 200 }))`. */
export const propertyParameters = <P extends object = object>(label: string, parameters?: P): P & { readonly seed: number } =>
  ({ ...parameters, seed: testSeed(label) }) as P & { readonly seed: number }

/** What a failure message says so the run can be replayed. */
export const replayHint = (seed: number): string => `replay with ${TEST_SEED_VARIABLE}=${seed}`
