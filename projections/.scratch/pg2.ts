import { Effect } from "effect"
import { openServerStore } from "../testing/server.ts"
import { acquireLease, fence } from "../runner/lease.ts"
import { ensureProjection } from "../runner/checkpoints.ts"
import { sessionsProjection } from "../models/sessions.ts"
const opened = await openServerStore("scratch2")
const run = (name: string, body: any) => { console.log("start", name); return Effect.runPromise(Effect.result(opened.store.asOwner(body))).then(r => { console.log(name, JSON.stringify(r).slice(0, 300)); return r }) }
try {
  await run("lease", (sql: any) => acquireLease(sql, "sessions", "me", 1000))
  await run("ensure", (sql: any) => ensureProjection(sql, sessionsProjection))
  await run("fence", (sql: any) => fence(sql, "sessions", "me"))
} finally { await opened.dispose() }
