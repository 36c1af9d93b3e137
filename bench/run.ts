/**
 * `npm run bench -- <suite|all> [--smoke|--quick|--full]`: runs the suites
 * and writes bench/results/<timestamp>-<suite|all>/ (report.md, report.json,
 * plots/). This process is the load generator; servers run as children,
 * pinned to other cores where the machine allows.
 */
import { fileURLToPath } from "node:url"
import { join } from "node:path"
import { parseRunArgs, USAGE, UsageError } from "./cli-args.ts"
import { describeMachine } from "./harness/machine.ts"
import { pinSelf, planPinning } from "./harness/pinning.ts"
import { REPORT_SCHEMA, type Report, type SuiteReport } from "./report/model.ts"
import { timestampForPath, writeReport } from "./report/write.ts"
import { SUITE_REGISTRY } from "./suites/index.ts"

const RESULTS_DIR = fileURLToPath(new URL("./results", import.meta.url))

const main = async (): Promise<number> => {
  let options
  try {
    options = parseRunArgs(process.argv.slice(2))
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`)
      return 2
    }
    throw error
  }
  const started = new Date()
  const machine = describeMachine()
  const pinning = options.noPin ? { pinned: false, note: "not pinned: --no-pin (server and generator share every core)" } : pinSelf(planPinning())
  const id = `${timestampForPath(started)}-${options.target}`
  const dir = options.out ?? join(RESULTS_DIR, id)
  const log = (line: string) => console.log(`[bench] ${line}`)
  log(`${options.target} (${options.mode}), ${options.budget.repeats} repeats of ${options.budget.caseMs} ms; ${pinning.note}`)

  const suites: SuiteReport[] = []
  for (const name of options.suites) {
    const suite = SUITE_REGISTRY[name]
    const suiteStarted = performance.now()
    try {
      suites.push(
        await suite.run({ mode: options.mode, budget: options.budget, pinning, log, ...(options.subjects ? { subjects: options.subjects } : {}) }),
      )
    } catch (error) {
      suites.push({
        name,
        status: "failed",
        reason: error instanceof Error ? error.message : String(error),
        description: suite.description,
        cases: [],
        ratios: [],
        plots: [],
        notes: [],
      })
    }
    const seconds = Number(((performance.now() - suiteStarted) / 1000).toFixed(1))
    const last = { ...suites.pop()!, seconds }
    suites.push(last)
    log(`${name}: ${last.status}${last.reason ? `: ${last.reason}` : ""} (${seconds} s)`)
  }

  const report: Report = {
    schema: REPORT_SCHEMA,
    id,
    target: options.target,
    mode: options.mode,
    repeats: options.budget.repeats,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`,
    machine,
    pinning: { pinned: pinning.pinned, note: pinning.note },
    suites,
  }
  await writeReport(dir, report)
  log(`report: ${join(dir, "report.md")}`)
  const broken = suites.filter((s) => s.status === "failed").length + suites.flatMap((s) => s.cases).filter((c) => c.status === "failed").length
  if (broken > 0) log(`${broken} suite(s) or case(s) failed; see the report`)
  return broken > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
