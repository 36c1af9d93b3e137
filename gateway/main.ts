/**
 * `npm start`: one Studio node. Opens the event log the environment names
 * (embedded under STUDIO_DATA_DIR, or JetStream when NATS_URL is set), starts
 * the actor runtime, the live endpoint and the HTTP API on PORT, and the read
 * side (read store, projections, read API) in a worker thread; serves the
 * web apps (built first when missing or stale) on the same port, over HTTPS
 * when STUDIO_TLS_CERT/STUDIO_TLS_KEY are set; shares presence with the
 * other nodes through Redis when REDIS_URL is set; seeds the demo organizations
 * on first start, and drains on SIGTERM/SIGINT.
 */
import { Effect } from "effect"
import { hostname } from "node:os"
import { actorKinds } from "../actors/index.ts"
import { loadConfig } from "../engine/config.ts"
import { signalHead } from "../engine/eventlog/head-signal.ts"
import { openEventLog } from "../engine/eventlog/open.ts"
import { makeActorSystem } from "../engine/runtime/runtime.ts"
import { NodeInsights } from "../ml/insights/live/node-insights.ts"
import { readSideRetriever } from "../ml/coach/read-side-retriever.ts"
import { languageModelFromEnv } from "../ml/llm/configure.ts"
import { analyticsExportFromEnv, DEFAULT_CACHE_SETTINGS, describeAnalyticsExport, readStoreConfig } from "../projections/index.ts"
import { embeddingsConfigFromEnv } from "../ml/embeddings/config.ts"
import { metricsAccessFromEnv } from "./auth/metrics-access.ts"
import { tokenSettingsFromEnv } from "./auth/token-config.ts"
import { openCachePort } from "./cache/open.ts"
import { makeTokens } from "./auth/tokens.ts"
import { renderPoolSettingsFromEnv } from "./export/pool-settings.ts"
import { RenderPool } from "./export/render-pool.ts"
import { startGateway } from "./gateway.ts"
import { trustedProxiesFromEnv } from "./http/client-address.ts"
import { liveLimitsFromEnv } from "./live/limits-config.ts"
import { Readiness } from "./readiness.ts"
import { seedDemo } from "./seed.ts"
import { BUILD_HINT } from "./static/serve-web.ts"
import { prepareWebApps, webBuildPaths } from "./static/web-build.ts"
import { launchReadSide } from "./read-side.ts"
import { selectTransport } from "./transport/select.ts"
import { tlsFromEnv } from "./transport/tls.ts"

const SHUTDOWN_GRACE_MS = 5_000
const READ_MODELS = "read models"
const ACCOUNTS = "accounts"

const main = async () => {
  // First, so a runtime without a usable transport stops before the log is opened.
  const transport = await selectTransport()
  const config = loadConfig(process.env)
  const tokens = makeTokens(tokenSettingsFromEnv(process.env, (line) => console.warn(line)))
  const metrics = metricsAccessFromEnv(process.env)
  // Read before the log opens, so a bad value stops the start before anything is touched.
  const trustedProxies = trustedProxiesFromEnv(process.env)
  const live = liveLimitsFromEnv(process.env)
  const exportSettings = renderPoolSettingsFromEnv(process.env)
  const tls = tlsFromEnv(process.env)
  // The coach's model: the extractive coach by default, an OpenAI-compatible server when configured.
  const coachModel = languageModelFromEnv(process.env)
  // The read-side worker makes its embeddings from the same variables; checked here so a bad one stops the start.
  embeddingsConfigFromEnv(process.env)
  // The read-side worker ships analytics facts to the sink these name, when they name one.
  const analyticsExport = analyticsExportFromEnv(process.env)
  // STUDIO_WEB_DIR (default web/dist): where the web apps are built and served from.
  const web = webBuildPaths(process.env["STUDIO_WEB_DIR"] || undefined)
  // Facilitator insights see every commit this node appends (ml/insights/live/node-insights.ts).
  const insights = NodeInsights.fromEnv(process.env)
  // Before the log opens, so an unreachable REDIS_URL stops the start before anything is touched.
  const cache = await openCachePort(config.cache)
  // The read-side worker reads the log itself; `heads` tells it when the durable head moved.
  const heads = signalHead(insights.tap(await openEventLog(config.eventLog)))
  const log = heads.log
  const system = makeActorSystem({ log, kinds: actorKinds })
  // Read models may trail by a tenth of a second; in return each runner applies
  // commits in batches instead of one small transaction every few ms, which
  // costs more CPU in all (measured with the live bench).
  // The read store opens in its worker (seconds on a fresh data dir) while the node
  // already listens and seeds: health says `starting` until both are done.
  const { readSide, ready: readModelsReady } = launchReadSide(log, {
    store: readStoreConfig(process.env),
    log: config.eventLog,
    heads,
    idleMs: { min: 100, max: 500 },
    cache: { ...DEFAULT_CACHE_SETTINGS, maxEntries: config.readCacheEntries },
    ...(analyticsExport ? { analyticsExport } : {}),
  })
  console.log(describeAnalyticsExport(analyticsExport))
  const readiness = new Readiness([READ_MODELS, ACCOUNTS])
  readModelsReady.then(
    () => readiness.done(READ_MODELS),
    () => undefined,
  )
  // Before listening, so `/` never serves a build older than its sources; nothing to do when current.
  await prepareWebApps(web, (line) => console.log(line))
  const gateway = await startGateway({
    log,
    system,
    tokens,
    port: config.port,
    nodeId: `${hostname()}-${process.pid}`,
    readSide,
    coach: { retriever: readSideRetriever(readSide), model: coachModel },
    insights,
    transport,
    readiness,
    metrics,
    trustedProxies,
    live,
    exports: new RenderPool(exportSettings),
    web: { dir: web.outDir },
    cache,
    ...(tls ? { tls } : {}),
  })
  const scheme = tls ? "https" : "http"
  console.log(
    `studio listening on :${gateway.port} (${scheme}; console at /, participants at /join, live at /live, API at /api, event log ${log.name}, presence ${cache.name}, ${transport.name}); starting`,
  )
  if (gateway.web?.state === "missing") console.warn(`web apps: not built (${gateway.web.detail}); / answers 503 until they are: ${BUILD_HINT}`)

  // A read store that cannot open is a configuration error: one line and exit 1 (main's catch).
  await readModelsReady
  // The directory is a read model: seeding asks it whether the demo organizations exist.
  const seed = await seedDemo(system, gateway.directory, process.env)
  readiness.done(ACCOUNTS)
  if (seed.seeded) {
    const how = seed.generated ? `password ${seed.password} (set STUDIO_DEMO_PASSWORD to choose it)` : "the password from STUDIO_DEMO_PASSWORD"
    console.log(`seeded demo accounts facilitator@demo.example, participant1..3@demo.example and admin@other.example with ${how}`)
  }
  console.log(`studio ready on :${gateway.port}`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: draining connections`)
    await gateway.stop(SHUTDOWN_GRACE_MS)
    await cache.close()
    await Effect.runPromise(system.shutdown())
    await readSide.stop()
    await Effect.runPromise(log.close())
    console.log("stopped")
    process.exit(0)
  }
  process.on("SIGTERM", () => void stop("SIGTERM"))
  process.on("SIGINT", () => void stop("SIGINT"))
}

// Socket callbacks and routes have their own boundaries (live/socket-boundary.ts, Hono's onError); a promise
// rejected outside them is a bug to log, not a reason to drop every live session on the node (Node's default).
process.on("unhandledRejection", (reason) => {
  console.error(
    JSON.stringify({
      level: "error",
      message: "unhandled rejection",
      error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    }),
  )
})

main().catch((error: unknown) => {
  // Configuration and start-up problems are one line naming the variable and the fix.
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
