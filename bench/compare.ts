/**
 * `npm run bench:compare -- A B [--out FILE]`: compares two reports (their
 * directories or report.json files) and prints which figures moved beyond
 * the noise seen between repeats. Exits 1 when any figure regressed.
 */
import { readFile, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { compareReports, renderComparison } from "./report/compare.ts"
import { REPORT_SCHEMA, type Report } from "./report/model.ts"

const USAGE = "usage: npm run bench:compare -- <before: report dir or report.json> <after: report dir or report.json> [--out FILE]"

class ReportReadError extends Error {
  readonly _tag = "ReportReadError"
}

export const readReport = async (path: string): Promise<Report> => {
  const file = (await stat(path).catch(() => undefined))?.isDirectory() ? join(path, "report.json") : path
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, "utf8"))
  } catch (error) {
    throw new ReportReadError(`cannot read a report from ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const report = parsed as Partial<Report>
  if (report.schema !== REPORT_SCHEMA || !Array.isArray(report.suites) || !report.machine) {
    throw new ReportReadError(`${file} is not a bench report of schema ${REPORT_SCHEMA}`)
  }
  return report as Report
}

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } })
  if (positionals.length !== 2) {
    console.error(USAGE)
    return 2
  }
  const [before, after] = await Promise.all(positionals.map(readReport))
  const comparison = compareReports(before!, after!)
  const text = renderComparison(comparison)
  process.stdout.write(text)
  if (values.out) await writeFile(values.out, text)
  return comparison.rows.some((r) => r.verdict === "regression") ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ReportReadError ? error.message : error)
    process.exit(2)
  },
)
