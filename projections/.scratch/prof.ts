import { Effect } from "effect"
import { openPgliteStore } from "../store/pglite-store.ts"
import { openServerStore } from "../testing/server.ts"
import { simulateCommits, memoryLogOf } from "../testing/simulate.ts"
import { canvasesProjection } from "../models/canvases.ts"
import { analyticsProjection } from "../analytics/facts.ts"
import { resetProjection, runToHead } from "../testing/fixtures.ts"
const commits = simulateCommits({ seed: 42, tenants: ["acme", "globex", "initech"], usersPerTenant: 12, events: 20000 })
const opened = process.env.S === "pg" ? await openServerStore("prof") : await openPgliteStore()
const store = opened.store
for (const p of [canvasesProjection, analyticsProjection]) {
  await resetProjection(store, p)
  // instrument queries
  const stats = new Map<string, number>()
  const orig = store.asOwner
  ;(store as any).asOwner = (body: any) => orig((sql: any) => body({ query: async (t: string, params: any) => { const s = performance.now(); try { return await sql.query(t, params) } finally { const k = t.slice(0, 60).replace(/\s+/g, " "); stats.set(k, (stats.get(k) ?? 0) + performance.now() - s) } } }))
  const t = performance.now()
  await runToHead(store, memoryLogOf(commits).log, p, { batchCommits: 2000 })
  console.log(p.name, (performance.now() - t).toFixed(0), "ms")
  ;(store as any).asOwner = orig
  for (const [k, v] of [...stats].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log("  ", v.toFixed(0), k)
}
if ("dispose" in opened) await (opened as any).dispose()
