/**
 * The longest files start first, so neither worker is left running a
 * two-minute file alone at the end while the other idles. Vitest orders by
 * the last run's durations when its cache has them; a clean clone (CI) has
 * none and orders by file size, which put the bench smoke (a small file that
 * runs every bench suite, about 160 s) among the last. The list is from full
 * runs on the 2-core VM of this workplace, longest first.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node"

const LONGEST = [
  "bench/run.smoke.test.ts",
  "web/e2e/whole-session.test.ts",
  "web/e2e/canvas-collaboration.test.ts",
  "gateway/durability.test.ts",
  "gateway/export/live-latency.test.ts",
  "gateway/main-readiness.test.ts",
  "gateway/static/main-web.test.ts",
  "web/e2e/insights.test.ts",
  "web/budget.test.ts",
  "projections/runner/crash.test.ts",
  "engine/eventlog/crash/crash-embedded.test.ts",
  "engine/eventlog/crash/crash-jetstream.test.ts",
]

const rankOf = (file: TestSpecification) => {
  const rank = LONGEST.findIndex((path) => file.moduleId.endsWith(`/${path}`))
  return rank < 0 ? LONGEST.length : rank
}

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rankOf(a) - rankOf(b))
  }
}
