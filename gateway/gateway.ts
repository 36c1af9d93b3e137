/**
 * One gateway node: the live endpoint and the HTTP API on one port, over an
 * actor system and its event log. `stop` drains: stop accepting, let
 * in-flight commands ack, close sockets with 4009.
 */
import type { EventLog } from "../engine/eventlog/port.ts"
import type { ActorSystem } from "../engine/runtime/api.ts"
import type { ReadSide } from "../projections/read-side/read-side.ts"
import type { NodeInsights } from "../ml/insights/live/node-insights.ts"
import { DEFAULT_SCRYPT_COST } from "./auth/passwords.ts"
import type { CachePort } from "./cache/port.ts"
import type { Tokens } from "./auth/tokens.ts"
import { openDirectory, type Directory } from "./directory.ts"
import { renderPoolSettingsFromEnv } from "./export/pool-settings.ts"
import { RenderPool, type ExportRenderer } from "./export/render-pool.ts"
import { makeApi } from "./http/app.ts"
import { trustedProxiesFromEnv, type ClientAddressEnv, type TrustedProxies } from "./http/client-address.ts"
import { defaultApiLimits, type ApiDeps, type ApiLimits } from "./http/deps.ts"
import type { LiveSettings } from "./live/context.ts"
import { liveLimitsFromEnv } from "./live/limits-config.ts"
import { LiveServer } from "./live/live-server.ts"
import { guardAccept } from "./live/socket-boundary.ts"
import type { MetricsAccess } from "./auth/metrics-access.ts"
import { Readiness } from "./readiness.ts"
import { loadWebContent, webHandler, type WebContent } from "./static/serve-web.ts"
import { selectTransport } from "./transport/select.ts"
import type { TlsFiles } from "./transport/tls.ts"
import type { Transport } from "./transport/transport.ts"

export interface GatewayOptions {
  readonly log: EventLog
  readonly system: ActorSystem
  readonly tokens: Tokens
  readonly port: number
  readonly host?: string
  readonly nodeId?: string
  readonly live?: Partial<LiveSettings>
  /** Bytes above which the transport drops a frame unread (default: 4x the frame limit). */
  readonly frameCeilingBytes?: number
  readonly scryptCost?: number
  /** Proxies whose X-Forwarded-For names the client (default: STUDIO_TRUSTED_PROXIES). */
  readonly trustedProxies?: TrustedProxies
  /** Replaces some of the HTTP limits (tests); commandsPerUser is the live server's unless given. */
  readonly limits?: Partial<ApiLimits>
  /** Default: the one for this runtime (transport/select.ts). */
  readonly transport?: Transport
  /** Who may read /api/metrics (default: metrics off). */
  readonly metrics?: MetricsAccess
  /** What /api/health waits for before it says ok (default: nothing, ready once listening). */
  readonly readiness?: Readiness
  /** The read side: its queries, served under /api with /api/metrics, and the directory's read model. */
  readonly readSide?: ReadSide
  /** The AI coach's retriever and language model (the coach routes answer 501 without). */
  readonly coach?: ApiDeps["coach"]
  /** Facilitator insights, fed by `insights.tap(log)` (the log the runtime appends to); read back from the log before listening. */
  readonly insights?: NodeInsights
  /** Renders PNG/PDF exports; default: a worker pool set by STUDIO_EXPORT_* (stopped with the gateway either way). */
  readonly exports?: ExportRenderer
  /**
   * Serve the built web apps from `dir` (read into memory now) on this port: the
   * console at `/`, the participant app at `/join` and `/j/:code` (static/serve-web.ts).
   * Off by default; main.ts turns it on after making sure the build is current.
   */
  readonly web?: { readonly dir: string }
  /** HTTPS and WSS with this certificate and key (transport/tls.ts checks them); plain without. */
  readonly tls?: TlsFiles
  /** What this node shares with the others: presence, caches (gateway/cache). Default: this node alone. Not closed by `stop`. */
  readonly cache?: CachePort
}

export interface Gateway {
  readonly port: number
  readonly live: LiveServer
  readonly directory: Directory
  /** What the web apps serve, when `web` was given. */
  readonly web?: WebContent
  stop(graceMs?: number): Promise<void>
}

export const startGateway = async (options: GatewayOptions): Promise<Gateway> => {
  const nodeId = options.nodeId ?? `node-${process.pid}`
  const trustedProxies = options.trustedProxies ?? trustedProxiesFromEnv(process.env)
  const liveSettings = { ...liveLimitsFromEnv(process.env), ...options.live }
  const exports = options.exports ?? new RenderPool(renderPoolSettingsFromEnv(process.env))
  // With a read side, the directory is its read model; without one (tests, tools), a fold of the log.
  const directory = await openDirectory(options.log, options.system, options.readSide)
  await options.insights?.catchUp(options.log)
  const live = new LiveServer({
    system: options.system,
    tokens: options.tokens,
    nodeId,
    settings: liveSettings,
    trustedProxies,
    ...(options.cache ? { presenceBus: options.cache.presence } : {}),
  })
  const readiness = options.readiness ?? new Readiness()
  const api = makeApi({
    system: options.system,
    directory,
    tokens: options.tokens,
    nodeId,
    logName: options.log.name,
    log: options.log,
    readiness,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    connections: () => live.connectionCount,
    scryptCost: options.scryptCost ?? DEFAULT_SCRYPT_COST,
    exports,
    ...(options.readSide ? { readSide: options.readSide } : {}),
    ...(options.coach ? { coach: options.coach } : {}),
    ...(options.insights ? { insights: options.insights.engine } : {}),
    // One per-user command allowance for HTTP and live alike.
    limits: { ...defaultApiLimits(live.commandsPerUser), ...options.limits },
  })
  const web = options.web ? await loadWebContent(options.web.dir) : undefined
  const serveWeb = web ? webHandler(web) : undefined
  const serveApi = (request: Request) => api.fetch(request, { trustedProxies } satisfies ClientAddressEnv)
  const maxFrameBytes = live.settings.maxFrameBytes
  const listening = await (options.transport ?? (await selectTransport())).listen({
    port: options.port,
    host: options.host ?? "0.0.0.0",
    maxFrameBytes,
    frameCeilingBytes: options.frameCeilingBytes ?? maxFrameBytes * 4,
    maxBackpressureBytes: live.settings.maxBufferedBytes * 4 + maxFrameBytes * 4,
    idleTimeoutSeconds: 120,
    live: guardAccept(live.accept),
    ...(options.tls ? { tls: options.tls } : {}),
    // The web apps answer GET and HEAD outside /api and /live; everything else is the API's, as before.
    fetch: serveWeb ? (request) => serveWeb(request) ?? serveApi(request) : serveApi,
  })
  let stopped: Promise<void> | undefined
  return {
    port: listening.port,
    live,
    directory,
    ...(web ? { web } : {}),
    stop: (graceMs = 5_000) =>
      (stopped ??= (async () => {
        readiness.stop()
        listening.stopAccepting()
        await live.drain(graceMs)
        await exports.stop()
        options.insights?.stop()
        directory.close()
      })()),
  }
}
