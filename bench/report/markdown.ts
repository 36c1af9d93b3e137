/** report.md: the same figures as report.json, for people. */
import type { CaseReport, Metric, Report, SuiteReport } from "./model.ts"

const num = (value: number): string =>
  !Number.isFinite(value)
    ? String(value)
    : Math.abs(value) >= 1000
      ? Math.round(value).toLocaleString("en-US")
      : Math.abs(value) >= 10
        ? value.toFixed(1)
        : value.toFixed(3)

/** Median, with the repeats' spread as ± half the range in percent. */
const figure = (m: Metric): string => {
  if (m.repeats.length < 2 || m.median === 0) return num(m.median)
  const half = (Math.max(...m.repeats) - Math.min(...m.repeats)) / 2
  return `${num(m.median)} ±${((100 * half) / Math.abs(m.median)).toFixed(1)}%`
}

/** A cell never breaks its table: pipes are escaped and line breaks flattened. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ")

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${header.map(cell).join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n")

const casesTable = (cases: readonly CaseReport[]): string => {
  const metricNames = [...new Set(cases.flatMap((c) => c.metrics.map((m) => `${m.name} (${m.unit})`)))]
  const header = ["scenario", "subject", ...metricNames]
  const rows = cases.map((c) => [
    c.scenario,
    c.subject,
    ...(c.status === "failed"
      ? [`failed: ${c.error ?? "unknown"}`, ...metricNames.slice(1).map(() => "")]
      : metricNames.map((label) => {
          const m = c.metrics.find((x) => `${x.name} (${x.unit})` === label)
          return m ? figure(m) : ""
        })),
  ])
  return table(header, rows)
}

const latencyTable = (cases: readonly CaseReport[]): string => {
  const rows = cases
    .filter((c) => c.latency)
    .map((c) => [c.scenario, c.subject, String(c.latency!.samples), ...c.latency!.summary.map((p) => num(p.ms))])
  if (rows.length === 0) return ""
  const percentiles = cases.find((c) => c.latency)!.latency!.summary.map((p) => (p.percentile === 100 ? "max" : `p${p.percentile}`))
  return `Latency, ms, all repeats merged:\n\n${table(["scenario", "subject", "samples", ...percentiles], rows)}\n`
}

const ratioTable = (suite: SuiteReport): string => {
  if (suite.ratios.length === 0) return ""
  const rows = suite.ratios.map((r) => {
    const good = r.better === "higher" ? r.ratio >= 1 : r.ratio <= 1
    return [
      r.subject ? `${r.scenario} (${r.subject})` : r.scenario,
      r.peer,
      r.metric,
      `${r.ratio.toFixed(2)}x`,
      r.withinNoise ? "within noise" : good ? "studio better" : "studio worse",
    ]
  })
  return `Studio as a ratio to each peer (Studio / peer, medians):\n\n${table(["scenario", "peer", "metric", "ratio", "reading"], rows)}\n`
}

const suiteSection = (suite: SuiteReport): string => {
  const lines = [`## ${suite.name}`, "", suite.description + (suite.seconds !== undefined ? ` (The suite took ${suite.seconds} s.)` : ""), ""]
  if (suite.status === "unavailable") {
    lines.push(`**unavailable: ${suite.reason}**`, "")
    return lines.join("\n")
  }
  if (suite.status === "failed") {
    lines.push(`**failed: ${suite.reason}**`, "")
    return lines.join("\n")
  }
  lines.push(casesTable(suite.cases), "", latencyTable(suite.cases), ratioTable(suite))
  for (const plot of suite.plots) lines.push(`![${plot}](plots/${plot})`, "")
  const notes = [...suite.notes, ...suite.cases.flatMap((c) => c.notes.map((n) => `${c.id}: ${n}`))]
  if (notes.length > 0) lines.push("Notes:", "", ...notes.map((n) => `- ${n}`), "")
  return lines.join("\n")
}

export const renderMarkdown = (report: Report): string => {
  const m = report.machine
  const head = [
    `# Benchmark report: ${report.target} (${report.mode})`,
    "",
    `Run \`${report.command}\` from ${report.startedAt} to ${report.finishedAt}; each case repeated ${report.repeats} times.`,
    "Figures are medians of the repeats; ± is half the range between repeats (the noise band `bench:compare` uses).",
    "",
    table(
      ["machine", ""],
      [
        ["cores", String(m.cores)],
        ["cpu", m.cpuModel],
        ["memory", `${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB`],
        ["node", m.node],
        ["os", `${m.platform} ${m.kernel}`],
        ["git commit", `${m.gitCommit}${m.gitDirty ? " (with uncommitted changes)" : ""}`],
        ["load average at start", m.loadAverage.toFixed(2)],
        ["pinning", report.pinning.note],
      ],
    ),
    "",
  ]
  return [...head, ...report.suites.map(suiteSection)].join("\n")
}
