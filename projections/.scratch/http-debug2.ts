import { Effect, Result } from "effect"
import { openServerStore } from "../testing/server.ts"
import { simulate } from "../testing/simulate.ts"
import { canvasesProjection } from "../models/canvases.ts"
import { ensureProjection } from "../runner/checkpoints.ts"
import { liveTableNames } from "../runner/projection.ts"
const opened = await openServerStore("dbg2")
try {
  const sim = simulate({ seed: 1714261607, tenants: ["A", "B"], events: 1500 })
  await Effect.runPromise(opened.store.asOwner((sql) => ensureProjection(sql, canvasesProjection)))
  for (const c of sim.commits) {
    const r = await Effect.runPromise(Effect.result(opened.store.asOwner((sql) => canvasesProjection.apply(sql, [c], liveTableNames(canvasesProjection)))))
    if (Result.isFailure(r)) { console.log(c.position, JSON.stringify(c.events).slice(0, 300), r.failure.message); break }
  }
} finally { await opened.dispose(); process.exit(0) }
