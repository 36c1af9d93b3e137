import { Effect } from "effect"
import { ALL_PROJECTIONS } from "../index.ts"
import { openServerStore } from "../testing/server.ts"
import { simulate, memoryLogOf } from "../testing/simulate.ts"
import { runToHead } from "../testing/fixtures.ts"
const opened = await openServerStore("dbg")
try {
  const sim = simulate({ seed: 1714261607, tenants: ["A", "B"], events: 1500 })
  const { log } = memoryLogOf(sim.commits)
  for (const p of ALL_PROJECTIONS) {
    const t = Date.now()
    await Promise.race([runToHead(opened.store, log, p, { onError: (l) => console.log("ERR", p.name, l.slice(0, 300)) }), new Promise((_, rej) => setTimeout(() => rej(new Error("timeout " + p.name)), 15000))])
    console.log(p.name, Date.now() - t)
  }
} catch (e) { console.log(String(e)) } finally { await opened.dispose(); process.exit(0) }
