/** Writes a run's directory: report.json, report.md and plots/*.svg. */
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { renderMarkdown } from "./markdown.ts"
import type { Report } from "./model.ts"
import { plotsFor } from "./plots.ts"

/** `2024-05-01T10-20-30` style, sortable and safe in a path. */
export const timestampForPath = (date: Date): string =>
  date
    .toISOString()
    .replace(/\.\d+Z$/, "")
    .replace(/:/g, "-")

export const writeReport = async (dir: string, report: Report): Promise<Report> => {
  await mkdir(join(dir, "plots"), { recursive: true })
  const suites = []
  for (const suite of report.suites) {
    const plots = plotsFor(suite)
    for (const plot of plots) await writeFile(join(dir, "plots", plot.file), plot.svg)
    suites.push({ ...suite, plots: plots.map((p) => p.file) })
  }
  const complete: Report = { ...report, suites }
  await writeFile(join(dir, "report.json"), `${JSON.stringify(complete, null, 2)}\n`)
  await writeFile(join(dir, "report.md"), renderMarkdown(complete))
  return complete
}
