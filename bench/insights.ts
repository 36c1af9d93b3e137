/**
 * Facilitator insights, measured two ways on this machine:
 *
 * 1. Latency from event to the SSE client, with many sessions running: a
 *    real gateway (embedded log, the runtime, the insights engine fed by its
 *    appends) hosts `sessions` sessions of three participants each, every
 *    facilitator holds GET .../insights/live open, and all sessions send
 *    canvas operations at once. In each session the 15th operation by one
 *    participant makes them dominant; the latency is from just before that
 *    command is sent to the moment its facilitator's stream shows the
 *    insight. The same run's command ack latency (send -> durable ack) is
 *    the baseline: what insights add is the difference.
 * 2. Detector throughput: simulated sessions' activities folded and
 *    evaluated by the engine, against a no-op consumer that receives the
 *    same activities keyed by session, in the same run (events/s and ratio).
 *
 *   npx tsx bench/insights.ts [sessions=60] [simulated sessions=200]
 *
 * Writes bench/results/<timestamp>-insights/report.md.
 */
import { Effect } from "effect"
import { mkdir, writeFile } from "node:fs/promises"
import { cpus, hostname } from "node:os"
import { actorKinds } from "../actors/index.ts"
import type { User } from "../engine/actor-kind.ts"
import { makeAddress } from "../engine/address.ts"
import { startTestServer, sticky } from "../gateway/testing/harness.ts"
import type { Activity } from "../ml/insights/activity.ts"
import { InsightsEngine } from "../ml/insights/engine.ts"
import { NodeInsights } from "../ml/insights/live/node-insights.ts"
import { readInsightStream } from "../web/src/console/insights/words.ts"
import { ManualClock } from "../ml/insights/testing/manual-clock.ts"
import { generateSession, PLANTS } from "../ml/insights/testing/simulator.ts"
import { makeRandom } from "../engine/testing/random.ts"

const [sessions = 60, simulated = 200] = process.argv.slice(2).map(Number)
const quantile = (values: readonly number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN
const ms = (value: number) => `${value.toFixed(1)} ms`

// 1. Event -> SSE client, many sessions at once.
const node = new NodeInsights()
const server = await startTestServer({ kinds: actorKinds, insights: node })
const insightLatency: number[] = []
/** Send -> the engine's view holds the insight (before the SSE write): the part the detectors and the log tap take. */
const engineLatency: number[] = []
const ackLatency: number[] = []
try {
  let n = 0
  const send = (user: User, addr: ReturnType<typeof makeAddress>, command: object) =>
    Effect.runPromise(server.system.send(addr, user, `b${n++}`, command))
  const rooms = await Promise.all(
    Array.from({ length: sessions }, async (_, i) => {
      const lead: User = { id: `lead${i}`, tenant: "t1", roles: ["facilitator"] }
      const people: User[] = [0, 1, 2].map((j) => ({ id: `p${i}x${j}`, tenant: "t1", roles: ["participant"] }))
      const session = makeAddress("t1", "session", `bench${i}`)
      const canvas = makeAddress("t1", "canvas", `board${i}`)
      await send(lead, session, { type: "create", title: `Bench ${i}`, joinCode: "ABC234" })
      for (const person of people) await send(person, session, { type: "join", joinCode: "ABC234", displayName: person.id })
      await send(people[0]!, session, { type: "setInsightsConsent", given: true })
      await send(lead, session, { type: "advancePhase" })
      await send(people[0]!, canvas, { type: "create", title: "Board", privacy: "shared", sessionId: `bench${i}` })
      return { lead, people, session, canvas, id: `bench${i}` }
    }),
  )
  await Promise.all(
    rooms.map(async (room) => {
      const abort = new AbortController()
      const response = await fetch(`${server.http}/api/sessions/${room.id}/insights/live`, {
        headers: { authorization: `Bearer ${await server.token(room.lead)}` },
        signal: abort.signal,
      })
      let sentAt = Number.POSITIVE_INFINITY
      let resolveSeen: () => void = () => {}
      const seen = new Promise<void>((resolve) => (resolveSeen = resolve))
      let engineSaw = false
      const unsubscribe = node.engine.subscribe(`t1/${room.id}`, (view) => {
        if (!engineSaw && view.insights.some((i) => i.kind === "dominant")) {
          engineSaw = true
          engineLatency.push(performance.now() - sentAt)
        }
      })
      const reading = readInsightStream(response, (event, data) => {
        const view = data as { insights: Array<{ kind: string }> }
        if (event === "insights" && view.insights.some((i) => i.kind === "dominant")) {
          insightLatency.push(performance.now() - sentAt)
          resolveSeen()
          abort.abort()
        }
      }).catch(() => undefined)
      for (let op = 1; op <= 15; op++) {
        const started = performance.now()
        if (op === 15) sentAt = started
        await send(room.people[0]!, room.canvas, { type: "addElement", element: sticky(`idea ${op}`) })
        ackLatency.push(performance.now() - started)
      }
      await seen
      unsubscribe()
      await reading
    }),
  )
} finally {
  await server.dispose()
}

// 2. Detector throughput against a no-op consumer, same activities, same run.
const random = makeRandom(20261207)
const streams = Array.from({ length: simulated }, (_, i) => generateSession(random, i % 5 === 4 ? null : PLANTS[i % 4]!))
// All sessions' activities interleaved in time order, as a node receives them.
const interleaved = streams
  .flatMap((s, i) => s.activities.map((activity) => ({ key: `t/s${i}`, activity })))
  .sort((a, b) => a.activity.at - b.activity.at)
const measure = (consume: (key: string, activity: Activity) => void): number => {
  const started = performance.now()
  for (const { key, activity } of interleaved) consume(key, activity)
  return interleaved.length / ((performance.now() - started) / 1000)
}
const noOpSeen = new Map<string, number>()
const noOp = (key: string) => void noOpSeen.set(key, (noOpSeen.get(key) ?? 0) + 1)
/** The engine on the activities alone (fold + detect on each); its timer is measured apart, below. */
const throughput = (): number => {
  const clock = new ManualClock(0)
  const engine = new InsightsEngine({ clock })
  for (let i = 0; i < simulated; i += 10) engine.subscribe(`t/s${i}`, () => undefined)
  return measure((key, activity) => {
    if (activity.at > clock.now()) clock.advanceTo(activity.at)
    engine.apply(key, activity)
  })
}
/** The timer's cost: one evaluation of every open session, with all sessions half way through. */
const tickCost = (): number => {
  const clock = new ManualClock(0)
  const engine = new InsightsEngine({ clock })
  const half = interleaved.filter(({ activity }) => activity.at <= 6 * 60_000)
  for (const { key, activity } of half) {
    if (activity.at > clock.now()) clock.advanceTo(activity.at)
    engine.apply(key, activity)
  }
  const ticks = 200
  const started = performance.now()
  for (let i = 0; i < ticks; i++) engine.tick()
  return ((performance.now() - started) * 1000) / (ticks * engine.sessions)
}
measure(noOp)
throughput()
const noOpRate = measure(noOp)
const engineRate = throughput()
const tickMicros = tickCost()

const machine = `${hostname()}: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), Node ${process.version}`
const report = [
  "# Facilitator insights",
  "",
  `Machine: ${machine} (a 2-core VM shared with other work; client, gateway and engine in one process).`,
  "",
  `## Event to SSE client, ${sessions} sessions at once`,
  "",
  "| measure | p50 | p95 | n |",
  "|---|---|---|---|",
  `| insight shown on the facilitator's stream, from the triggering command's send | ${ms(quantile(insightLatency, 0.5))} | ${ms(quantile(insightLatency, 0.95))} | ${insightLatency.length} |`,
  `| of which: send -> the engine's view holds it (log tap + detectors) | ${ms(quantile(engineLatency, 0.5))} | ${ms(quantile(engineLatency, 0.95))} | ${engineLatency.length} |`,
  `| baseline: command send -> durable ack, same run | ${ms(quantile(ackLatency, 0.5))} | ${ms(quantile(ackLatency, 0.95))} | ${ackLatency.length} |`,
  `| ratio insight p50 / ack p50 | ${(quantile(insightLatency, 0.5) / quantile(ackLatency, 0.5)).toFixed(2)} | | |`,
  "",
  `## Detector throughput, ${simulated} simulated sessions interleaved (${interleaved.length} activities; 1 in 10 sessions has a subscriber)`,
  "",
  "| consumer | activities/s |",
  "|---|---|",
  `| no-op (keyed by session) | ${Math.round(noOpRate).toLocaleString("en")} |`,
  `| insights engine (fold + detect on every activity) | ${Math.round(engineRate).toLocaleString("en")} |`,
  `| ratio engine / no-op | ${(engineRate / noOpRate).toFixed(4)} |`,
  "",
  `The 1 s timer (stuck phases, silences) evaluates every open session: ${tickMicros.toFixed(1)} µs per session per tick, i.e. ${(((tickMicros * 1000) / 1e6) * 100).toFixed(1)}% of one core for 1,000 open sessions.`,
  "",
]
console.log(report.join("\n"))
const dir = new URL(`./results/${new Date().toISOString().replace(/:/g, "-").slice(0, 19)}-insights/`, import.meta.url).pathname
await mkdir(dir, { recursive: true })
await writeFile(`${dir}report.md`, report.join("\n"))
console.log(`written to ${dir}report.md`)
process.exit(0)
