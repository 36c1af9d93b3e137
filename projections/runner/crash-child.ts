/**
 * Child process of the crash test: runs every projection over a simulated
 * log (rebuilt from the seed) into the server schema it is given, and kills
 * itself with SIGKILL right after the read-model transaction number
 * KILL_AFTER_COMMITS committed: after the commit, before anything else
 * happens. Without KILL_AFTER_COMMITS it runs to the log's head and exits 0.
 */
import { Effect } from "effect"
import { ALL_PROJECTIONS } from "../all.ts"
import { openPostgresStore } from "../store/postgres-store.ts"
import { writeSync } from "node:fs"
import { crashProbeProjection } from "./crash-probe.ts"
import { MetricsRegistry } from "./metrics.ts"
import { startProjectionRunner } from "./runner.ts"
import { memoryLogOf, simulateCommits } from "../testing/simulate.ts"

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

const commits = simulateCommits({ seed: Number(env("CRASH_SEED")), tenants: ["A", "B"], events: Number(env("CRASH_EVENTS")) })
const { log } = memoryLogOf(commits)
const { store } = await openPostgresStore({ url: env("CRASH_DATABASE_URL"), schema: env("CRASH_SCHEMA"), warn: () => undefined })
const killAfter = process.env.KILL_AFTER_COMMITS ? Number(process.env.KILL_AFTER_COMMITS) : undefined
let transactions = 0
const afterCommit = (projection: string) => (position: number) => {
  if (killAfter === undefined || ++transactions < killAfter) return
  // Synchronous, so the parent learns what committed even though nothing runs after the kill.
  writeSync(1, `${JSON.stringify({ committed: projection, position })}\n`)
  process.kill(process.pid, "SIGKILL")
}
const runners = [...ALL_PROJECTIONS, crashProbeProjection].map((projection) =>
  startProjectionRunner({
    store, log, projection, afterCommit: afterCommit(projection.name), registry: new MetricsRegistry(), batchCommits: Number(env("CRASH_BATCH")), leaseMs: 1000,
    onError: (line) => console.error(line),
  }),
)
await Promise.all(runners.map((runner) => runner.waitFor(commits.length, 120_000)))
await Promise.all(runners.map((runner) => runner.stop()))
await Effect.runPromise(store.close())
console.log(JSON.stringify({ done: true, positions: runners.map((r) => r.snapshot().position) }))
