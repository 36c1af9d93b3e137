/**
 * A Studio node without its read side: gateway/main.ts less the read-side
 * worker (read store, projections, read API). The live path (gateway,
 * runtime, embedded log with fsync before ack) is exactly the one `npm start`
 * runs; this only takes the projections' CPU off the node's core, so a profile
 * or a growth run shows what the live path itself costs.
 */
import { Effect } from "effect"
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
const log = await openEventLog(config.eventLog)
const system = makeActorSystem({ log, kinds: actorKinds })
const gateway = await startGateway({ log, system, tokens, port: config.port, nodeId: `live-node-${process.pid}` })
await seedDemo(system, gateway.directory, process.env)
console.log(`studio listening on :${gateway.port} (live path only: no read side)`)

const stop = async () => {
  await gateway.stop(5_000)
  await Effect.runPromise(system.shutdown())
  await Effect.runPromise(log.close())
  process.exit(0)
}
process.once("SIGTERM", () => void stop())
process.once("SIGINT", () => void stop())
