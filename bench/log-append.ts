/**
 * Event log append benchmark: appends per second and append-to-ack latency
 * (p50/p99/max) with 1, 100 and 10,000 concurrent actors, one JSON line per case.
 *
 *   npx tsx bench/log-append.ts [--log embedded|jetstream] [--seconds 5] [--actors 1,100,10000] [--rate 50000] [--events 1]
 *
 * Closed loop ("closed"): every actor appends its next commit as soon as the
 * previous one is acknowledged, as an actor does; the figures are the log's
 * saturation throughput, and latency there is queueing (Little's law: actors /
 * throughput). Open loop ("paced"): appends arrive at --rate events/s spread
 * over the largest actor count, each actor pipelining its own sequence; latency
 * there is what a caller waits at that load. --rate 0 skips it.
 *
 * The embedded log writes to a fresh directory under the OS temp dir (or
 * --dir); JetStream uses NATS_URL (default nats://127.0.0.1:4222) and a
 * throwaway stream.
 */
import { Effect } from "effect"
import * as hdr from "hdr-histogram-js"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { parseArgs } from "node:util"
import { monitorEventLoopDelay } from "node:perf_hooks"
import { makeAddress } from "../engine/address.ts"
import { openEmbeddedLog } from "../engine/eventlog/embedded/embedded-log.ts"
import type { EventLog } from "../engine/eventlog/port.ts"

const { values } = parseArgs({
  options: {
    log: { type: "string", default: "embedded" },
    seconds: { type: "string", default: "5" },
    actors: { type: "string", default: "1,100,10000" },
    rate: { type: "string", default: "50000" },
    events: { type: "string", default: "1" },
    dir: { type: "string" },
  },
})

const fail = (message: string): never => {
  console.error(`log-append: ${message}`)
  process.exit(2)
}
const positive = (name: string, raw: string, allowZero = false) => {
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) fail(`--${name} must be a positive number, got ${JSON.stringify(raw)}`)
  return value
}
const logKind = values.log === "embedded" || values.log === "jetstream" ? values.log : fail(`--log must be embedded or jetstream, got ${values.log}`)
const seconds = positive("seconds", values.seconds)
const actorCounts = values.actors.split(",").map((raw) => Math.floor(positive("actors", raw)))
const rate = positive("rate", values.rate, true)
const eventsPerCommit = Math.floor(positive("events", values.events))
const payload = Array.from({ length: eventsPerCommit }, (_, i) => ({ type: "cardMoved", card: `card-${i}`, x: 120.5, y: 88 }))

/** Opens a log on fresh storage; `dispose` closes it and removes the storage. */
const openFresh = async (): Promise<{ log: EventLog; dispose: () => Promise<void> }> => {
  if (logKind === "embedded") {
    const dir = await mkdtemp(join(values.dir ?? tmpdir(), "studio-bench-log-"))
    const log = await openEmbeddedLog({ dir })
    return { log, dispose: async () => (await Effect.runPromise(log.close()), await rm(dir, { recursive: true, force: true })) }
  }
  // Loaded by path so the embedded case never needs the JetStream adapter.
  const adapter = "../engine/eventlog/jetstream/jetstream-log.ts"
  const support = "../engine/eventlog/jetstream/testing/nats-test-support.ts"
  const { openJetStreamLog } = (await import(adapter)) as {
    openJetStreamLog: (o: { url: string; stream: string; subjectPrefix: string }) => Promise<EventLog>
  }
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
  const stream = `BENCH_LOG_${suffix}`
  const log = await openJetStreamLog({ url: process.env.NATS_URL ?? "nats://127.0.0.1:4222", stream, subjectPrefix: `benchlog${suffix}` })
  return {
    log,
    dispose: async () => {
      await Effect.runPromise(log.close())
      const { deleteStreams } = (await import(support)) as { deleteStreams: (n: { stream: string; snapshotBucket: string }) => Promise<void> }
      await deleteStreams({ stream, snapshotBucket: `${stream}_SNAPSHOTS` }).catch(() => undefined)
    },
  }
}

const newHistogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 })

interface Tally {
  commits: number
  failures: number
  readonly latencyUs: ReturnType<typeof newHistogram>
}

const addresses = Array.from({ length: Math.max(...actorCounts) }, (_, a) => makeAddress("bench", "canvas", `a${a}`))

/** Appends the next commit of actor `a` expecting `seq`; records the latency. */
const appendOnce = async (log: EventLog, tally: Tally, a: number, seq: number): Promise<number | undefined> => {
  const t0 = performance.now()
  const addr = addresses[a]!
  const exit = await Effect.runPromiseExit(
    log.append({ addr, expectedSeq: seq, events: payload, by: "u1", at: Date.now(), commandKey: `u1:${a}-${seq}` }),
  )
  if (exit._tag === "Failure") {
    tally.failures++
    return undefined
  }
  tally.latencyUs.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)))
  tally.commits++
  return exit.value.lastSeq
}

const closedLoop = async (log: EventLog, tally: Tally, actors: number, deadline: number) => {
  await Promise.all(
    Array.from({ length: actors }, async (_, a) => {
      let seq = 0
      while (performance.now() < deadline) seq = (await appendOnce(log, tally, a, seq)) ?? (await Effect.runPromise(log.lastSeq(addresses[a]!)))
    }),
  )
}

const paced = async (log: EventLog, tally: Tally, actors: number, deadline: number) => {
  const nextSeq = new Array<number>(actors).fill(0)
  const inFlight = new Set<Promise<unknown>>()
  const started = performance.now()
  let issued = 0
  while (performance.now() < deadline) {
    const due = Math.floor(((performance.now() - started) / 1000) * (rate / eventsPerCommit))
    for (; issued < due; issued++) {
      const a = issued % actors
      const seq = nextSeq[a]!
      nextSeq[a] = seq + eventsPerCommit
      const pending = appendOnce(log, tally, a, seq)
      inFlight.add(pending)
      void pending.finally(() => inFlight.delete(pending))
    }
    await sleep(1)
  }
  await Promise.all(inFlight)
}

const runCase = async (mode: "closed" | "paced", actors: number) => {
  const { log, dispose } = await openFresh()
  const tally: Tally = { commits: 0, failures: 0, latencyUs: newHistogram() }
  // CPU per event and event-loop stalls tell the log's cost apart from a busy machine.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 })
  loopDelay.enable()
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  try {
    await (mode === "closed" ? closedLoop : paced)(log, tally, actors, started + seconds * 1000)
  } finally {
    await dispose()
  }
  const elapsed = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  loopDelay.disable()
  const ms = (percentile: number) => Number((tally.latencyUs.getValueAtPercentile(percentile) / 1000).toFixed(2))
  console.log(
    JSON.stringify({
      log: logKind,
      mode,
      actors,
      ...(mode === "paced" ? { targetEventsPerSecond: rate } : {}),
      eventsPerCommit,
      seconds: Number(elapsed.toFixed(2)),
      commits: tally.commits,
      failures: tally.failures,
      eventsPerSecond: Math.round((tally.commits * eventsPerCommit) / elapsed),
      p50Ms: ms(50),
      p99Ms: ms(99),
      maxMs: ms(100),
      cpuUsPerEvent: Number(((cpu.user + cpu.system) / Math.max(1, tally.commits * eventsPerCommit)).toFixed(2)),
      loopDelayP99Ms: Number((loopDelay.percentile(99) / 1e6).toFixed(2)),
    }),
  )
}

for (const actors of actorCounts) await runCase("closed", actors)
if (rate > 0) await runCase("paced", Math.max(...actorCounts))
