import { Effect } from "effect"
import { openServerStore } from "../testing/server.ts"
import { simulate, memoryLogOf } from "../testing/simulate.ts"
import { ALL_PROJECTIONS } from "../index.ts"
import { resetProjection, runToHead } from "../testing/fixtures.ts"
const opened = await openServerStore("scratch")
const sim = simulate({ seed: 1, tenants: ["A", "B"], events: 2500 })
const { log } = memoryLogOf(sim.commits)
try {
for (const p of ALL_PROJECTIONS) {
  const t = Date.now()
  await resetProjection(opened.store, p)
  console.log("reset", p.name)
  const s = await runToHead(opened.store, log, p, { batchCommits: 1000, onError: (l) => console.log("ERR", l) })
  console.log(p.name, Date.now() - t, s.state, s.position)
}
} finally { await opened.dispose() }
