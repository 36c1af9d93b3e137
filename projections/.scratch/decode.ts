import { Schema } from "effect"
import { CanvasEvent } from "../../actors/canvas/protocol.ts"
import { simulateCommits } from "../testing/simulate.ts"
import { toJsonParam } from "../models/bulk.ts"
const commits = simulateCommits({ seed: 42, tenants: ["acme", "globex", "initech"], usersPerTenant: 12, events: 20000 })
const events = commits.filter(c => c.addr.kind === "canvas").flatMap(c => c.events)
const decode = Schema.decodeUnknownSync(CanvasEvent)
let t = performance.now()
for (const e of events) decode(e)
console.log("decode", events.length, (performance.now() - t).toFixed(0), "ms")
const is = Schema.is(CanvasEvent)
t = performance.now()
for (const e of events) is(e)
console.log("is", (performance.now() - t).toFixed(0), "ms")
t = performance.now()
structuredClone(commits)
console.log("clone all", (performance.now() - t).toFixed(0), "ms")
t = performance.now()
toJsonParam(commits)
console.log("json all", (performance.now() - t).toFixed(0), "ms")
