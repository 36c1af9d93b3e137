import { Effect } from "effect"
import { openServerStore } from "../testing/server.ts"
import { simulate, memoryLogOf } from "../testing/simulate.ts"
import { sessionsProjection } from "../models/sessions.ts"
import { liveTableNames } from "../runner/projection.ts"
import { ensureProjection } from "../runner/checkpoints.ts"
const opened = await openServerStore("scratch3")
const sim = simulate({ seed: 1, tenants: ["A", "B"], events: 2500 })
try {
  await Effect.runPromise(opened.store.asOwner((sql) => ensureProjection(sql, sessionsProjection)))
  console.log("apply")
  const r = await Effect.runPromise(Effect.result(opened.store.asOwner(async (sql) => { 
    const q = sql.query.bind(sql)
    ;(sql as any).query = async (t: string, p: any) => { console.log("Q", t.slice(0, 80)); const x = await q(t, p); console.log("done"); return x }
    await sessionsProjection.apply(sql, sim.commits.slice(0, 100), liveTableNames(sessionsProjection)) })))
  console.log(JSON.stringify(r).slice(0, 1000))
} finally { await opened.dispose() }
