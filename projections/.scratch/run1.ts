import { Effect } from "effect"
import { openPgliteStore } from "../store/pglite-store.ts"
import { simulateCommits, memoryLogOf } from "../testing/simulate.ts"
import { startProjectionRunner } from "../runner/runner.ts"
import { READ_MODEL_PROJECTIONS } from "../models/index.ts"
import { projectionMetrics } from "../runner/metrics.ts"
const { store } = await openPgliteStore()
const commits = simulateCommits({ seed: 1, events: 20000 })
const { log } = memoryLogOf(commits)
for (const p of READ_MODEL_PROJECTIONS) {
  const t = Date.now()
  const r = startProjectionRunner({ store, log, projection: p, batchCommits: 2000 })
  await r.waitFor(commits.length)
  console.log(p.name, Date.now() - t, "ms", r.snapshot())
  await r.stop()
}
console.log(await Effect.runPromise(store.asOwner(sql => sql.query("select (select count(*) from sessions) s, (select count(*) from session_timeline) tl, (select count(*) from canvases) c, (select count(*) from canvas_operations) ops, (select count(*) from journal_entries) e, (select count(*) from projection_dead_letters) dl"))))
console.log(projectionMetrics().slice(0, 300))
await Effect.runPromise(store.close())
