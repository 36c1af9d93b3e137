/**
 * Fan-out through the live server's room (one runtime subscription for the
 * actor, each reader caught up on it): one writer, N readers joined to one
 * shared canvas, K events. Reports deliveries per second end to end
 * (server and clients in one process, so a lower bound) and the process's
 * CPU time per delivery (user + system, all threads: on a shared machine
 * the steadier of the two). Run:
 *   npx tsx bench/gateway/fanout.ts [readers] [events]
 */
import type { ServerFrameOf } from "../../gateway/protocol.ts"
import { freshId, startTestServer, sticky } from "../../gateway/testing/harness.ts"

const readers = Number(process.argv[2] ?? 200)
const events = Number(process.argv[3] ?? 500)
const server = await startTestServer({ live: { commandsPerSecond: 1e6, commandBurst: 1e6, userCommandsPerSecond: 1e6, userCommandBurst: 1e6 } })
const writer = await server.client({ id: "writer" })
const addr = `canvas/${freshId("fan")}`
await writer.cmd(addr, "create", { type: "create", title: "fan-out", privacy: "shared" })
for (let i = 0; i < readers; i++) await writer.cmd(addr, `share${i}`, { type: "shareWith", userId: `r${i}`, access: "view" })
const clients = await Promise.all(Array.from({ length: readers }, (_, i) => server.client({ id: `r${i}` })))
await Promise.all(clients.map((c) => c.join(addr)))

let delivered = 0
const target = readers * events
const done = new Promise<void>((resolve) => clients.forEach((c) => c.onFrame((f) => f.t === "ev" && ++delivered === target && resolve())))
const started = performance.now()
const cpuBefore = process.cpuUsage()
const acks = await Promise.all(Array.from({ length: events }, (_, i) => writer.cmd(addr, `e${i}`, { type: "addElement", element: sticky(`e${i}`) })))
await done
const seconds = (performance.now() - started) / 1000
const cpu = process.cpuUsage(cpuBefore)
console.log(
  `${readers} readers x ${events} events: ${target} deliveries in ${seconds.toFixed(2)} s = ${Math.round(target / seconds)} deliveries/s, ` +
    `CPU ${((cpu.user + cpu.system) / target).toFixed(2)} µs per delivery (${(acks as ServerFrameOf<"ack">[]).filter((a) => a.t === "ack").length} acks)`,
)
await Promise.all([writer, ...clients].map((c) => c.close()))
await server.dispose()
