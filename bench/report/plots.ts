/** Which plots a suite gets: per scenario, a latency curve across subjects and a throughput bar chart across subjects. */
import type { CaseReport, SuiteReport } from "./model.ts"
import { barChart, latencyPlot } from "./svg.ts"

export interface Plot {
  readonly file: string
  readonly svg: string
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "")

/** The first per-second figure of a case: what the bar chart shows. */
export const throughputOf = (c: CaseReport) => c.metrics.find((m) => m.better === "higher" && m.unit.endsWith("/s"))

export const plotsFor = (suite: SuiteReport): Plot[] => {
  const plots: Plot[] = []
  const scenarios = [...new Set(suite.cases.map((c) => c.scenario))]
  for (const scenario of scenarios) {
    const cases = suite.cases.filter((c) => c.scenario === scenario && c.status === "ok")
    const withLatency = cases.filter((c) => c.latency && c.latency.curve.length > 0)
    if (withLatency.length > 0) {
      plots.push({
        file: `${slug(suite.name)}-${slug(scenario)}-latency.svg`,
        svg: latencyPlot(
          `${suite.name} ${scenario}: latency by percentile`,
          withLatency.map((c) => ({ name: c.subject, points: c.latency!.curve })),
        ),
      })
    }
    const charts = suite.barCharts ?? [undefined]
    for (const [i, wanted] of charts.entries()) {
      const bars = cases.flatMap((c) => {
        const m = wanted === undefined ? throughputOf(c) : c.metrics.find((x) => x.name === wanted)
        return m ? [{ name: c.subject, value: m.median, unit: m.unit, metric: m.name }] : []
      })
      if (bars.length === 0) continue
      const file = i === 0 ? "throughput" : slug(bars[0]!.metric)
      plots.push({
        file: `${slug(suite.name)}-${slug(scenario)}-${file}.svg`,
        svg: barChart(`${suite.name} ${scenario}: ${bars[0]!.metric} (median of repeats)`, bars[0]!.unit, bars),
      })
    }
  }
  return plots
}
