/** What a suite is, what it gets to run with, and the helpers every suite uses to turn repeats into a report. */
import type { Budget } from "../modes.ts"
import type { Pinning } from "../harness/pinning.ts"
import { mergeHistograms, percentileCurve, summaryOf, type Histogram } from "../harness/histogram.ts"
import { metric, ratiosOf, type CaseReport, type Metric, type Mode, type SuiteName, type SuiteReport } from "../report/model.ts"

export interface SuiteContext {
  readonly mode: Mode
  readonly budget: Budget
  readonly pinning: Pinning
  /** Only these subjects, when given (`--subjects ws,uws`). */
  readonly subjects?: readonly string[]
  readonly log: (line: string) => void
}

export interface Suite {
  readonly name: SuiteName
  readonly description: string
  run(context: SuiteContext): Promise<SuiteReport>
}

export const unavailable = (name: SuiteName, description: string, reason: string): SuiteReport => ({
  name,
  status: "unavailable",
  reason,
  description,
  cases: [],
  ratios: [],
  plots: [],
  notes: [],
})

export const completed = (name: SuiteName, description: string, cases: readonly CaseReport[], notes: readonly string[] = []): SuiteReport => ({
  name,
  status: "ok",
  description,
  cases,
  ratios: ratiosOf(cases),
  plots: [],
  notes,
})

export interface Figure {
  readonly value: number
  readonly unit: string
  readonly better: Metric["better"]
}

/** What one repeat of a case measured. */
export interface RepeatOutcome {
  readonly figures: Readonly<Record<string, Figure>>
  readonly latency?: Histogram
  readonly notes?: readonly string[]
}

export interface CaseIdentity {
  readonly scenario: string
  readonly subject: string
  readonly params: Readonly<Record<string, number | string>>
}

/** Folds the repeats of one case into its report: every figure keeps all repeats; latency histograms are merged. */
export const caseFrom = (identity: CaseIdentity, outcomes: readonly RepeatOutcome[]): CaseReport => {
  const names = [...new Set(outcomes.flatMap((o) => Object.keys(o.figures)))]
  const metrics = names.map((name) => {
    const first = outcomes.find((o) => o.figures[name])!.figures[name]!
    return metric(
      name,
      first.unit,
      first.better,
      outcomes.flatMap((o) => (o.figures[name] ? [o.figures[name]!.value] : [])),
    )
  })
  const histograms = outcomes.flatMap((o) => (o.latency ? [o.latency] : []))
  const merged = histograms.length > 0 ? mergeHistograms(histograms) : undefined
  return {
    id: `${identity.scenario}/${identity.subject}`,
    ...identity,
    status: "ok",
    metrics,
    ...(merged ? { latency: { summary: summaryOf(merged), curve: percentileCurve(merged), samples: merged.totalCount } } : {}),
    notes: [...new Set(outcomes.flatMap((o) => o.notes ?? []))],
  }
}

export const failedCase = (identity: CaseIdentity, error: unknown): CaseReport => ({
  id: `${identity.scenario}/${identity.subject}`,
  ...identity,
  status: "failed",
  error: (error instanceof Error ? error.message : String(error)).split("\n").slice(0, 6).join(" / ").slice(0, 600),
  metrics: [],
  notes: [],
})

export const wanted = (context: SuiteContext, subject: string): boolean => !context.subjects || context.subjects.includes(subject)
