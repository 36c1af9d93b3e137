/**
 * Projection throughput: events of the log applied per second, per
 * projection and for all of them running together, on PGlite and on the
 * Postgres server. The log is an in-memory log holding a seeded simulation
 * (through the real deciders), so the figures are the read side's cost, not
 * the log's.
 *
 *   npx tsx bench/projection-throughput.ts                # 100k events, both stores
 *   BENCH_EVENTS=20000 BENCH_STORES=pglite BENCH_BATCH=2000 npx tsx bench/projection-throughput.ts
 */
import { Effect } from "effect"
import { ALL_PROJECTIONS } from "../projections/all.ts"
import { openPgliteStore } from "../projections/store/pglite-store.ts"
import type { ReadStore } from "../projections/store/port.ts"
import { resetProjection, runToHead, startTestRunner } from "../projections/testing/fixtures.ts"
import { openServerStore, serverAvailable } from "../projections/testing/server.ts"
import { memoryLogOf, simulateCommits } from "../projections/testing/simulate.ts"

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000)
const BATCH = Number(process.env.BENCH_BATCH ?? 2000)
const STORES = (process.env.BENCH_STORES ?? "pglite,postgres").split(",")

const started = Date.now()
const commits = simulateCommits({ seed: 42, tenants: ["acme", "globex", "initech"], usersPerTenant: 12, events: EVENTS })
const events = commits.reduce((n, c) => n + c.events.length, 0)
console.log(`simulated ${events} events in ${commits.length} commits (${Date.now() - started} ms), batches of ${BATCH} commits`)

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000)

const measure = async (label: string, store: ReadStore) => {
  const results: Record<string, number> = {}
  for (const projection of ALL_PROJECTIONS) {
    await resetProjection(store, projection)
    const t = performance.now()
    await runToHead(store, memoryLogOf(commits).log, projection, { batchCommits: BATCH })
    results[projection.name] = rate(events, performance.now() - t)
  }
  for (const projection of ALL_PROJECTIONS) await resetProjection(store, projection)
  const { log } = memoryLogOf(commits)
  const t = performance.now()
  const runners = ALL_PROJECTIONS.map((projection) => startTestRunner({ store, log, projection, batchCommits: BATCH }))
  await Promise.all(runners.map((runner) => runner.waitFor(commits.length, 600_000)))
  const together = performance.now() - t
  await Promise.all(runners.map((runner) => runner.stop()))
  console.log(`\n${label}: events of the log applied per second`)
  for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(10)} ${String(value).padStart(8)} events/s (alone)`)
  console.log(
    `  all ${ALL_PROJECTIONS.length}      ${String(rate(events, together)).padStart(8)} events/s of the log, all projections at once (${rate(events * ALL_PROJECTIONS.length, together)} projected events/s)`,
  )
  console.log(JSON.stringify({ bench: "projections", store: label, events, batchCommits: BATCH, alone: results, together: rate(events, together) }))
}

if (STORES.includes("pglite")) {
  const t = Date.now()
  const { store } = await openPgliteStore()
  console.log(`PGlite opened in ${Date.now() - t} ms`)
  await measure("pglite", store)
  await Effect.runPromise(store.close())
}
if (STORES.includes("postgres") && (await serverAvailable())) {
  const opened = await openServerStore("bench")
  try {
    await measure("postgres", opened.store)
  } finally {
    await opened.dispose()
  }
}
