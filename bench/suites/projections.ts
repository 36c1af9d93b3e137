/**
 * projections: events per second a projection runner consumes into its read
 * model (PGlite, in this process), and its lag behind a growing log. Each
 * projection is measured on its own, on events from the projections'
 * seeded simulation of sessions, canvases and journals.
 */
import { Effect } from "effect"
import { ALL_PROJECTIONS } from "../../projections/index.ts"
import { openPgliteStore } from "../../projections/store/pglite-store.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import { simulate } from "../../projections/testing/simulate.ts"
import { valueAtMillis } from "../harness/histogram.ts"
import type { CaseReport } from "../report/model.ts"
import { catchUp, follow } from "./projections-load.ts"
import { caseFrom, completed, failedCase, unavailable, type RepeatOutcome, type Suite, type SuiteContext } from "./suite.ts"

const DESCRIPTION =
  "Each projection alone, on the embedded read store (PGlite in the generator's process) and an in-memory log, so the runner and the store are what is measured. " +
  "catch-up: from an empty read model to the head of a log of simulated events (events/s). " +
  "follow: commits appended at a fixed rate (open loop), the appender pokes the runner as a node does; lag is from each append's acknowledgement until the checkpoint passes it."

const SEED = 20_240_601
const errorNotes = (errors: readonly string[]) =>
  errors.length > 0 ? [`runner reported ${errors.length} errors, first: ${errors[0]!.slice(0, 200)}`] : []

const measure = async (
  context: SuiteContext,
  store: ReadStore,
  projection: (typeof ALL_PROJECTIONS)[number],
  commits: Parameters<typeof catchUp>[2],
): Promise<CaseReport[]> => {
  const { budget } = context
  const events = commits.reduce((n, c) => n + c.events.length, 0)
  const catchUpId = { scenario: `catch-up ${events} events`, subject: projection.name, params: { events, commits: commits.length, seed: SEED } }
  const followId = {
    scenario: `follow ${budget.projectionRate} commits/s`,
    subject: projection.name,
    params: { rate: budget.projectionRate, seed: SEED },
  }
  const cases: CaseReport[] = []
  try {
    const outcomes: RepeatOutcome[] = []
    for (let repeat = 0; repeat < budget.repeats; repeat++) {
      // Slower than 500 events/s, or 5 s in all, counts as stalled.
      const run = await catchUp(store, projection, commits, Math.max(5_000, 2 * events))
      outcomes.push({
        figures: {
          events: { value: run.eventsPerSecond, unit: "events/s", better: "higher" },
          seconds: { value: run.seconds, unit: "s", better: "lower" },
        },
        notes: errorNotes(run.errors),
      })
      context.log(`projections ${projection.name} catch-up #${repeat + 1}: ${Math.round(run.eventsPerSecond)} events/s`)
    }
    cases.push(caseFrom(catchUpId, outcomes))
  } catch (error) {
    cases.push(failedCase(catchUpId, error))
  }
  try {
    const outcomes: RepeatOutcome[] = []
    for (let repeat = 0; repeat < budget.repeats; repeat++) {
      const run = await follow(store, projection, commits, budget.projectionRate, budget.projectionFollowMs, budget.drainMs)
      outcomes.push({
        figures: {
          "lag p50": { value: valueAtMillis(run.lag, 50), unit: "ms", better: "lower" },
          "lag p99": { value: valueAtMillis(run.lag, 99), unit: "ms", better: "lower" },
          "lag max": { value: valueAtMillis(run.lag, 100), unit: "ms", better: "lower" },
          "most behind": { value: run.maxBehind, unit: "commits", better: "lower" },
          unreached: { value: run.unreached, unit: "commits", better: "lower" },
        },
        latency: run.lag,
        notes: [
          ...errorNotes(run.errors),
          ...(run.unreached > 0 ? [`${run.unreached} of ${run.appended} commits not projected by the end of the drain`] : []),
        ],
      })
      context.log(
        `projections ${projection.name} follow #${repeat + 1}: lag p99 ${valueAtMillis(run.lag, 99).toFixed(1)} ms, at most ${run.maxBehind} commits behind`,
      )
    }
    cases.push(caseFrom(followId, outcomes))
  } catch (error) {
    cases.push(failedCase(followId, error))
  }
  return cases
}

export const projectionsSuite: Suite = {
  name: "projections",
  description: DESCRIPTION,
  run: async (context) => {
    const projections = ALL_PROJECTIONS.filter((p) => !context.subjects || context.subjects.includes(p.name))
    if (projections.length === 0) {
      return unavailable(
        "projections",
        DESCRIPTION,
        `--subjects ${context.subjects!.join(",")} names none of the projections (${ALL_PROJECTIONS.map((p) => p.name).join(", ")})`,
      )
    }
    const { commits } = simulate({ seed: SEED, events: context.budget.projectionEvents })
    const { store } = await openPgliteStore()
    try {
      const cases: CaseReport[] = []
      for (const projection of projections) cases.push(...(await measure(context, store, projection, commits)))
      return completed("projections", DESCRIPTION, cases, [`simulation seed ${SEED}, ${commits.length} commits`])
    } finally {
      await Effect.runPromise(store.close())
    }
  },
}
