/**
 * What the read side costs a node under live load: the fan-out scenario
 * (rooms of 50 members, each sending one canvas op a second) against one
 * Studio node, while its threads' CPU is read from /proc and /api/metrics is
 * sampled every 100 ms. Reports delivery p50/p99, CPU per thread (the main
 * thread, the read-side worker, which is the thread at nice 10, and the rest:
 * libuv pool, V8 helpers), projection lag during the load, the read side's
 * own counters (log reads, commits and bytes shipped to the worker, read-model
 * transactions) per second, and how long the read models take to reach the
 * head once the load stops.
 *
 *   npx tsx bench/read-side-load.ts [--rooms 10] [--seconds 10] [--warmup 3] [--script path/to/gateway/main.ts] [--json]
 *
 * `--script` runs another checkout's node (same arguments, same machine), so
 * a change can be compared with its baseline in alternating rounds.
 */
import { readdir, readFile } from "node:fs/promises"
import { valueAtMillis } from "./harness/histogram.ts"
import { planPinning, pinSelf } from "./harness/pinning.ts"
import { Swarm } from "./load/swarm.ts"
import { studioAdapter } from "./studio/adapter.ts"
import { startStudio } from "./studio/gateway-process.ts"

const option = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback
}
const rooms = Number(option("rooms", "10"))
const seconds = Number(option("seconds", "10"))
const warmupSeconds = Number(option("warmup", "3"))
const script = option("script", "")
const asJson = process.argv.includes("--json")
/** Without lag samples: /api/metrics is not asked during the load (to see what asking costs). */
const sampleLag = !process.argv.includes("--no-lag")
const MEMBERS = 50
const CLOCK_TICKS_PER_SECOND = 100

interface ThreadTimes {
  readonly main: number
  readonly readSide: number
  readonly other: number
  /** Seconds the main thread was runnable but waiting for a CPU (schedstat): the live path's queueing behind other threads. */
  readonly mainWaiting: number
  /** Page faults of the main thread that had to read from disk. */
  readonly mainMajorFaults: number
  /** Bytes each group wrote through write(2) and friends (wchar in /proc/.../io): the read store's writes share the disk with the log's fdatasync. */
  readonly mainWritten: number
  readonly readSideWritten: number
  readonly otherWritten: number
}

/** CPU seconds per thread group; the read side is the thread the worker moved to nice 10. */
const threadTimes = async (pid: number): Promise<ThreadTimes> => {
  const times = { main: 0, readSide: 0, other: 0, mainWaiting: 0, mainMajorFaults: 0, mainWritten: 0, readSideWritten: 0, otherWritten: 0 }
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, "utf8").catch(() => "")
    if (!stat) continue
    // Fields after the command name: state is field 3, utime/stime 14/15, nice 19.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    const cpu = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
    const io = await readFile(`/proc/${pid}/task/${tid}/io`, "utf8").catch(() => "")
    const written = Number(/^wchar: (\d+)/m.exec(io)?.[1] ?? 0)
    if (Number(tid) === pid) {
      times.main += cpu
      times.mainMajorFaults += Number(fields[9])
      times.mainWritten += written
      const schedstat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, "utf8").catch(() => "0 0 0")
      times.mainWaiting += Number(schedstat.split(" ")[1]) / 1e9
    } else if (Number(fields[16]) > 0) {
      times.readSide += cpu
      times.readSideWritten += written
    } else {
      times.other += cpu
      times.otherWritten += written
    }
  }
  return times
}

/**
 * Lag per projection (the log's head as the node's thread sees it now, minus
 * the checkpoint; the runners' own lag gauge is against the head they last
 * saw, which a runner that reads the head with its batch always sees as 0),
 * and the read side's counters summed over their labels.
 */
const metricsNow = async (url: string): Promise<{ lags: Map<string, number>; totals: Map<string, number> }> => {
  const text = await (await fetch(url, { headers: { authorization: `Bearer ${node.metricsToken}` } })).text()
  const lags = new Map<string, number>()
  const totals = new Map<string, number>()
  const head = Number(/^studio_read_side_log_head_position (\d+)$/m.exec(text)?.[1] ?? Number.NaN)
  for (const match of text.matchAll(/^studio_projection_checkpoint_position\{projection="([^"]+)"[^}]*\} (\d+)$/gm))
    lags.set(match[1]!, Math.max(0, head - Number(match[2])))
  for (const match of text.matchAll(/^(studio_(?:read_side|projection)_[a-z_]+_total)(?:\{[^}]*\})? ([\d.e+]+)$/gm)) {
    totals.set(match[1]!, (totals.get(match[1]!) ?? 0) + Number(match[3] ?? match[2]))
  }
  return { lags, totals }
}

const pinning = pinSelf(planPinning())
const node = await startStudio(pinning, script ? { script } : {})
const metricsUrl = `${node.baseUrl}/api/metrics`
const pid = node.server.pid
const swarm = new Swarm(studioAdapter, { port: node.server.port, token: node.token }, MEMBERS)
let sampling = true
try {
  await swarm.addRooms(rooms)
  const rate = rooms * MEMBERS
  await swarm.drive({ ratePerSecond: rate, durationMs: warmupSeconds * 1000, drainMs: 2000 })

  const lagSamples = new Map<string, number[]>()
  const before = { times: await threadTimes(pid), metrics: await metricsNow(metricsUrl), at: performance.now() }
  const sampler = (async () => {
    while (sampling && sampleLag) {
      for (const [projection, lag] of (await metricsNow(metricsUrl)).lags) lagSamples.set(projection, [...(lagSamples.get(projection) ?? []), lag])
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  const result = await swarm.drive({ ratePerSecond: rate, durationMs: seconds * 1000, drainMs: 2000 })
  sampling = false
  await sampler
  const after = { times: await threadTimes(pid), metrics: await metricsNow(metricsUrl), at: performance.now() }
  const wall = (after.at - before.at) / 1000

  const stoppedAt = performance.now()
  let caughtUpMs: number | undefined
  while (caughtUpMs === undefined && performance.now() - stoppedAt < 30_000) {
    if ([...(await metricsNow(metricsUrl)).lags.values()].every((lag) => lag === 0)) caughtUpMs = performance.now() - stoppedAt
    else await new Promise((resolve) => setTimeout(resolve, 20))
  }

  const share = (key: keyof ThreadTimes) => (100 * (after.times[key] - before.times[key])) / wall
  const allLags = [...lagSamples.values()].flat().sort((a, b) => a - b)
  const quantile = (q: number) => allLags[Math.min(allLags.length - 1, Math.floor(q * allLags.length))] ?? 0
  const rates = Object.fromEntries(
    [...after.metrics.totals].map(([name, value]) => [
      name.replace(/^studio_/, "").replace(/_total$/, ""),
      Math.round(((value - (before.metrics.totals.get(name) ?? 0)) / wall) * 10) / 10,
    ]),
  )
  const report = {
    script: script || "gateway/main.ts",
    rooms,
    rate,
    seconds,
    deliveriesPerSecond: Math.round(result.deliveriesPerSecond),
    p50: Number(valueAtMillis(result.latency, 50).toFixed(2)),
    p99: Number(valueAtMillis(result.latency, 99).toFixed(2)),
    lost: result.lost,
    cpu: { main: Math.round(share("main")), readSide: Math.round(share("readSide")), other: Math.round(share("other")) },
    /** Milliseconds per second the main thread waited for the CPU. */
    mainWaitingMsPerSecond: Math.round(share("mainWaiting") * 10) / 10,
    mainMajorFaults: after.times.mainMajorFaults - before.times.mainMajorFaults,
    /** KiB per second written by each thread group. */
    writtenKiBPerSecond: {
      main: Math.round(share("mainWritten") / 102400),
      readSide: Math.round(share("readSideWritten") / 102400),
      other: Math.round(share("otherWritten") / 102400),
    },
    ackP99: Number(valueAtMillis(result.ackLatency, 99).toFixed(2)),
    lag: { p50: quantile(0.5), p99: quantile(0.99), max: allLags.at(-1) ?? 0 },
    caughtUpMs: caughtUpMs === undefined ? null : Math.round(caughtUpMs),
    perSecond: rates,
  }
  if (asJson) console.log(JSON.stringify(report))
  else {
    console.log(
      `${report.script} ${rooms}x${MEMBERS}@${rate} for ${seconds} s: ${report.deliveriesPerSecond} deliveries/s, p50 ${report.p50} ms p99 ${report.p99} ms, lost ${report.lost}; ` +
        `CPU % of a core: main ${report.cpu.main}, read side ${report.cpu.readSide}, other ${report.cpu.other}; main waited for the CPU ${report.mainWaitingMsPerSecond} ms/s, major faults ${report.mainMajorFaults}; ` +
        `written KiB/s: main ${report.writtenKiBPerSecond.main}, read side ${report.writtenKiBPerSecond.readSide}, other ${report.writtenKiBPerSecond.other}; ack p99 ${report.ackP99} ms; ` +
        `lag (commits) p50 ${report.lag.p50} p99 ${report.lag.p99} max ${report.lag.max} (${Math.round((1000 * report.lag.p50) / rate)} / ${Math.round((1000 * report.lag.p99) / rate)} ms at ${rate} commits/s); at the head ${report.caughtUpMs ?? "> 30000"} ms after the load`,
    )
    for (const [name, perSecond] of Object.entries(rates)) console.log(`  ${name}: ${perSecond}/s`)
  }
} finally {
  sampling = false
  await swarm.close()
  await node.server.stop()
}
