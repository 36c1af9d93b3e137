/**
 * A Studio node without its read side: gateway/main.ts less the read-side
 * worker (read store, projections, read API). The live path (gateway,
 * runtime, embedded log with fsync before ack) is exactly the one `npm start`
 * runs; this only takes the projections' CPU off the node's core, so a profile
 * or a growth run shows what the live path itself costs.
 */
import { Effect } from "effect"
import { appendFileSync } from "node:fs"
import { PerformanceObserver } from "node:perf_hooks"
import { actorKinds } from "../../actors/index.ts"
import { loadConfig } from "../../engine/config.ts"
import { openEventLog } from "../../engine/eventlog/open.ts"
import { makeActorSystem } from "../../engine/runtime/runtime.ts"
import { tokenSettingsFromEnv } from "../../gateway/auth/token-config.ts"
import { makeTokens } from "../../gateway/auth/tokens.ts"
import { startGateway } from "../../gateway/gateway.ts"
import { seedDemo } from "../../gateway/seed.ts"
import { assertNativeUws } from "../../gateway/transport/uws.ts"

assertNativeUws()
const config = loadConfig(process.env)
const tokens = makeTokens(tokenSettingsFromEnv(process.env, (line) => console.warn(line)))
const opened = await openEventLog(config.eventLog)
// Experiments only: BENCH_TRACE_FILE gets one line per GC pause and per snapshot save over 5 ms, to line up with latency spikes.
const traceFile = process.env["BENCH_TRACE_FILE"]
const trace = (line: string) => traceFile && appendFileSync(traceFile, `${(performance.timeOrigin + performance.now()).toFixed(1)} ${line}\n`)
if (traceFile) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.duration > 5) trace(`gc ${(entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? "?"} ${entry.duration.toFixed(1)} ms`)
  }).observe({ entryTypes: ["gc"] })
}
const log: typeof opened = traceFile
  ? {
      ...opened,
      saveSnapshot: (addr, snapshot) => {
        const started = performance.now()
        return opened.saveSnapshot(addr, snapshot).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              const ms = performance.now() - started
              if (ms > 5) trace(`snapshot ${addr.kind}/${addr.id} ${ms.toFixed(1)} ms`)
            }),
          ),
        )
      },
    }
  : opened
// Experiments only: BENCH_SNAPSHOT_EVERY and BENCH_CONCURRENT_SNAPSHOTS change how often actors
// snapshot and how many periodic snapshots may save at once (defaults: the runtime's).
const snapshotEvery = Number(process.env["BENCH_SNAPSHOT_EVERY"] ?? "") || undefined
const concurrentSnapshots = Number(process.env["BENCH_CONCURRENT_SNAPSHOTS"] ?? "") || undefined
const system = makeActorSystem({
  log,
  kinds: actorKinds,
  ...(snapshotEvery ? { snapshotEvery } : {}),
  ...(concurrentSnapshots ? { concurrentSnapshots } : {}),
})
const gateway = await startGateway({ log, system, tokens, port: config.port, nodeId: `live-node-${process.pid}` })
await seedDemo(system, gateway.directory, process.env)
console.log(`studio ready on :${gateway.port} (live path only: no read side)`)

const stop = async () => {
  await gateway.stop(5_000)
  await Effect.runPromise(system.shutdown())
  await Effect.runPromise(log.close())
  process.exit(0)
}
process.once("SIGTERM", () => void stop())
process.once("SIGINT", () => void stop())
