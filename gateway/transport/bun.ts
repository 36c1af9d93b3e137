/**
 * The transport on Bun.serve (Bun's own fork of uWebSockets): /live
 * WebSockets and the HTTP API on one port (over TLS with Bun.serve's `tls`
 * when a certificate is configured), with the fetch handler served as Bun
 * hands it over (no bridge). Loaded only under Bun (select.ts).
 *
 * Differences from uws.ts (bun-node.test.ts and topics.contract.test.ts check them):
 * - A frame above the ceiling makes Bun refuse it at its header and close the
 *   socket with 1009 (uws.ts reads frames up to 4x the ceiling to close them
 *   with 1009 itself).
 * - Text frames arrive as strings; the gateway refuses them without reading.
 * - An HTTP body announced over 1 MiB gets the same 413 problem as on uws.ts;
 *   a chunked one past 2 MiB gets Bun's own 413, with an empty body.
 * - Unsubscribing loses nothing published before it, even with megabytes
 *   queued in the same tick, so no ping goes out first as in uws.ts.
 * - `request.url` arrives with dot segments (`..`, `%2e%2e`) already resolved,
 *   so the web apps' handler cannot refuse them with a 400 as on uws.ts; the
 *   resolved path is served (an asset or the console page), never anything
 *   outside the build, which is looked up in memory by name.
 */
import { readFileSync } from "node:fs"
import { PEER_HEADER } from "../http/define.ts"
import { problemResponse } from "../http/problem.ts"
import type { LiveSocket, Listening, ListenOptions, SocketHandler, Transport } from "./transport.ts"

const MAX_HTTP_BODY_BYTES = 1024 * 1024
const LIVE_PATH = "/live"

// The few Bun types used here, so the project's typecheck needs no @types/bun (Bun is a devDependency binary only).
interface BunSocket {
  readonly data: SocketData
  readonly remoteAddress: string
  send(data: Uint8Array, compress?: boolean): number
  close(code?: number, reason?: string): void
  terminate(): void
  subscribe(topic: string): void
  unsubscribe(topic: string): void
  getBufferedAmount(): number
}
interface BunServer {
  readonly port: number
  upgrade(request: Request, options: { data: SocketData }): boolean
  publish(topic: string, data: Uint8Array, compress?: boolean): number
  requestIP(request: Request): { address: string } | null
  stop(closeActiveConnections?: boolean): void
}
interface BunServeOptions {
  port: number
  hostname: string
  tls?: { cert: string; key: string }
  maxRequestBodySize: number
  fetch(request: Request, server: BunServer): Response | Promise<Response> | undefined
  error(error: Error): Response
  websocket: {
    maxPayloadLength: number
    backpressureLimit: number
    closeOnBackpressureLimit: boolean
    idleTimeout: number
    sendPings: boolean
    perMessageDeflate: boolean
    open(ws: BunSocket): void
    message(ws: BunSocket, message: string | Uint8Array): void
    close(ws: BunSocket, code: number, reason: string): void
  }
}
interface BunGlobal {
  serve(options: BunServeOptions): BunServer
}

interface SocketData {
  handler?: SocketHandler
  closed: boolean
  forwardedFor: string
}

const bunGlobal = (): BunGlobal => {
  const bun = (globalThis as { Bun?: BunGlobal }).Bun
  if (!bun) throw new Error("gateway/transport/bun.ts needs the Bun runtime: start the node with `bun gateway/main.ts` (or use uws.ts on Node 20).")
  return bun
}

const textEncoder = new TextEncoder()

const wrapSocket = (server: BunServer, ws: BunSocket): LiveSocket => {
  const data = ws.data
  return {
    remoteAddress: ws.remoteAddress,
    ...(data.forwardedFor ? { forwardedFor: data.forwardedFor } : {}),
    subscribe: (topic) => {
      if (!data.closed) ws.subscribe(topic)
    },
    unsubscribe: (topic) => {
      if (!data.closed) ws.unsubscribe(topic)
    },
    publish: (topic, bytes) => void server.publish(topic, bytes, false),
    send: (bytes) => {
      if (!data.closed) ws.send(bytes, false)
    },
    bufferedAmount: () => (data.closed ? 0 : ws.getBufferedAmount()),
    close: (code, reason) => {
      if (data.closed) return
      data.closed = true
      ws.close(code, reason)
    },
    terminate: () => {
      // After a graceful `close` the socket may still linger waiting for the peer; force it down.
      try {
        ws.terminate()
      } catch {
        // Already gone.
      }
      data.closed = true
    },
  }
}

/** The HTTP API gets the peer's address in PEER_HEADER, never the client's own (Bun's request headers are mutable). */
const serveHttp = (fetch: ListenOptions["fetch"], request: Request, server: BunServer): Response | Promise<Response> => {
  request.headers.set(PEER_HEADER, server.requestIP(request)?.address ?? "unknown")
  return fetch(request)
}

export const bunTransport: Transport = {
  name: "Bun.serve",
  listen: async (options) => {
    const bun = bunGlobal()
    let server: BunServer
    try {
      server = bun.serve({
        port: options.port,
        hostname: options.host,
        // Certificate and key were read and matched at start (tls.ts).
        ...(options.tls ? { tls: { cert: readFileSync(options.tls.certFile, "utf8"), key: readFileSync(options.tls.keyFile, "utf8") } } : {}),
        // Past this Bun answers 413 itself with an empty body; a chunked body between the two limits reaches the handler, which reads at most this much.
        maxRequestBodySize: MAX_HTTP_BODY_BYTES * 2,
        fetch: (request, self) => {
          if (request.headers.get("upgrade")?.toLowerCase() === "websocket" && new URL(request.url).pathname === LIVE_PATH) {
            if (self.upgrade(request, { data: { closed: false, forwardedFor: request.headers.get("x-forwarded-for") ?? "" } })) return undefined
            return new Response("expected a WebSocket upgrade", { status: 400 })
          }
          // A declared body over the limit gets the same problem document as on uWS; Bun itself refuses only past its own, larger limit.
          if (Number(request.headers.get("content-length") ?? 0) > MAX_HTTP_BODY_BYTES)
            return problemResponse("too_large", `a request body may be at most ${MAX_HTTP_BODY_BYTES} bytes`)
          return serveHttp(options.fetch, request, self)
        },
        error: (error) => {
          console.error(JSON.stringify({ level: "error", message: "http handler failed", error: String(error) }))
          return new Response(null, { status: 500 })
        },
        websocket: {
          maxPayloadLength: options.frameCeilingBytes,
          backpressureLimit: options.maxBackpressureBytes,
          closeOnBackpressureLimit: false,
          idleTimeout: options.idleTimeoutSeconds,
          sendPings: true,
          perMessageDeflate: false,
          open: (ws) => {
            ws.data.handler = options.live(wrapSocket(server, ws))
          },
          message: (ws, message) => {
            const handler = ws.data.handler
            if (!handler) return
            // Bun gives each message its own buffer (unlike uWS.js), so it is handed on without a copy.
            const bytes = typeof message === "string" ? textEncoder.encode(message) : message
            if (bytes.byteLength > options.maxFrameBytes) return handler.onOversize(bytes.byteLength)
            handler.onFrame(bytes, typeof message !== "string")
          },
          close: (ws, code) => {
            ws.data.closed = true
            ws.data.handler?.onClose(code)
          },
        },
      })
    } catch (error) {
      throw new Error(
        `PORT: cannot listen on ${options.host}:${options.port} (${error instanceof Error ? error.message : String(error)}). Choose another PORT.`,
      )
    }
    return {
      port: server.port,
      // `false` leaves open sockets to the gateway's drain; publishes and closes keep working on them.
      stopAccepting: () => server.stop(false),
    }
  },
}
