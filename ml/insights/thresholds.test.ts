import { describe, expect, it } from "vitest"
import { THRESHOLDS, thresholdsFromEnv } from "./activity.ts"

describe("insight thresholds from the environment", () => {
  it("defaults without settings, takes whole seconds, and refuses anything else naming the variable", () => {
    expect(thresholdsFromEnv({})).toEqual(THRESHOLDS)
    expect(thresholdsFromEnv({ STUDIO_INSIGHTS_WINDOW_SECONDS: "30", STUDIO_INSIGHTS_STUCK_SECONDS: "60" })).toMatchObject({
      windowMs: 30_000,
      stuckMs: 60_000,
    })
    for (const bad of ["0", "4", "1.5", "-3", "ten", "100000"])
      expect(() => thresholdsFromEnv({ STUDIO_INSIGHTS_WINDOW_SECONDS: bad })).toThrow(/STUDIO_INSIGHTS_WINDOW_SECONDS/)
    expect(() => thresholdsFromEnv({ STUDIO_INSIGHTS_STUCK_SECONDS: "x" })).toThrow(/STUDIO_INSIGHTS_STUCK_SECONDS/)
  })
})
