/**
 * The seam between the gateway and a WebSocket/HTTP server library, so the
 * live protocol depends on neither: uws.ts implements it on uWebSockets.js
 * (Node), bun.ts on Bun.serve (Bun); select.ts picks one.
 */

import type { TlsFiles } from "./tls.ts"

/** One accepted WebSocket, as the gateway sees it. */
export interface LiveSocket {
  /** Queues a binary frame; never blocks. */
  send(bytes: Uint8Array): void
  /** Bytes queued in user space and not yet written to the kernel. */
  bufferedAmount(): number
  /** Sends a close frame with a 4000-4099 code and stops reading. */
  close(code: number, reason: string): void
  /** Drops the connection at once, without a close handshake. */
  terminate(): void
  /** Every later `publish` to `topic` reaches this socket too, in order with its own sends. */
  subscribe(topic: string): void
  /** Later publishes to `topic` no longer reach this socket; earlier ones still do, before anything sent after this. */
  unsubscribe(topic: string): void
  /**
   * Queues one frame for every socket on this server subscribed to `topic`,
   * handing the bytes to the server library once. Skips the per-send
   * backpressure check: the caller checks the subscribers' buffers.
   */
  publish(topic: string, bytes: Uint8Array): void
  readonly remoteAddress: string
  /** The upgrade request's X-Forwarded-For, if it had one; trusted only when the peer is a configured proxy. */
  readonly forwardedFor?: string
}

/** What the gateway does with one socket's traffic. */
export interface SocketHandler {
  onFrame(bytes: Uint8Array, isBinary: boolean): void
  /** The frame exceeded the soft limit; it was not decoded. */
  onOversize(byteLength: number): void
  onClose(code: number): void
}

export interface ListenOptions {
  readonly port: number
  readonly host: string
  /** Frames above this get `too_large` and the connection stays open. */
  readonly maxFrameBytes: number
  /** Frames above this are refused by the server library at their header, without being read. */
  readonly frameCeilingBytes: number
  /** The server library refuses to queue more than this per socket; the gateway cuts far earlier. */
  readonly maxBackpressureBytes: number
  /** Seconds without traffic before a socket is dropped; pings keep live ones open. */
  readonly idleTimeoutSeconds: number
  readonly live: (socket: LiveSocket) => SocketHandler
  /** Serve HTTPS and WSS with this certificate and key (checked by tls.ts); plain HTTP and WS without. */
  readonly tls?: TlsFiles
  /** The HTTP API (and the web apps), as a fetch handler. */
  readonly fetch: (request: Request) => Response | Promise<Response>
}

export interface Listening {
  readonly port: number
  /** Stops accepting connections; open ones are left to the gateway. */
  stopAccepting(): void
}

export interface Transport {
  readonly name: string
  listen(options: ListenOptions): Promise<Listening>
}
