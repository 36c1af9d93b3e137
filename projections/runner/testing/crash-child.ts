/**
 * Child process of the crash test: runs every projection over a simulated
 * log (rebuilt from the seed) into the server schema it is given, and kills
 * itself with SIGKILL at a chosen point. Without a kill point it runs to the
 * log's head and exits 0.
 *
 * CRASH_SEED is not a seed variable of its own: the parent test passes its
 * STUDIO_TEST_SEED seed (`testSeed`) down, so every child rebuilds the same
 * log the parent checks against; CRASH_EVENTS, its length.
 *
 * - KILL_AFTER_COMMITS=n: right after read-model transaction number n
 *   committed (after the commit, before anything else happens); prints the
 *   projection and the position that transaction reached.
 * - KILL_IN_APPLY=n (with CRASH_GROUP=1): inside a shared transaction, in the
 *   crash probe's n-th apply, which runs between the other projections'
 *   applies.
 *
 * Either way it also prints every projection's last committed position as
 * its runner knew it, which the stored checkpoints must equal.
 *
 * CRASH_GROUP=1 runs the projections as one group (one transaction per tick
 * for all of them), as the read-side worker does; otherwise one runner each.
 */
import { Effect } from "effect"
import { writeSync } from "node:fs"
import { ALL_PROJECTIONS } from "../../all.ts"
import { openPostgresStore } from "../../store/postgres-store.ts"
import { memoryLogOf, simulateCommits } from "../../testing/simulate.ts"
import { crashProbeProjection } from "./crash-probe.ts"
import { startProjectionGroup } from "../group.ts"
import { MetricsRegistry } from "../metrics.ts"
import type { Projection } from "../projection.ts"
import { startProjectionRunner, type ProjectionRunner } from "../runner.ts"

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}
const numberOrUndefined = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined)

const commits = simulateCommits({ seed: Number(env("CRASH_SEED")), tenants: ["A", "B"], events: Number(env("CRASH_EVENTS")) })
const { log } = memoryLogOf(commits)
const { store } = await openPostgresStore({ url: env("CRASH_DATABASE_URL"), schema: env("CRASH_SCHEMA"), warn: () => undefined })
const killAfter = numberOrUndefined("KILL_AFTER_COMMITS")
const killInApply = numberOrUndefined("KILL_IN_APPLY")
const grouped = process.env.CRASH_GROUP === "1"

// Synchronous writes, so the parent learns what committed even though nothing runs after the kill.
const die = (report: unknown) => {
  writeSync(1, `${JSON.stringify(report)}\n`)
  process.kill(process.pid, "SIGKILL")
}
let runners: readonly ProjectionRunner[] = []
/** Every projection's last committed position, as the runners know it. */
const committedPositions = () => Object.fromEntries(runners.map((r) => [r.projection, r.snapshot().position]))
let transactions = 0
const afterCommit = (position: number, projection: string) => {
  if (killAfter !== undefined && ++transactions >= killAfter) die({ committed: projection, position, positions: committedPositions() })
}
let applies = 0
const probe: Projection = {
  ...crashProbeProjection,
  apply: async (sql, batch, tables) => {
    await crashProbeProjection.apply(sql, batch, tables)
    if (killInApply !== undefined && ++applies >= killInApply) die({ inside: true, positions: committedPositions() })
  },
}
// The probe between the others: a kill in its apply leaves a transaction that already wrote other projections' rows.
const middle = Math.floor(ALL_PROJECTIONS.length / 2)
const projections = [...ALL_PROJECTIONS.slice(0, middle), probe, ...ALL_PROJECTIONS.slice(middle)]
// One holder name across the children, as a restarted worker of the same node: each child takes over the killed one's
// leases at once, and the leases can outlast a slow transaction on a busy machine (a 1 s lease was lost mid-batch and retried forever).
const common = {
  store,
  log,
  afterCommit,
  registry: new MetricsRegistry(),
  batchCommits: Number(env("CRASH_BATCH")),
  holder: "crash-child",
  leaseMs: 60_000,
  onError: (line: string) => console.error(line),
}
runners = grouped
  ? startProjectionGroup({ ...common, projections }).runners
  : projections.map((projection) => startProjectionRunner({ ...common, projection, registry: new MetricsRegistry() }))
// Progress on stderr while it runs long, so a run that stops short shows which projection did.
const progress = setInterval(
  () => console.error(JSON.stringify({ head: commits.length, positions: committedPositions(), states: runners.map((r) => r.snapshot()) })),
  5_000,
)
progress.unref()
await Promise.all(runners.map((runner) => runner.waitFor(commits.length, 120_000)))
clearInterval(progress)
await Promise.all(runners.map((runner) => runner.stop()))
await Effect.runPromise(store.close())
console.log(JSON.stringify({ done: true, positions: runners.map((r) => r.snapshot().position) }))
