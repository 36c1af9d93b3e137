import { describe, expect, it } from "vitest"
import { testRandom } from "../testing/random.ts"
import { RecentCommands } from "./recent-commands.ts"

describe("recent commands", () => {
  it("remembers exactly the last `capacity` distinct keys (a key remembered again counts as new), and survives a round trip through its entries", () => {
    const random = testRandom("recent commands")
    const capacity = 1 + random.int(200)
    let recent = new RecentCommands(capacity)
    // The model: keys oldest first, a key remembered again moves to the end.
    let model: Array<[string, number]> = []
    for (let step = 0; step < 20_000; step++) {
      // Few distinct keys now and then, so keys are remembered again while still in the window.
      const key = `u:${random.int(random.chance(0.3) ? capacity : capacity * 4)}`
      if (random.chance(0.7)) {
        model = model.filter(([k]) => k !== key)
        model.push([key, step])
        if (model.length > capacity) model.shift()
        recent.remember(key, step)
      } else {
        expect(recent.get(key)).toBe(model.find(([k]) => k === key)?.[1])
      }
      if (random.chance(0.001)) {
        expect(recent.toEntries()).toEqual(model)
        recent = RecentCommands.fromEntries(capacity, recent.toEntries())
      }
    }
    expect(recent.toEntries()).toEqual(model)
  })
})
