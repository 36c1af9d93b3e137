/**
 * The report every run writes (report.json), and that `bench:compare` reads.
 * A case is one subject on one scenario; each metric keeps all R repeats, so
 * a later comparison can tell a real change from run-to-run noise.
 */
import type { PercentilePoint } from "../harness/histogram.ts"

export const REPORT_SCHEMA = 1
export type Mode = "smoke" | "quick" | "full"
export const SUITES = ["http", "live", "log", "projections", "connections", "fanout"] as const
export type SuiteName = (typeof SUITES)[number]

export interface Machine {
  readonly cores: number
  readonly cpuModel: string
  readonly memoryBytes: number
  readonly node: string
  readonly platform: string
  readonly kernel: string
  readonly gitCommit: string
  readonly gitDirty: boolean
  /** 1-minute load average when the run started: other work on the machine skews figures. */
  readonly loadAverage: number
}

export interface Metric {
  readonly name: string
  readonly unit: string
  readonly better: "higher" | "lower"
  /** One value per repeat, in run order. */
  readonly repeats: readonly number[]
  readonly median: number
}

export interface CaseReport {
  /** Stable across runs: `<scenario>/<subject>`; compare matches cases by it. */
  readonly id: string
  readonly scenario: string
  readonly subject: string
  readonly params: Readonly<Record<string, number | string>>
  readonly status: "ok" | "failed"
  readonly error?: string
  readonly metrics: readonly Metric[]
  /** Merged over repeats. */
  readonly latency?: {
    readonly summary: readonly PercentilePoint[]
    readonly curve: readonly PercentilePoint[]
    readonly samples: number
  }
  readonly notes: readonly string[]
}

export interface Ratio {
  readonly scenario: string
  /** The Studio variant measured, when it is not plain `studio`. */
  readonly subject?: string
  readonly peer: string
  readonly metric: string
  /** Studio's median divided by the peer's. */
  readonly ratio: number
  readonly better: "higher" | "lower"
  /** The two medians differ by less than the noise band of their repeats. */
  readonly withinNoise: boolean
}

export interface SuiteReport {
  readonly name: SuiteName
  /** "unavailable": its subject is missing from this checkout; "failed": the suite itself broke (a bug). */
  readonly status: "ok" | "unavailable" | "failed"
  /** Why the suite could not run or broke; set exactly when status is not "ok". */
  readonly reason?: string
  readonly description: string
  readonly cases: readonly CaseReport[]
  readonly ratios: readonly Ratio[]
  /** File names under plots/. */
  readonly plots: readonly string[]
  /** Wall-clock time the suite took, start-up of its servers included. */
  readonly seconds?: number
  /** Figures to draw as bar charts across subjects; by default the first per-second figure. */
  readonly barCharts?: readonly string[]
  readonly notes: readonly string[]
}

export interface Report {
  readonly schema: typeof REPORT_SCHEMA
  readonly id: string
  readonly target: SuiteName | "all"
  readonly mode: Mode
  readonly repeats: number
  readonly startedAt: string
  readonly finishedAt: string
  readonly command: string
  readonly machine: Machine
  readonly pinning: { readonly pinned: boolean; readonly note: string }
  readonly suites: readonly SuiteReport[]
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const metric = (name: string, unit: string, better: Metric["better"], repeats: readonly number[]): Metric => ({
  name,
  unit,
  better,
  repeats,
  median: median(repeats),
})

/** Below this relative difference, identical-looking repeats are not told apart. */
export const NOISE_FLOOR = 0.01

const range = (values: readonly number[]) => (values.length === 0 ? 0 : Math.max(...values) - Math.min(...values))

/** The difference two figures must exceed to count: the wider spread of their repeats, at least 1% of the first. */
export const noiseBand = (a: Metric, b: Metric): number => Math.max(range(a.repeats), range(b.repeats), NOISE_FLOOR * Math.abs(a.median))

export const STUDIO = "studio"
/** Studio and its variants (`studio-live`): each is compared with the peers, never with another variant. */
export const isStudio = (subject: string): boolean => subject === STUDIO || subject.startsWith(`${STUDIO}-`)

/** Studio's figures over each peer's, per scenario and metric. */
export const ratiosOf = (cases: readonly CaseReport[]): Ratio[] => {
  const ratios: Ratio[] = []
  for (const studio of cases.filter((c) => isStudio(c.subject) && c.status === "ok")) {
    for (const peer of cases.filter((c) => c.scenario === studio.scenario && !isStudio(c.subject) && c.status === "ok")) {
      for (const mine of studio.metrics) {
        const theirs = peer.metrics.find((m) => m.name === mine.name)
        if (!theirs || theirs.median === 0) continue
        ratios.push({
          scenario: studio.scenario,
          ...(studio.subject !== STUDIO ? { subject: studio.subject } : {}),
          peer: peer.subject,
          metric: mine.name,
          ratio: mine.median / theirs.median,
          better: mine.better,
          withinNoise: Math.abs(mine.median - theirs.median) <= noiseBand(theirs, mine),
        })
      }
    }
  }
  return ratios
}
