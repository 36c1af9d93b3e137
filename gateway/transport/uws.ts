/**
 * The transport on uWebSockets.js: /live WebSockets and the HTTP API on one
 * port, over TLS (uWS.SSLApp) when a certificate is configured. The HTTP
 * side is a small bridge from uWS requests to a fetch handler (Hono, and the
 * web apps), measured against @hono/node-server in bench/gateway/http-servers.ts.
 */
import { STATUS_CODES } from "node:http"
import uWS from "uWebSockets.js"
import { PEER_HEADER } from "../http/define.ts"
import { INTERNAL_DETAIL, problemDocument, problemResponse } from "../http/problem.ts"
import type { LiveSocket, Listening, ListenOptions, SocketHandler, Transport } from "./transport.ts"

const NATIVE_ABI = "115"
const MAX_HTTP_BODY_BYTES = 1024 * 1024

/** uWS.js silently falls back to a slow JS server on other Node versions; refuse to run on it. */
export const assertNativeUws = (): void => {
  if (process.versions.modules !== NATIVE_ABI || /^(1|true)$/i.test(process.env["UWS_USE_FALLBACK"] ?? "")) {
    throw new Error(
      `uWebSockets.js has no native build for this Node (ABI ${process.versions.modules}, need ${NATIVE_ABI}): run the gateway on Node 20 and unset UWS_USE_FALLBACK.`,
    )
  }
}

interface SocketData {
  handler?: SocketHandler
  closed: boolean
  forwardedFor: string
}

const decoder = new TextDecoder()

/**
 * uWS.js refuses a frame over its `maxPayloadLength` at the header by dropping
 * the TCP connection, so the client sees 1006 and never the 1009 (Message Too
 * Big) protocol.md promises. So uWS reads frames up to this many times the
 * ceiling (memory per socket stays bounded), and the gateway closes with 1009
 * those over the ceiling; only a frame past that read limit still drops the
 * connection without a close frame.
 */
const READ_LIMIT_FACTOR = 4
const MESSAGE_TOO_BIG = 1009

const closeTooBig = (ws: uWS.WebSocket<SocketData>): void => {
  const data = ws.getUserData()
  if (data.closed) return
  data.closed = true
  ws.end(MESSAGE_TOO_BIG, "message too big")
}

const wrapSocket = (app: uWS.TemplatedApp, ws: uWS.WebSocket<SocketData>, remoteAddress: string): LiveSocket => {
  const data = ws.getUserData()
  return {
    remoteAddress,
    ...(data.forwardedFor ? { forwardedFor: data.forwardedFor } : {}),
    subscribe: (topic) => {
      if (!data.closed) ws.subscribe(topic)
    },
    unsubscribe: (topic) => {
      if (data.closed) return
      // uWS drops a subscriber's published frames not yet written when it unsubscribes; any
      // send writes them first, and a ping (which every WebSocket client answers by itself) is the one send that adds no frame for the application.
      ws.ping()
      ws.unsubscribe(topic)
    },
    publish: (topic, bytes) => void app.publish(topic, bytes, true),
    send: (bytes) => {
      if (!data.closed) ws.send(bytes, true)
    },
    bufferedAmount: () => (data.closed ? 0 : ws.getBufferedAmount()),
    close: (code, reason) => {
      if (data.closed) return
      data.closed = true
      ws.end(code, reason)
    },
    terminate: () => {
      // After a graceful `close` the socket may still linger waiting for the peer; force it down.
      try {
        ws.close()
      } catch {
        // Already gone.
      }
      data.closed = true
    },
  }
}

const readBody = (res: uWS.HttpResponse, onAborted: () => void): Promise<Uint8Array | "too_large"> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    res.onAborted(onAborted)
    res.onData((chunk, isLast) => {
      size += chunk.byteLength
      if (size > MAX_HTTP_BODY_BYTES) return resolve("too_large")
      chunks.push(Buffer.from(chunk.slice(0)))
      if (isLast) resolve(Buffer.concat(chunks))
    })
  })

/**
 * Hono reads only url, method, headers and the body methods of a request;
 * building a full undici Request per call costs more than the rest of the
 * bridge (see gateway/README.md for the figures).
 */
const lightRequest = (url: string, method: string, headers: Headers, body: Uint8Array | undefined): Request => {
  const bytes = body ?? new Uint8Array(0)
  const text = () => Promise.resolve(decoder.decode(bytes))
  return {
    url,
    method,
    headers,
    signal: undefined,
    text,
    json: () => text().then((t) => JSON.parse(t)),
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
    blob: () => Promise.resolve(new Blob([bytes.slice()])),
    formData: () => new Request(url, { method, headers, body: bytes.slice() }).formData(),
  } as unknown as Request
}

const bridgeHttp = (fetch: ListenOptions["fetch"]) => (res: uWS.HttpResponse, req: uWS.HttpRequest) => {
  // The request object is only valid until the first await: copy what we need now.
  const method = req.getCaseSensitiveMethod().toUpperCase()
  const query = req.getQuery()
  const headers = new Headers()
  req.forEach((key, value) => headers.append(key, value))
  headers.set(PEER_HEADER, decoder.decode(res.getRemoteAddressAsText()))
  const url = `http://${headers.get("host") ?? "localhost"}${req.getUrl()}${query ? `?${query}` : ""}`
  let aborted = false
  const hasBody = method !== "GET" && method !== "HEAD"
  void (async () => {
    const announced = Number(headers.get("content-length") ?? 0)
    const body = !hasBody ? undefined : announced > MAX_HTTP_BODY_BYTES ? "too_large" : await readBody(res, () => void (aborted = true))
    if (body === "too_large" && announced > MAX_HTTP_BODY_BYTES) res.onAborted(() => void (aborted = true))
    if (!hasBody) res.onAborted(() => void (aborted = true))
    const response =
      body === "too_large"
        ? problemResponse("too_large", `a request body may be at most ${MAX_HTTP_BODY_BYTES} bytes`)
        : await fetch(lightRequest(url, method, headers, body))
    if (response.body && (response.headers.get("content-type") ?? "").startsWith("text/event-stream"))
      return streamEvents(res, response, () => aborted)
    const payload = method === "HEAD" ? new ArrayBuffer(0) : await response.arrayBuffer()
    if (aborted) return
    // A HEAD answer that states its length (the web apps' files) keeps it; a 304 has no body and says no length.
    const headLength = method === "HEAD" ? response.headers.get("content-length") : null
    res.cork(() => {
      res.writeStatus(`${response.status} ${response.statusText || STATUS_CODES[response.status] || "Unknown"}`)
      response.headers.forEach((value, key) => {
        if (key !== "content-length") res.writeHeader(key, value)
      })
      // (This uWS build's endWithoutBody(length) never completes the response: write the header ourselves.)
      if (response.status === 304) res.endWithoutBody()
      else if (headLength !== null && /^\d+$/.test(headLength)) res.writeHeader("content-length", headLength).endWithoutBody()
      else res.end(payload)
    })
  })().catch((error) => {
    if (aborted) return
    console.error(JSON.stringify({ level: "error", message: "http bridge failed", error: String(error) }))
    const problem = problemDocument("internal", INTERNAL_DETAIL)
    res.cork(() => res.writeStatus("500 Internal Server Error").writeHeader("content-type", "application/problem+json").end(problem))
  })
}

/**
 * Server-Sent Events (the coach's answers) go out as they come, each chunk
 * written in its own cork; uWS frames them with chunked encoding itself, so
 * the handler's own length and transfer-encoding headers are not copied. A
 * client that leaves cancels the stream, which ends the handler's writer.
 */
const streamEvents = async (res: uWS.HttpResponse, response: Response, aborted: () => boolean): Promise<void> => {
  const reader = response.body!.getReader()
  // This handler replaces the bridge's own: it keeps the client's leaving known here.
  let gone = aborted()
  res.onAborted(() => {
    gone = true
    void reader.cancel().catch(() => undefined)
  })
  if (gone) return void (await reader.cancel())
  res.cork(() => {
    res.writeStatus(`${response.status} ${response.statusText || STATUS_CODES[response.status] || "Unknown"}`)
    response.headers.forEach((value, key) => {
      if (key !== "content-length" && key !== "transfer-encoding") res.writeHeader(key, value)
    })
  })
  for (;;) {
    const { done, value } = await reader.read()
    if (gone) return
    if (done) return void res.cork(() => res.end())
    res.cork(() => res.write(value))
  }
}

/** uWS.js's typings lack the options argument of `listen`; the native build takes it (checked by uws-http.test.ts). */
const listenExclusive = (app: uWS.TemplatedApp, host: string, port: number, done: (socket: uWS.us_listen_socket | false) => void): void => {
  const native = app as unknown as { listen(host: string, port: number, options: number, cb: (socket: uWS.us_listen_socket | false) => void): void }
  native.listen(host, port, (uWS as unknown as { LIBUS_LISTEN_EXCLUSIVE_PORT: number }).LIBUS_LISTEN_EXCLUSIVE_PORT, done)
}

export const uwsTransport: Transport = {
  name: "uWebSockets.js",
  listen: (options) =>
    new Promise<Listening>((resolve, reject) => {
      assertNativeUws()
      // Certificate and key were read and matched at start (tls.ts); uSockets loads them from the files itself.
      const app = options.tls ? uWS.SSLApp({ cert_file_name: options.tls.certFile, key_file_name: options.tls.keyFile }) : uWS.App()
      app.ws<SocketData>("/live", {
        maxPayloadLength: options.frameCeilingBytes * READ_LIMIT_FACTOR,
        maxBackpressure: options.maxBackpressureBytes,
        closeOnBackpressureLimit: 0,
        idleTimeout: options.idleTimeoutSeconds,
        sendPingsAutomatically: true,
        upgrade: (res, req, context) => {
          res.upgrade<SocketData>(
            { closed: false, forwardedFor: req.getHeader("x-forwarded-for") },
            req.getHeader("sec-websocket-key"),
            req.getHeader("sec-websocket-protocol"),
            req.getHeader("sec-websocket-extensions"),
            context,
          )
        },
        open: (ws) => {
          const data = ws.getUserData()
          data.handler = options.live(wrapSocket(app, ws, decoder.decode(ws.getRemoteAddressAsText())))
        },
        message: (ws, message, isBinary) => {
          const handler = ws.getUserData().handler
          if (!handler) return
          if (message.byteLength > options.frameCeilingBytes) return closeTooBig(ws)
          if (message.byteLength > options.maxFrameBytes) return handler.onOversize(message.byteLength)
          // uWS reuses the buffer after this callback returns; decoded values must not point into it.
          handler.onFrame(new Uint8Array(message.slice(0)), isBinary)
        },
        close: (ws, code) => {
          const data = ws.getUserData()
          data.closed = true
          data.handler?.onClose(code)
        },
      })
      app.any("/*", bridgeHttp(options.fetch))
      // Exclusive: uSockets sets SO_REUSEPORT otherwise, and a second node on the same PORT would silently share its traffic.
      listenExclusive(app, options.host, options.port, (listenSocket) => {
        if (!listenSocket) return reject(new Error(`PORT: cannot listen on ${options.host}:${options.port} (in use?). Choose another PORT.`))
        resolve({
          port: uWS.us_socket_local_port(listenSocket),
          stopAccepting: () => uWS.us_listen_socket_close(listenSocket),
        })
      })
    }),
}
