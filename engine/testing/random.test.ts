import { afterEach, describe, expect, it, vi } from "vitest"
import { makeRandom, propertyParameters, replayHint, TEST_SEED_VARIABLE, testSeed } from "./random.ts"

describe("the seeded test random source", () => {
  const saved = process.env[TEST_SEED_VARIABLE]
  afterEach(() => {
    if (saved === undefined) delete process.env[TEST_SEED_VARIABLE]
    else process.env[TEST_SEED_VARIABLE] = saved
    vi.restoreAllMocks()
  })

  it("replays the seed STUDIO_TEST_SEED names, and prints it once with the test's label", () => {
    process.env[TEST_SEED_VARIABLE] = "12345"
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    expect(testSeed("replay")).toBe(12345)
    expect(log).toHaveBeenCalledTimes(1)
    expect(log.mock.calls[0]![0]).toBe(`[replay] seed 12345 (${replayHint(12345)})`)
    expect(propertyParameters("property", { numRuns: 3 })).toEqual({ numRuns: 3, seed: 12345 })
  })

  it("draws a fresh seed when the variable is unset, and refuses one that is not an integer", () => {
    vi.spyOn(console, "log").mockImplementation(() => {})
    delete process.env[TEST_SEED_VARIABLE]
    expect(Number.isInteger(testSeed("fresh"))).toBe(true)
    process.env[TEST_SEED_VARIABLE] = "twelve"
    expect(() => testSeed("bad")).toThrow(/STUDIO_TEST_SEED must be an integer/)
  })

  it("gives the same draws for the same seed", () => {
    const draws = (seed: number) => {
      const random = makeRandom(seed)
      return [random.next(), random.int(1000), random.pick(["a", "b", "c"]), random.shuffle([1, 2, 3, 4, 5])]
    }
    expect(draws(7)).toEqual(draws(7))
    expect(draws(7)).not.toEqual(draws(8))
  })
})
