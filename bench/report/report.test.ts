import { mkdtemp, readFile, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { liveCase, reportWith } from "./fixtures.ts"
import { renderMarkdown } from "./markdown.ts"
import { median, ratiosOf } from "./model.ts"
import { barChart, latencyPlot } from "./svg.ts"
import { writeReport } from "./write.ts"

const unavailableProjections = {
  name: "projections" as const,
  status: "unavailable" as const,
  reason: "no projection runner in this checkout",
  description: "d",
  cases: [],
  ratios: [],
  plots: [],
  notes: [],
}

describe("report", () => {
  it("gives Studio's figures as ratios to each peer on the same scenario", () => {
    const ratios = ratiosOf([liveCase("studio", [300, 300, 300], [20, 20, 20]), liveCase("uws", [400, 400, 400], [4, 4, 4])])
    expect(ratios).toEqual([
      { scenario: "2x3@200", peer: "uws", metric: "deliveries", ratio: 0.75, better: "higher", withinNoise: false },
      { scenario: "2x3@200", peer: "uws", metric: "latency p99", ratio: 5, better: "lower", withinNoise: false },
    ])
  })

  it("takes the median of repeats, the middle pair's mean when even", () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNaN()
  })

  it("writes report.json, report.md and one latency and one throughput plot per scenario", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-report-"))
    try {
      const report = reportWith(
        [liveCase("studio", [300, 310, 290], [20, 22, 21]), liveCase("ws", [400, 401, 399], [5, 6, 5])],
        [unavailableProjections],
      )
      const written = await writeReport(dir, report)
      const plots = (await readdir(join(dir, "plots"))).sort()
      expect(plots).toEqual(["live-2x3_200-latency.svg", "live-2x3_200-throughput.svg"])
      expect(written.suites[0]!.plots).toEqual(["live-2x3_200-latency.svg", "live-2x3_200-throughput.svg"])
      expect(JSON.parse(await readFile(join(dir, "report.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(written)))
      const markdown = await readFile(join(dir, "report.md"), "utf8")
      expect(markdown).toContain("**unavailable: no projection runner in this checkout**")
      expect(markdown).toContain("![live-2x3_200-latency.svg](plots/live-2x3_200-latency.svg)")
      expect(markdown).toContain("| 2x3@200 | ws | deliveries | 0.75x | studio worse |")
      expect(markdown).toContain("Test CPU")
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it("marks a ratio inside the repeats' noise as a tie rather than a win or a loss", () => {
    const markdown = renderMarkdown(reportWith([liveCase("studio", [395, 400, 405], [5, 6, 7]), liveCase("ws", [400, 401, 399], [6, 6, 6])]))
    expect(markdown).toContain("| 2x3@200 | ws | deliveries | 1.00x | within noise |")
    expect(markdown).toContain("| 2x3@200 | ws | latency p99 | 1.00x | within noise |")
  })

  it("draws plots that are well-formed SVG with one line or bar per subject, and escapes names", () => {
    const points = [
      { percentile: 0, ms: 1 },
      { percentile: 99, ms: 10 },
      { percentile: 100, ms: 12 },
    ]
    const plot = latencyPlot("a <b>", [
      { name: "x&y", points },
      { name: "z", points },
    ])
    expect(plot.startsWith("<svg")).toBe(true)
    expect(plot.trimEnd().endsWith("</svg>")).toBe(true)
    expect(plot.match(/<polyline/g)).toHaveLength(2)
    expect(plot).toContain("a &lt;b&gt;")
    expect(plot).toContain("x&amp;y")
    expect(plot).not.toContain("NaN")
    const bars = barChart("t", "msg/s", [
      { name: "a", value: 3 },
      { name: "b", value: 0 },
    ])
    expect(bars.match(/<title>/g)).toHaveLength(2)
    expect(bars).not.toContain("NaN")
    expect(latencyPlot("empty", [])).toContain("no samples")
    // autocannon reports whole milliseconds, so its lowest percentiles can be 0: left off the log axis, not -Infinity.
    const withZero = latencyPlot("z", [
      {
        name: "a",
        points: [
          { percentile: 0, ms: 0 },
          { percentile: 50, ms: 2 },
          { percentile: 100, ms: 4 },
        ],
      },
    ])
    expect(withZero).not.toMatch(/NaN|Infinity/)
  })
})
