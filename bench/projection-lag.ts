/**
 * Read-model lag under live load: one Studio node (as `npm start` runs it,
 * read side in its worker thread) takes the live suite's scenario while
 * /api/metrics is sampled every 100 ms; reports each projection's lag
 * (log head minus checkpoint, in commits) during the load, and how long the
 * read models take to catch up once it stops.
 *
 *   npx tsx bench/projection-lag.ts [rooms] [members] [ops/s] [seconds]
 */
import { valueAtMillis } from "./harness/histogram.ts"
import { planPinning, pinSelf } from "./harness/pinning.ts"
import { Swarm } from "./load/swarm.ts"
import { studioAdapter } from "./studio/adapter.ts"
import { startStudio } from "./studio/gateway-process.ts"

const [rooms = 100, members = 10, rate = 2000, seconds = 15] = process.argv.slice(2).map(Number)
const pinning = pinSelf(planPinning())
const node = await startStudio(pinning)
const metricsUrl = `${node.baseUrl}/api/metrics`

const lagNow = async (): Promise<Map<string, number>> => {
  const text = await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${node.metricsToken}` } })).text()
  const lags = new Map<string, number>()
  for (const match of text.matchAll(/^studio_projection_lag\{projection="([^"]+)"[^}]*\} (\d+)$/gm)) lags.set(match[1]!, Number(match[2]))
  return lags
}

const samples = new Map<string, number[]>()
let sampling = true
const sampler = (async () => {
  while (sampling) {
    for (const [projection, lag] of await lagNow()) samples.set(projection, [...(samples.get(projection) ?? []), lag])
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
})()

const swarm = new Swarm(studioAdapter, { port: node.server.port, token: node.token }, members)
try {
  await swarm.addRooms(rooms)
  const result = await swarm.drive({ ratePerSecond: rate, durationMs: seconds * 1000, drainMs: 3000 })
  sampling = false
  await sampler
  const stoppedAt = performance.now()
  let caughtUp = false
  while (!caughtUp && performance.now() - stoppedAt < 60_000) {
    caughtUp = [...(await lagNow()).values()].every((lag) => lag === 0)
    if (!caughtUp) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const catchUpMs = performance.now() - stoppedAt
  const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0
  console.log(
    `live ${rooms}x${members}@${rate} for ${seconds} s: ${Math.round(result.deliveriesPerSecond)} deliveries/s, delivery p50 ${valueAtMillis(result.latency, 50).toFixed(1)} ms p99 ${valueAtMillis(result.latency, 99).toFixed(1)} ms, ack p99 ${valueAtMillis(result.ackLatency, 99).toFixed(1)} ms, lost ${result.lost}`,
  )
  for (const [projection, values] of samples) {
    console.log(
      `  ${projection.padEnd(10)} lag during load (commits): p50 ${quantile(values, 0.5)}, p99 ${quantile(values, 0.99)}, max ${Math.max(...values)} (${values.length} samples)`,
    )
  }
  console.log(`  every projection at the head ${caughtUp ? `${Math.round(catchUpMs)} ms after the load stopped` : "not within 60 s"}`)
} finally {
  sampling = false
  await swarm.close()
  await node.server.stop()
}
