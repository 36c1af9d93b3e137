import { describe, expect, it } from "vitest"
import { compareMetric, compareReports, renderComparison } from "./compare.ts"
import { liveCase, reportWith } from "./fixtures.ts"
import { metric } from "./model.ts"

describe("comparing two reports", () => {
  it("flags a drop in throughput larger than the spread between repeats as a regression", () => {
    const before = metric("deliveries", "msg/s", "higher", [1000, 1020, 980])
    const after = metric("deliveries", "msg/s", "higher", [900, 910, 890])
    expect(compareMetric(before, after)).toMatchObject({ verdict: "regression", band: 40 })
  })

  it("calls the same drop noise when the repeats themselves spread wider", () => {
    const before = metric("deliveries", "msg/s", "higher", [1000, 1200, 800])
    const after = metric("deliveries", "msg/s", "higher", [900, 910, 890])
    expect(compareMetric(before, after).verdict).toBe("within noise")
  })

  it("reads direction from the metric: lower latency is an improvement, higher a regression", () => {
    const before = metric("latency p99", "ms", "lower", [10, 11, 10.5])
    expect(compareMetric(before, metric("latency p99", "ms", "lower", [5, 5.2, 5.1])).verdict).toBe("improvement")
    expect(compareMetric(before, metric("latency p99", "ms", "lower", [20, 21, 20.5])).verdict).toBe("regression")
  })

  it("does not judge a changed figure without at least two repeats on each side", () => {
    const single = compareMetric(metric("x", "ms", "lower", [1]), metric("x", "ms", "lower", [3]))
    expect(single.verdict).toBe("not judged")
    expect(compareMetric(metric("x", "ms", "lower", [1]), metric("x", "ms", "lower", [1])).verdict).toBe("within noise")
  })

  it("keeps a 1% floor, so identical repeats do not turn a hair's change into a finding", () => {
    const before = metric("deliveries", "msg/s", "higher", [400, 400, 400])
    expect(compareMetric(before, metric("deliveries", "msg/s", "higher", [399, 399, 399])).verdict).toBe("within noise")
    expect(compareMetric(before, metric("deliveries", "msg/s", "higher", [390, 390, 390])).verdict).toBe("regression")
  })

  it("matches cases by id, lists what it could not compare, and warns when the machines differ", () => {
    const before = reportWith([liveCase("studio", [300, 301, 299], [10, 10, 10]), liveCase("ws", [400, 400, 400], [5, 5, 5])])
    const afterBase = reportWith([liveCase("studio", [200, 201, 199], [10, 10, 10]), liveCase("yjs", [400, 400, 400], [5, 5, 5])])
    const after = { ...afterBase, machine: { ...afterBase.machine, cores: 8 } }
    const comparison = compareReports(before, after)
    expect(comparison.rows.filter((r) => r.verdict === "regression").map((r) => `${r.caseId} ${r.metric}`)).toEqual(["2x3@200/studio deliveries"])
    expect(comparison.unmatched).toEqual(["live 2x3@200/ws: only in the first report", "live 2x3@200/yjs: only in the second report"])
    expect(comparison.caveats[0]).toContain("different machines")
    const text = renderComparison(comparison)
    expect(text).toContain("1 regression(s)")
    expect(text).toContain("**REGRESSION**")
    expect(text).toContain("- before: test-run: commit abc, smoke, 3 repeats")
  })
})
