/**
 * log: append throughput and append-to-durable latency of each event log
 * (embedded segment files with fsync; NATS JetStream with PubAck), measured
 * by bench/log-append.ts, which this suite runs once per log and repeat and
 * reads back (one JSON line per case). Closed loop: every actor appends its
 * next commit once the last is acknowledged, as an actor does (saturation
 * throughput). Paced: appends at a fixed rate, open loop (latency at load).
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import type { CaseReport } from "../report/model.ts"
import { caseFrom, completed, failedCase, type CaseIdentity, type RepeatOutcome, type Suite, type SuiteContext } from "./suite.ts"

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL("../log-append.ts", import.meta.url))
const LOGS = ["embedded", "jetstream"] as const

const DESCRIPTION =
  "bench/log-append.ts on fresh storage per case, in the generator's process and cores (the log is a library). " +
  "closed: each actor appends one commit (one small event) at a time as soon as the previous is durable, so this is the log's saturation throughput; " +
  "paced: a fixed total rate spread over the largest actor count, open loop. Latency: append until durable (fsync / PubAck). " +
  "log-append reports p50, p99 and max only, so the latency plots have those three points."

/** One line of log-append's output. */
export interface AppendCaseLine {
  readonly log: string
  readonly mode: "closed" | "paced"
  readonly actors: number
  readonly targetEventsPerSecond?: number
  readonly commits: number
  readonly failures: number
  readonly eventsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
}

export const parseAppendLines = (stdout: string): AppendCaseLine[] =>
  stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as AppendCaseLine)

const scenarioOf = (line: AppendCaseLine) =>
  line.mode === "paced"
    ? `paced ${line.targetEventsPerSecond} ev/s over ${line.actors} actors`
    : `closed ${line.actors} actor${line.actors === 1 ? "" : "s"}`

const outcomeOf = (line: AppendCaseLine): RepeatOutcome => ({
  figures: {
    events: { value: line.eventsPerSecond, unit: "events/s", better: "higher" },
    "append p50": { value: line.p50Ms, unit: "ms", better: "lower" },
    "append p99": { value: line.p99Ms, unit: "ms", better: "lower" },
    "append max": { value: line.maxMs, unit: "ms", better: "lower" },
    failures: { value: line.failures, unit: "appends", better: "lower" },
  },
  notes: line.failures > 0 ? [`${line.failures} appends failed in a repeat`] : [],
})

const measureLog = async (context: SuiteContext, log: (typeof LOGS)[number]): Promise<CaseReport[]> => {
  const { budget } = context
  const args = [
    "--log",
    log,
    "--seconds",
    String(budget.logCaseMs / 1000),
    "--actors",
    budget.logActors.join(","),
    "--rate",
    String(budget.logPacedRate),
  ]
  const byScenario = new Map<string, { identity: CaseIdentity; outcomes: RepeatOutcome[]; lines: AppendCaseLine[] }>()
  try {
    for (let repeat = 0; repeat < budget.repeats; repeat++) {
      const { stdout } = await run(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
        timeout: 120_000 + 10 * budget.logCaseMs * (budget.logActors.length + 1),
        maxBuffer: 2 ** 20,
      })
      for (const line of parseAppendLines(stdout)) {
        const scenario = scenarioOf(line)
        const entry = byScenario.get(scenario) ?? {
          identity: {
            scenario,
            subject: log,
            params: { mode: line.mode, actors: line.actors, ...(line.targetEventsPerSecond ? { rate: line.targetEventsPerSecond } : {}) },
          },
          outcomes: [],
          lines: [],
        }
        entry.outcomes.push(outcomeOf(line))
        entry.lines.push(line)
        byScenario.set(scenario, entry)
        context.log(`log ${log} ${scenario} #${repeat + 1}: ${line.eventsPerSecond} events/s, p99 ${line.p99Ms} ms`)
      }
    }
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split("\n").slice(-3).join(" / ")
    context.log(`log ${log}: failed: ${detail || String(error)}`)
    return [failedCase({ scenario: "log-append", subject: log, params: {} }, detail ? new Error(detail) : error)]
  }
  return [...byScenario.values()].map(({ identity, outcomes, lines }) => {
    const folded = caseFrom(identity, outcomes)
    const p50 = folded.metrics.find((m) => m.name === "append p50")!.median
    const p99 = folded.metrics.find((m) => m.name === "append p99")!.median
    const max = folded.metrics.find((m) => m.name === "append max")!.median
    const summary = [
      { percentile: 50, ms: p50 },
      { percentile: 99, ms: p99 },
      { percentile: 100, ms: max },
    ]
    return { ...folded, latency: { summary, curve: summary, samples: lines.reduce((sum, l) => sum + l.commits, 0) } }
  })
}

export const logSuite: Suite = {
  name: "log",
  description: DESCRIPTION,
  run: async (context) => {
    const logs = LOGS.filter((l) => !context.subjects || context.subjects.includes(l))
    const cases: CaseReport[] = []
    for (const log of logs) cases.push(...(await measureLog(context, log)))
    return completed("log", DESCRIPTION, cases)
  },
}
