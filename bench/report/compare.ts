/**
 * Compares two reports case by case. Each metric's noise band is the wider
 * of the two runs' spreads (max - min over the repeats), with a floor of 1%
 * of the baseline so identical repeats do not make every wobble a finding.
 * A change beyond the band in the worse direction is a regression; in the
 * better direction, an improvement; anything else is within noise.
 */
import { noiseBand, type Metric, type Report } from "./model.ts"

export type Verdict = "regression" | "improvement" | "within noise" | "not judged"

export interface MetricComparison {
  readonly suite: string
  readonly caseId: string
  readonly metric: string
  readonly unit: string
  readonly better: Metric["better"]
  readonly before: number
  readonly after: number
  /** (after - before) / before; NaN when before is 0. */
  readonly change: number
  /** Absolute noise band, in the metric's unit. */
  readonly band: number
  readonly verdict: Verdict
  readonly why?: string
}

export interface Comparison {
  /** What each report measured: `<git commit> (<mode>)`. */
  readonly before: string
  readonly after: string
  readonly rows: readonly MetricComparison[]
  /** Cases (or whole suites) present in only one report, or not measured in one. */
  readonly unmatched: readonly string[]
  /** Differences between the machines or modes that make figures hard to compare. */
  readonly caveats: readonly string[]
}

export const compareMetric = (before: Metric, after: Metric): Pick<MetricComparison, "change" | "band" | "verdict" | "why"> => {
  const change = before.median === 0 ? Number.NaN : (after.median - before.median) / Math.abs(before.median)
  const band = noiseBand(before, after)
  if (after.median === before.median) return { change, band, verdict: "within noise" }
  if (before.repeats.length < 2 || after.repeats.length < 2) {
    return { change, band, verdict: "not judged", why: "fewer than 2 repeats, so no noise estimate" }
  }
  const diff = after.median - before.median
  if (Math.abs(diff) <= band) return { change, band, verdict: "within noise" }
  const worse = before.better === "higher" ? diff < 0 : diff > 0
  return { change, band, verdict: worse ? "regression" : "improvement" }
}

export const compareReports = (before: Report, after: Report): Comparison => {
  const rows: MetricComparison[] = []
  const unmatched: string[] = []
  const caveats: string[] = []
  const m1 = before.machine
  const m2 = after.machine
  if (m1.cpuModel !== m2.cpuModel || m1.cores !== m2.cores)
    caveats.push(`different machines: ${m1.cores} x ${m1.cpuModel} vs ${m2.cores} x ${m2.cpuModel}`)
  if (m1.node !== m2.node) caveats.push(`different Node versions: ${m1.node} vs ${m2.node}`)
  if (before.mode !== after.mode) caveats.push(`different modes: ${before.mode} vs ${after.mode}`)
  if (before.pinning.pinned !== after.pinning.pinned) caveats.push(`pinning differs: ${before.pinning.note} vs ${after.pinning.note}`)
  for (const [label, load] of [
    ["before", m1.loadAverage],
    ["after", m2.loadAverage],
  ] as const) {
    if (load > m1.cores) caveats.push(`the machine was busy when the ${label} run started (load average ${load.toFixed(2)} on ${m1.cores} cores)`)
  }

  for (const suiteA of before.suites) {
    const suiteB = after.suites.find((s) => s.name === suiteA.name)
    if (!suiteB) {
      unmatched.push(`${suiteA.name}: only in the first report`)
      continue
    }
    if (suiteA.status !== "ok" || suiteB.status !== "ok") {
      unmatched.push(
        `${suiteA.name}: ${suiteA.status}${suiteA.reason ? ` (${suiteA.reason})` : ""} vs ${suiteB.status}${suiteB.reason ? ` (${suiteB.reason})` : ""}`,
      )
      continue
    }
    for (const caseA of suiteA.cases) {
      const caseB = suiteB.cases.find((c) => c.id === caseA.id)
      if (!caseB) {
        unmatched.push(`${suiteA.name} ${caseA.id}: only in the first report`)
        continue
      }
      if (caseA.status !== "ok" || caseB.status !== "ok") {
        unmatched.push(`${suiteA.name} ${caseA.id}: ${caseA.status} vs ${caseB.status}`)
        continue
      }
      for (const metricA of caseA.metrics) {
        const metricB = caseB.metrics.find((m) => m.name === metricA.name)
        if (!metricB) continue
        rows.push({
          suite: suiteA.name,
          caseId: caseA.id,
          metric: metricA.name,
          unit: metricA.unit,
          better: metricA.better,
          before: metricA.median,
          after: metricB.median,
          ...compareMetric(metricA, metricB),
        })
      }
    }
    for (const caseB of suiteB.cases)
      if (!suiteA.cases.some((c) => c.id === caseB.id)) unmatched.push(`${suiteA.name} ${caseB.id}: only in the second report`)
  }
  for (const suiteB of after.suites)
    if (!before.suites.some((s) => s.name === suiteB.name)) unmatched.push(`${suiteB.name}: only in the second report`)
  const describe = (r: Report) =>
    `${r.id}: commit ${r.machine.gitCommit.slice(0, 12)}${r.machine.gitDirty ? " with uncommitted changes" : ""}, ${r.mode}, ${r.repeats} repeats`
  return { before: describe(before), after: describe(after), rows, unmatched, caveats }
}

const num = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3))

export const renderComparison = (comparison: Comparison): string => {
  const lines = ["# Benchmark comparison", "", `- before: ${comparison.before}`, `- after: ${comparison.after}`, ""]
  if (comparison.caveats.length > 0) lines.push("Caveats:", "", ...comparison.caveats.map((c) => `- ${c}`), "")
  const flagged = comparison.rows.filter((r) => r.verdict === "regression" || r.verdict === "improvement")
  const regressions = flagged.filter((r) => r.verdict === "regression").length
  lines.push(
    `${regressions} regression(s), ${flagged.length - regressions} improvement(s) beyond the noise band; ${comparison.rows.length} figures compared.`,
    "",
  )
  lines.push("| suite | case | metric | before | after | change | noise band | verdict |", "|---|---|---|---|---|---|---|---|")
  const order: Record<Verdict, number> = { regression: 0, improvement: 1, "not judged": 2, "within noise": 3 }
  for (const r of [...comparison.rows].sort((a, b) => order[a.verdict] - order[b.verdict])) {
    const change = Number.isNaN(r.change) ? "n/a" : `${r.change >= 0 ? "+" : ""}${(100 * r.change).toFixed(1)}%`
    const verdict = r.verdict === "regression" ? "**REGRESSION**" : r.why ? `${r.verdict} (${r.why})` : r.verdict
    lines.push(
      `| ${r.suite} | ${r.caseId} | ${r.metric} (${r.unit}) | ${num(r.before)} | ${num(r.after)} | ${change} | ±${num(r.band)} | ${verdict} |`,
    )
  }
  if (comparison.unmatched.length > 0) lines.push("", "Not compared:", "", ...comparison.unmatched.map((u) => `- ${u}`))
  return `${lines.join("\n")}\n`
}
