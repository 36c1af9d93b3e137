import { describe, expect, it } from "vitest"
import { ConfigError } from "../../engine/errors.ts"
import { metricsAccess, metricsAccessFromEnv } from "./metrics-access.ts"

describe("metrics access", () => {
  it("is off without STUDIO_METRICS_TOKEN", () => {
    expect(metricsAccessFromEnv({}).enabled).toBe(false)
    expect(metricsAccessFromEnv({ STUDIO_METRICS_TOKEN: "" }).enabled).toBe(false)
  })

  it("lets in the bearer of the token only", () => {
    const access = metricsAccess("a-metrics-token-of-enough-length")
    if (!access.enabled) throw new Error("expected metrics on")
    expect(access.allows("Bearer a-metrics-token-of-enough-length")).toBe(true)
    for (const header of [
      undefined,
      "",
      "a-metrics-token-of-enough-length",
      "Bearer a-metrics-token-of-enough-lengtH",
      "Bearer ",
      "Basic a-metrics-token-of-enough-length",
    ]) {
      expect(access.allows(header), String(header)).toBe(false)
    }
  })

  it("refuses a short token at start with one line naming the variable", () => {
    expect(() => metricsAccessFromEnv({ STUDIO_METRICS_TOKEN: "short" })).toThrow(ConfigError)
    expect(() => metricsAccessFromEnv({ STUDIO_METRICS_TOKEN: "short" })).toThrow(/STUDIO_METRICS_TOKEN/)
  })
})
