/**
 * The same node (`gateway/main.ts`, embedded log, read-side worker) on Node 20
 * with uWebSockets.js and on Bun with Bun.serve, in alternating rounds, each
 * round on a fresh data directory. Clients run here, on Node, over loopback:
 * - ping: 20,000 ping/pong round trips, 64 in flight, one connection (transport
 *   and frame codec only);
 * - fan-out: 10 writers x 150 commands (4 in flight each) on one shared
 *   canvas, 100 readers;
 *   deliveries per second until every reader has every event (includes the
 *   log's fsyncs, the same on both);
 * - http: autocannon, 50 connections, GET /api/health;
 * - rss: the server process's resident memory after the round.
 * Run: npx tsx bench/gateway/bun-vs-node.ts [rounds] [httpSeconds]
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import autocannon from "autocannon"
import { makeTokens } from "../../gateway/auth/tokens.ts"
import { LiveClient } from "../../gateway/testing/live-client.ts"
import { sticky } from "../../gateway/testing/harness.ts"
import { bunBinary, bunMissing } from "../../gateway/testing/bun-process.ts"

const SECRET = "bun bench secret, long enough for HS256 use"
const tokens = makeTokens({ secret: new TextEncoder().encode(SECRET), accessTtlSeconds: 3600, refreshTtlSeconds: 3600 })
const token = (id: string) => tokens.issue({ user: { id, tenant: "demo", roles: ["facilitator"] } }, "access")
const rounds = Number(process.argv[2] ?? 3)
const httpSeconds = Number(process.argv[3] ?? 5)
const READERS = 100
const WRITERS = 10
/** Below the per-connection burst of 200, so no command is rate limited. */
const COMMANDS_PER_WRITER = 150
const IN_FLIGHT_PER_WRITER = 4
const PINGS = 20_000

type Runtime = "node" | "bun"
interface Result {
  ping: number
  fanout: number
  http: number
  httpP99: number
  rssMb: number
}

const startNode = async (runtime: Runtime, dir: string) => {
  const bun = bunBinary()
  if (runtime === "bun" && !bun) throw new Error(bunMissing)
  const [command, args] = runtime === "bun" ? [bun!, ["gateway/main.ts"]] : [process.execPath, ["--import", "tsx", "gateway/main.ts"]]
  const child = spawn(command, args, {
    env: { ...process.env, STUDIO_DATA_DIR: dir, PORT: "0", STUDIO_JWT_SECRET: SECRET, STUDIO_DEMO_PASSWORD: "bench-password-1" },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stderr!.on("data", (chunk) => (output += chunk))
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk
      const match = output.match(/studio ready on :(\d+)/)
      if (match) resolve(Number(match[1]))
    })
    child.on("exit", () => reject(new Error(`the ${runtime} node exited:\n${output}`)))
  })
  return { child, port }
}

const measurePing = async (url: string) => {
  const client = await LiveClient.open(url, await token("u-bench-ping"))
  const started = performance.now()
  let sent = 0
  const lane = async () => {
    while (sent < PINGS) {
      sent++
      await client.ping()
    }
  }
  await Promise.all(Array.from({ length: 64 }, lane))
  const perSecond = PINGS / ((performance.now() - started) / 1000)
  await client.close()
  return perSecond
}

const measureFanout = async (url: string) => {
  const owner = await LiveClient.open(url, await token("u-bench-owner"))
  const addr = `canvas/fan${Date.now().toString(36)}`
  await owner.cmd(addr, "create", { type: "create", title: "fan-out", privacy: "shared" })
  for (let i = 0; i < WRITERS; i++) await owner.cmd(addr, `w${i}`, { type: "shareWith", userId: `u-bench-w${i}`, access: "edit" })
  for (let i = 0; i < READERS; i++) await owner.cmd(addr, `r${i}`, { type: "shareWith", userId: `u-bench-r${i}`, access: "view" })
  const writers = await Promise.all(Array.from({ length: WRITERS }, async (_, i) => LiveClient.open(url, await token(`u-bench-w${i}`))))
  const readers = await Promise.all(Array.from({ length: READERS }, async (_, i) => LiveClient.open(url, await token(`u-bench-r${i}`))))
  await Promise.all(readers.map((r) => r.join(addr)))
  const target = READERS * WRITERS * COMMANDS_PER_WRITER
  let delivered = 0
  const done = new Promise<void>((resolve) => readers.forEach((r) => r.onFrame((f) => f.t === "ev" && ++delivered === target && resolve())))
  const started = performance.now()
  // A few commands in flight per writer: the actor's mailbox is bounded and answers `unavailable` when flooded.
  const write = async (writer: LiveClient, w: number) => {
    let next = 0
    const lane = async () => {
      while (next < COMMANDS_PER_WRITER) {
        const reply = await writer.cmd(addr, `e${w}.${next++}`, { type: "addElement", element: sticky("e") })
        if (reply.t !== "ack") throw new Error(`a command was refused: ${JSON.stringify(reply)}`)
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT_PER_WRITER }, lane))
  }
  await Promise.all(writers.map(write))
  await done
  const perSecond = target / ((performance.now() - started) / 1000)
  for (const client of [owner, ...writers, ...readers]) client.terminate()
  return perSecond
}

const rssMb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)![1]) / 1024

const round = async (runtime: Runtime): Promise<Result> => {
  const dir = await mkdtemp(join(tmpdir(), `studio-bench-${runtime}-`))
  const { child, port } = await startNode(runtime, dir)
  try {
    const url = `ws://127.0.0.1:${port}/live`
    const ping = await measurePing(url)
    const fanout = await measureFanout(url)
    const health = `http://127.0.0.1:${port}/api/health`
    await autocannon({ url: health, connections: 50, duration: 1 })
    const http = await autocannon({ url: health, connections: 50, duration: httpSeconds })
    return { ping, fanout, http: http.requests.average, httpP99: http.latency.p99 ?? Number.NaN, rssMb: rssMb(child.pid!) }
  } finally {
    child.kill("SIGKILL")
    await new Promise((resolve) => child.once("exit", resolve))
    await rm(dir, { recursive: true, force: true })
  }
}

console.log(
  `${rounds} alternating rounds; load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
)
const results: Record<Runtime, Result[]> = { node: [], bun: [] }
for (let i = 0; i < rounds; i++) {
  for (const runtime of ["node", "bun"] as const) {
    const result = await round(runtime)
    results[runtime].push(result)
    console.log(
      `round ${i + 1} ${runtime.padEnd(4)}  ping ${Math.round(result.ping)}/s  fan-out ${Math.round(result.fanout)} deliveries/s  http ${Math.round(result.http)} req/s (p99 ${result.httpP99} ms)  rss ${result.rssMb.toFixed(0)} MB`,
    )
  }
}
// Noise on a shared machine only ever slows a round: the best of each is the fairer figure.
const best = (runtime: Runtime, key: keyof Result, lower = false) => {
  const values = results[runtime].map((r) => r[key])
  return lower ? Math.min(...values) : Math.max(...values)
}
for (const [key, label, lower] of [
  ["ping", "ping round trips/s", false],
  ["fanout", "fan-out deliveries/s", false],
  ["http", "http req/s", false],
  ["rssMb", "rss MB", true],
] as const) {
  const node = best("node", key, lower)
  const bun = best("bun", key, lower)
  console.log(`${label.padEnd(22)} node ${Math.round(node)}  bun ${Math.round(bun)}  bun/node ${(bun / node).toFixed(2)}`)
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
)
