/** `npm run bench -- <suite|all> [--smoke|--quick|--full] [--repeats N] [--duration MS] [--subjects a,b] [--generators N] [--steps 1,2,5] [--keep-going] [--no-pin] [--scenario RxM@RATE] [--out DIR]` */
import { parseArgs } from "node:util"
import { BUDGETS, type Budget, type LiveScenarioSpec } from "./modes.ts"
import { SUITES, type Mode, type SuiteName } from "./report/model.ts"

export interface RunOptions {
  readonly target: SuiteName | "all"
  readonly suites: readonly SuiteName[]
  readonly mode: Mode
  readonly budget: Budget
  readonly subjects?: readonly string[]
  readonly out?: string
  readonly noPin?: boolean
}

export class UsageError extends Error {
  readonly _tag = "UsageError"
}

export const USAGE = `usage: npm run bench -- <${SUITES.join("|")}|all> [--smoke|--quick|--full] [--repeats N] [--duration MS] [--subjects a,b] [--generators N] [--steps 1,2,5] [--keep-going] [--no-pin] [--scenario RxM@RATE] [--out DIR]
  --smoke      about a second per case: checks the harness and the report, not the figures
  --quick      the default; the whole of \`all\` in under two minutes
  --full       long runs and more scenarios, for figures worth comparing
  --repeats    repeats per case (at least 2 for bench:compare to judge noise)
  --duration   measured milliseconds per repeat of every case (whole seconds for http)
  --subjects   only these subjects (studio, uws, ws, socket.io, yjs; embedded, jetstream for log; projection names)
  --generators load generator processes for the fanout suite (1: the runner itself; N: N forked children)
  --steps      room counts the fanout suite grows through (default: the mode's)
  --keep-going the fanout suite measures its later steps after one over the limit (a noisy step does not end the table)
  --no-pin     leave the server and the generator unpinned (every process may use every core)
  --scenario   the live suite's only scenario: R rooms of M members at RATE ops/s in all (e.g. 100x10@3000)
  --out        report directory (default bench/results/<timestamp>-<suite>)`

const positiveInteger = (flag: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(raw)}`)
  return value
}

const parseScenario = (raw: string): LiveScenarioSpec => {
  const match = /^(\d+)x(\d+)@(\d+)$/.exec(raw.trim())
  if (!match) throw new UsageError(`--scenario must look like 100x10@3000 (rooms x members @ ops/s), got ${JSON.stringify(raw)}`)
  const [rooms, members, ratePerSecond] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (rooms < 1 || members < 2 || ratePerSecond < 1) throw new UsageError(`--scenario needs at least 1 room, 2 members and 1 op/s, got ${raw}`)
  return { name: raw.trim(), rooms, members, ratePerSecond }
}

export const parseRunArgs = (argv: readonly string[]): RunOptions => {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        smoke: { type: "boolean" },
        quick: { type: "boolean" },
        full: { type: "boolean" },
        repeats: { type: "string" },
        duration: { type: "string" },
        subjects: { type: "string" },
        generators: { type: "string" },
        steps: { type: "string" },
        scenario: { type: "string" },
        "keep-going": { type: "boolean" },
        "no-pin": { type: "boolean" },
        out: { type: "string" },
      },
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) throw new UsageError(`name exactly one suite or all (got ${positionals.length ? positionals.join(" ") : "none"})`)
  const target = positionals[0]!
  if (target !== "all" && !(SUITES as readonly string[]).includes(target))
    throw new UsageError(`unknown suite ${JSON.stringify(target)}; choose one of ${SUITES.join(", ")} or all`)
  const modes = (["smoke", "quick", "full"] as const).filter((m) => values[m])
  if (modes.length > 1) throw new UsageError(`choose one mode, not ${modes.map((m) => `--${m}`).join(" and ")}`)
  const mode: Mode = modes[0] ?? "quick"
  const repeats = positiveInteger("--repeats", values.repeats)
  const duration = positiveInteger("--duration", values.duration)
  const generators = positiveInteger("--generators", values.generators)
  const scenario = values.scenario === undefined ? undefined : parseScenario(values.scenario)
  const steps = values.steps?.split(",").map((step) => positiveInteger("--steps", step.trim())!)
  const base = BUDGETS[mode]
  const budget: Budget = {
    ...base,
    ...(repeats ? { repeats } : {}),
    ...(duration
      ? {
          caseMs: duration,
          activeMs: duration,
          logCaseMs: duration,
          projectionFollowMs: duration,
          http: { ...base.http, seconds: Math.max(1, Math.round(duration / 1000)) },
        }
      : {}),
    ...(scenario ? { live: [scenario] } : {}),
    fanout: {
      ...base.fanout,
      ...(duration ? { caseMs: duration } : {}),
      ...(generators ? { generators } : {}),
      ...(steps ? { roomSteps: steps } : {}),
      ...(values["keep-going"] ? { keepGoing: true } : {}),
    },
  }
  const subjects = values.subjects
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
  return {
    target: target as SuiteName | "all",
    suites: target === "all" ? SUITES : [target as SuiteName],
    mode,
    budget,
    ...(subjects && subjects.length > 0 ? { subjects } : {}),
    ...(values.out ? { out: values.out } : {}),
    ...(values["no-pin"] ? { noPin: true } : {}),
  }
}
