/**
 * The transport on uWebSockets.js: /live WebSockets and the HTTP API on one
 * port, over TLS (uWS.SSLApp) when a certificate is configured. The HTTP
 * side is a small bridge from uWS requests to a fetch handler (Hono, and the
 * web apps), measured against @hono/node-server in bench/gateway/http-servers.ts.
 */
import { STATUS_CODES } from "node:http"
import uWS from "uWebSockets.js"
import { PEER_HEADER } from "../http/define.ts"
import { lightParts, type LightParts } from "../http/light-response.ts"
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
 * The request's headers as Hono and the web apps read them (`get`, `has`,
 * iteration): a plain object filled from uWS, instead of an undici Headers
 * that validates and normalises every name and value again. Repeated headers
 * are joined with ", " as Headers does.
 */
class RequestHeaders {
  private readonly map: Record<string, string> = Object.create(null)

  add(name: string, value: string): void {
    const known = this.map[name]
    this.map[name] = known === undefined ? value : `${known}, ${value}`
  }
  get(name: string): string | null {
    return this.map[name.toLowerCase()] ?? null
  }
  has(name: string): boolean {
    return this.map[name.toLowerCase()] !== undefined
  }
  set(name: string, value: string): void {
    this.map[name.toLowerCase()] = value
  }
  append(name: string, value: string): void {
    this.add(name.toLowerCase(), value)
  }
  delete(name: string): void {
    delete this.map[name.toLowerCase()]
  }
  forEach(callback: (value: string, name: string, headers: RequestHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this)
  }
  /** Sorted by name, as Headers lists them. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.map).sort()) yield [name, this.map[name]!]
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()
  }
}

/**
 * Hono reads only url, method, headers and the body methods of a request;
 * building a full undici Request per call costs more than the rest of the
 * bridge (see gateway/README.md for the figures). A class: no closures made
 * per request.
 */
class LightRequest {
  readonly signal = undefined

  constructor(
    readonly url: string,
    readonly method: string,
    readonly headers: RequestHeaders,
    private readonly bytes: Uint8Array | undefined,
  ) {}

  text(): Promise<string> {
    return Promise.resolve(this.bytes ? decoder.decode(this.bytes) : "")
  }
  json(): Promise<unknown> {
    return this.text().then((t) => JSON.parse(t))
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve((this.bytes ?? new Uint8Array(0)).slice().buffer)
  }
  blob(): Promise<Blob> {
    return Promise.resolve(new Blob([(this.bytes ?? new Uint8Array(0)).slice()]))
  }
  formData(): Promise<FormData> {
    return new Request(this.url, { method: this.method, headers: [...this.headers], body: (this.bytes ?? new Uint8Array(0)).slice() }).formData()
  }
}

const lightRequest = (url: string, method: string, headers: RequestHeaders, body: Uint8Array | undefined): Request =>
  new LightRequest(url, method, headers, body) as unknown as Request

/** "200 OK" and the like, built once per status. */
const statusLines = new Map<number, string>()
const statusLine = (status: number, text: string): string => {
  if (text) return `${status} ${text}`
  let line = statusLines.get(status)
  if (line === undefined) statusLines.set(status, (line = `${status} ${STATUS_CODES[status] || "Unknown"}`))
  return line
}

/** A light response (light-response.ts) written as it is: no Headers, no body stream. */
const writeLight = (res: uWS.HttpResponse, light: LightParts): void =>
  void res.cork(() => {
    res.writeStatus(statusLine(light.status, ""))
    for (const [name, value] of light.headers) if (name !== "content-length") res.writeHeader(name, value)
    if (light.status === 304) res.endWithoutBody()
    else res.end(light.body ?? "")
  })

const writeResponse = async (res: uWS.HttpResponse, method: string, response: Response, aborted: () => boolean): Promise<void> => {
  if (response.body && (response.headers.get("content-type") ?? "").startsWith("text/event-stream")) return streamEvents(res, response, aborted)
  const payload = method === "HEAD" ? new ArrayBuffer(0) : await response.arrayBuffer()
  if (aborted()) return
  // A HEAD answer that states its length (the web apps' files) keeps it; a 304 has no body and says no length.
  const headLength = method === "HEAD" ? response.headers.get("content-length") : null
  res.cork(() => {
    res.writeStatus(statusLine(response.status, response.statusText))
    response.headers.forEach((value, key) => {
      if (key !== "content-length") res.writeHeader(key, value)
    })
    // (This uWS build's endWithoutBody(length) never completes the response: write the header ourselves.)
    if (response.status === 304) res.endWithoutBody()
    else if (headLength !== null && /^\d+$/.test(headLength)) res.writeHeader("content-length", headLength).endWithoutBody()
    else res.end(payload)
  })
}

/** One request's answer on its way out: whether the client left, and how to write what the handler returned. */
class Exchange {
  aborted = false

  constructor(
    readonly res: uWS.HttpResponse,
    readonly method: string,
  ) {}

  respond(response: Response): Promise<void> | void {
    const light = this.method === "HEAD" ? undefined : lightParts(response)
    if (!light) return writeResponse(this.res, this.method, response, () => this.aborted)
    if (!this.aborted) writeLight(this.res, light)
  }

  fail(error: unknown): void {
    if (this.aborted) return
    console.error(JSON.stringify({ level: "error", message: "http bridge failed", error: String(error) }))
    const problem = problemDocument("internal", INTERNAL_DETAIL)
    this.res.cork(() => this.res.writeStatus("500 Internal Server Error").writeHeader("content-type", "application/problem+json").end(problem))
  }
}

const bridgeHttp = (fetch: ListenOptions["fetch"]) => (res: uWS.HttpResponse, req: uWS.HttpRequest) => {
  // The request object is only valid until the first await: copy what we need now.
  const method = req.getCaseSensitiveMethod().toUpperCase()
  const query = req.getQuery()
  const headers = new RequestHeaders()
  req.forEach((key, value) => headers.add(key, value))
  headers.set(PEER_HEADER, decoder.decode(res.getRemoteAddressAsText()))
  const url = `http://${headers.get("host") ?? "localhost"}${req.getUrl()}${query ? `?${query}` : ""}`
  const exchange = new Exchange(res, method)
  if (method === "GET" || method === "HEAD") {
    res.onAborted(() => void (exchange.aborted = true))
    let answer: Response | Promise<Response>
    try {
      answer = fetch(lightRequest(url, method, headers, undefined))
    } catch (error) {
      return exchange.fail(error)
    }
    return void Promise.resolve(answer)
      .then((response) => exchange.respond(response))
      .catch((error: unknown) => exchange.fail(error))
  }
  void (async () => {
    const announced = Number(headers.get("content-length") ?? 0)
    const body = announced > MAX_HTTP_BODY_BYTES ? "too_large" : await readBody(res, () => void (exchange.aborted = true))
    if (body === "too_large" && announced > MAX_HTTP_BODY_BYTES) res.onAborted(() => void (exchange.aborted = true))
    const response =
      body === "too_large"
        ? problemResponse("too_large", `a request body may be at most ${MAX_HTTP_BODY_BYTES} bytes`)
        : await fetch(lightRequest(url, method, headers, body))
    await exchange.respond(response)
  })().catch((error: unknown) => exchange.fail(error))
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
