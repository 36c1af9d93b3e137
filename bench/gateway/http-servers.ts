/**
 * Measures the two ways of serving the Hono API: the uWS bridge in
 * transport/uws.ts, and @hono/node-server. Each server runs in its own child
 * process; autocannon (50 connections) hits GET /api/health. Run:
 *   npx tsx bench/gateway/http-servers.ts [seconds]
 */
import { Readiness } from "../../gateway/readiness.ts"
import { spawn } from "node:child_process"
import { serve } from "@hono/node-server"
import autocannon from "autocannon"
import { openMemoryLog } from "../../engine/eventlog/testing/memory-log.ts"
import { makeActorSystem } from "../../engine/runtime/runtime.ts"
import { KeyedLimiter } from "../../gateway/auth/rate-limit.ts"
import { makeTokens } from "../../gateway/auth/tokens.ts"
import { Directory } from "../../gateway/directory.ts"
import { RenderPool } from "../../gateway/export/render-pool.ts"
import { makeApi } from "../../gateway/http/app.ts"
import { defaultApiLimits } from "../../gateway/http/deps.ts"
import { uwsTransport } from "../../gateway/transport/uws.ts"

const PORTS = { uws: 18181, node: 18182 } as const
type Server = keyof typeof PORTS

const serveOne = async (which: Server) => {
  const log = openMemoryLog()
  const system = makeActorSystem({ log, kinds: {} })
  const limiter = () => new KeyedLimiter(1e9, 1e9)
  const app = makeApi({
    system,
    directory: await Directory.open(log, system),
    tokens: makeTokens({ secret: new Uint8Array(32), accessTtlSeconds: 60, refreshTtlSeconds: 60 }),
    nodeId: "bench",
    logName: log.name,
    connections: () => 0,
    readiness: new Readiness(),
    scryptCost: 1024,
    exports: new RenderPool(),
    limits: { ...defaultApiLimits(limiter()), publicPerIp: limiter() },
  })
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
  console.log("ready")
}

const measure = async (which: Server, seconds: number) => {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/gateway/http-servers.ts", `serve-${which}`], {
    stdio: ["ignore", "pipe", "inherit"],
  })
  await new Promise<void>((resolve) => child.stdout!.on("data", (chunk) => String(chunk).includes("ready") && resolve()))
  const url = `http://127.0.0.1:${PORTS[which]}/api/health`
  await autocannon({ url, connections: 50, duration: 1 })
  const result = await autocannon({ url, connections: 50, duration: seconds })
  child.kill()
  return result
}

const mode = process.argv[2] ?? ""
if (mode.startsWith("serve-")) await serveOne(mode.slice(6) as Server)
else {
  const seconds = Number(mode || 5)
  const rounds = Number(process.argv[3] ?? 3)
  // Rounds alternate the two servers, and the best round of each is kept: the machine is shared, so noise only ever slows.
  console.log(`GET /api/health, 50 connections, ${rounds} alternating rounds of ${seconds} s, best round shown`)
  const best = new Map<Server, Awaited<ReturnType<typeof measure>>>()
  for (let round = 0; round < rounds; round++) {
    for (const which of ["uws", "node"] as const) {
      const r = await measure(which, seconds)
      if (!best.has(which) || r.requests.average > best.get(which)!.requests.average) best.set(which, r)
    }
  }
  for (const [which, r] of best) {
    console.log(
      `${which === "uws" ? "uWS bridge       " : "@hono/node-server"}  ${Math.round(r.requests.average)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors + r.non2xx}`,
    )
  }
}
