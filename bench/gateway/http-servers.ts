/**
 * Measures the HTTP edge against its peers in one run: Studio's API (one Hono
 * app from gateway/http/app.ts) behind the uWS bridge in transport/uws.ts, the
 * same app behind @hono/node-server, and bare uWebSockets.js HTTP answering a
 * fixed body (the floor: nothing routed, authenticated or validated). Each
 * server runs in its own child process; autocannon (50 connections) hits
 *   - GET /api/health (no authentication),
 *   - GET /api/users with a bearer token (an authenticated read: token check,
 *     role check, the directory folded in memory here, a JSON answer),
 *   - GET /api/sessions?limit=20 with a bearer token (a read-model list that
 *     the read side answers from its response cache: the cache hit is on the
 *     main thread, so the worker is left out here and a fixed JSON text stands
 *     in for the cached answer; validators, ETag and headers are Studio's own),
 *   - the same with If-None-Match (a 304).
 * Besides req/s and latency, each case reports the server's CPU time per
 * request (utime + stime of the child, all threads, from /proc/<pid>/stat):
 * on a shared machine that figure moves less than req/s. Run:
 *   npx tsx bench/gateway/http-servers.ts [seconds] [rounds] [--out FILE.json]
 *   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npx tsx bench/gateway/http-servers.ts 5 1 --only uws
 */
import { spawn, type ChildProcess } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { serve } from "@hono/node-server"
import autocannon from "autocannon"
import uWS from "uWebSockets.js"
import { organizationKind } from "../../actors/organization/index.ts"
import { openMemoryLog } from "../../engine/eventlog/testing/memory-log.ts"
import { makeActorSystem } from "../../engine/runtime/runtime.ts"
import { KeyedLimiter } from "../../gateway/auth/rate-limit.ts"
import { makeTokens } from "../../gateway/auth/tokens.ts"
import { Directory } from "../../gateway/directory.ts"
import { RenderPool } from "../../gateway/export/render-pool.ts"
import { makeApi } from "../../gateway/http/app.ts"
import { defaultApiLimits } from "../../gateway/http/deps.ts"
import { Readiness } from "../../gateway/readiness.ts"
import { uwsTransport } from "../../gateway/transport/uws.ts"
import type { ReadSideApi } from "../../projections/read-side/read-side.ts"

const PORTS = { uws: 18181, node: 18182, bare: 18183 } as const
type Server = keyof typeof PORTS
const LABEL: Record<Server, string> = { uws: "Studio (uWS bridge)", node: "@hono/node-server", bare: "bare uWS HTTP" }

/** What a cached sessions page looks like (20 rows); the text is sent as it is kept. */
const CACHED_PAGE = JSON.stringify({
  items: Array.from({ length: 20 }, (_, i) => ({
    id: `bench-${i}`,
    title: `Bench session ${i}`,
    status: "draft",
    facilitator: "u-facilitator",
    participants: 0,
    createdAt: "2026-12-07T00:00:00.000Z",
    updatedAt: "2026-12-07T00:00:00.000Z",
  })),
  nextCursor: null,
})

const cachedReads = (): ReadSideApi => ({
  read: async () => ({ ok: true, value: CACHED_PAGE }) as never,
  version: () => 1,
  metrics: async () => "",
})

const serveOne = async (which: Server) => {
  if (which === "bare") return serveBare()
  const log = openMemoryLog()
  const system = makeActorSystem({ log, kinds: { organization: organizationKind } })
  const limiter = () => new KeyedLimiter(1e9, 1e9)
  const app = makeApi({
    system,
    directory: await Directory.open(log, system),
    tokens: makeTokens({ secret: new Uint8Array(32), accessTtlSeconds: 3600, refreshTtlSeconds: 3600 }),
    nodeId: "bench",
    logName: log.name,
    connections: () => 0,
    readiness: new Readiness(),
    scryptCost: 1024,
    exports: new RenderPool(),
    limits: { ...defaultApiLimits(limiter()), publicPerIp: limiter() },
    readSide: cachedReads(),
  })
  const created = await app.fetch(
    new Request("http://localhost/api/organizations", {
      method: "POST",
      headers: { "content-type": "application/json", "x-studio-peer": "127.0.0.1" },
      body: JSON.stringify({
        tenant: "bench",
        name: "Bench",
        admin: { email: "admin@bench.example", name: "Admin", password: "a long bench password" },
      }),
    }),
  )
  const { token } = (await created.json()) as { token: string }
  if (which === "node") serve({ fetch: app.fetch, port: PORTS.node, hostname: "127.0.0.1" })
  else
    await uwsTransport.listen({
      port: PORTS.uws,
      host: "127.0.0.1",
      maxFrameBytes: 1024,
      frameCeilingBytes: 4096,
      maxBackpressureBytes: 1 << 20,
      idleTimeoutSeconds: 60,
      live: () => {
        throw new Error("no live sockets in this benchmark")
      },
      fetch: app.fetch,
    })
  console.log(`ready ${token}`)
}

/** The floor: uWS answering each path with a fixed JSON body, as a handler that did no work would. */
const serveBare = () => {
  const health = JSON.stringify({ status: "ok", node: "bench", log: "memory", connections: 0 })
  uWS
    .App()
    .get("/api/health", (res) => void res.cork(() => res.writeStatus("200 OK").writeHeader("content-type", "application/json").end(health)))
    .get("/*", (res) => void res.cork(() => res.writeStatus("200 OK").writeHeader("content-type", "application/json").end(CACHED_PAGE)))
    .listen("127.0.0.1", PORTS.bare, (socket) => {
      if (!socket) throw new Error(`cannot listen on ${PORTS.bare}`)
      console.log("ready -")
    })
}

/** CPU seconds (user + system, all threads) the process has used so far. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
  return (Number(fields[11]) + Number(fields[12])) / 100
}

interface Case {
  readonly name: string
  readonly path: string
  readonly auth: boolean
  readonly revalidate?: boolean
}

const CASES: readonly Case[] = [
  { name: "health", path: "/api/health", auth: false },
  { name: "authenticated read (/api/users)", path: "/api/users", auth: true },
  { name: "cached read-model list", path: "/api/sessions?limit=20", auth: true },
  { name: "revalidation (304)", path: "/api/sessions?limit=20", auth: true, revalidate: true },
]

interface Figures {
  rps: number
  p50: number
  p99: number
  cpuUsPerRequest: number
  failures: number
}

const start = async (which: Server): Promise<{ child: ChildProcess; token: string }> => {
  const nodeArgs = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "bench/gateway/http-servers.ts", `serve-${which}`], {
    stdio: ["ignore", "pipe", "inherit"],
  })
  const token = await new Promise<string>((resolve, reject) => {
    let seen = ""
    child.stdout!.on("data", (chunk) => {
      seen += String(chunk)
      const match = /ready (\S+)/.exec(seen)
      if (match) resolve(match[1]!)
    })
    child.once("exit", (code) => reject(new Error(`${which} exited with ${code}`)))
  })
  return { child, token }
}

const measureCase = async (which: Server, token: string, pid: number, c: Case, seconds: number): Promise<Figures> => {
  const url = `http://127.0.0.1:${PORTS[which]}${c.path}`
  const headers: Record<string, string> = c.auth ? { authorization: `Bearer ${token}` } : {}
  let expect304 = false
  if (c.revalidate && which !== "bare") {
    const etag = (await fetch(url, { headers })).headers.get("etag")
    if (!etag) throw new Error(`${which} ${c.path}: no ETag`)
    headers["if-none-match"] = etag
    expect304 = true
  }
  await autocannon({ url, headers, connections: 50, duration: 1 })
  const before = cpuSeconds(pid)
  const r = await autocannon({ url, headers, connections: 50, duration: seconds })
  const used = cpuSeconds(pid) - before
  const unexpected = expect304 ? r.requests.total - r["3xx"] : r.non2xx
  return {
    rps: r.requests.average,
    p50: r.latency.p50 ?? Number.NaN,
    p99: r.latency.p99 ?? Number.NaN,
    cpuUsPerRequest: r.requests.total ? (used * 1e6) / r.requests.total : Number.NaN,
    failures: r.errors + r.timeouts + unexpected,
  }
}

const mode = process.argv[2] ?? ""
if (mode.startsWith("serve-")) {
  // An orderly exit, so that a --cpu-prof profile is written.
  process.on("SIGINT", () => process.exit(0))
  await serveOne(mode.slice(6) as Server)
} else {
  const args = process.argv.slice(2)
  const flag = (name: string) => {
    const i = args.indexOf(name)
    return i >= 0 ? args.splice(i, 2)[1] : undefined
  }
  const out = flag("--out")
  const only = flag("--only")?.split(",") as Server[] | undefined
  const seconds = Number(args[0] || 5)
  const rounds = Number(args[1] ?? 3)
  const servers = only ?? (["uws", "node", "bare"] as const)
  const load = loadavg().map((l) => l.toFixed(2))
  console.log(`${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, load average ${load.join(" ")} at start`)
  console.log(`50 connections, ${rounds} alternating rounds of ${seconds} s per case, median of rounds shown; not pinned`)
  const results = new Map<string, Figures[]>()
  for (let round = 0; round < rounds; round++) {
    for (const which of servers) {
      const { child, token } = await start(which)
      for (const c of CASES) {
        if (which === "bare" && c.revalidate) continue
        const figures = await measureCase(which, token, child.pid!, c, seconds)
        const key = `${c.name}|${which}`
        results.set(key, [...(results.get(key) ?? []), figures])
        console.log(
          `  round ${round + 1} ${LABEL[which]} ${c.name}: ${Math.round(figures.rps)} req/s p99 ${figures.p99} ms ${figures.cpuUsPerRequest.toFixed(1)} µs CPU/req`,
        )
      }
      child.kill("SIGINT")
      await new Promise((resolve) => child.once("exit", resolve))
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
  }
  const summary: Record<string, Record<string, Figures>> = {}
  console.log(
    "\n| case | server | req/s | p50 ms | p99 ms | CPU µs/req | req/s vs node-server | req/s vs bare uWS | CPU/req vs node-server | CPU/req vs bare uWS |",
  )
  console.log("|---|---|---|---|---|---|---|---|---|---|")
  for (const c of CASES) {
    const row: Record<string, Figures> = {}
    for (const which of servers) {
      const all = results.get(`${c.name}|${which}`)
      if (!all) continue
      row[which] = {
        rps: median(all.map((f) => f.rps)),
        p50: median(all.map((f) => f.p50)),
        p99: median(all.map((f) => f.p99)),
        cpuUsPerRequest: median(all.map((f) => f.cpuUsPerRequest)),
        failures: all.reduce((n, f) => n + f.failures, 0),
      }
    }
    summary[c.name] = row
    const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (a / b).toFixed(2) : "-")
    for (const which of servers) {
      const f = row[which]
      if (!f) continue
      console.log(
        `| ${c.name} | ${LABEL[which]} | ${Math.round(f.rps)} | ${f.p50} | ${f.p99} | ${f.cpuUsPerRequest.toFixed(1)} | ${ratio(f.rps, row["node"]?.rps)} | ${ratio(f.rps, row["bare"]?.rps)} | ${ratio(f.cpuUsPerRequest, row["node"]?.cpuUsPerRequest)} | ${ratio(f.cpuUsPerRequest, row["bare"]?.cpuUsPerRequest)} |${f.failures ? ` ${f.failures} failed` : ""}`,
      )
    }
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} at end`,
  )
  if (out) writeFileSync(out, JSON.stringify({ loadAtStart: load, loadAtEnd: loadavg(), seconds, rounds, summary }, null, 2))
}
