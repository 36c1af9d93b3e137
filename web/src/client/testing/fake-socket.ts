/**
 * A scripted server for the live client: sockets that open, answer and close
 * only when the test says so, so a test (or a screen's test) can play any
 * frame sequence: an actor closing, a gap, a close code, silence. Frames are
 * real MessagePack both ways (protocol-codec.ts). Runs in Node or a browser.
 */
import { encodeFrame, unpackMap } from "../../../../gateway/protocol-codec.ts"
import type { ClientFrame, ServerFrame, WireUser } from "../../../../gateway/protocol.ts"
import type { WebSocketConstructor, WebSocketLike } from "../types.ts"

export class FakeSocket implements WebSocketLike {
  binaryType = "blob"
  readyState = 0
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { readonly data: unknown }) => void) | null = null
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  /** Frames the client sent, decoded. */
  readonly sent: ClientFrame[] = []
  /** The code the client closed with, if it did. */
  closedWith: number | undefined

  constructor(
    readonly url: string,
    private readonly server: FakeServer,
  ) {}

  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  /** Delivers one frame from the server, as the browser would (an ArrayBuffer). */
  deliver(frame: ServerFrame): void {
    const bytes = encodeFrame(frame)
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })
  }

  /** The server closes (or the network drops: 1006). */
  drop(code: number, reason = ""): void {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }

  /** Opens, waits for the hello and welcomes `user`. */
  welcome(user: WireUser = { id: "bob", tenant: "t1", roles: ["participant"] }): void {
    if (this.readyState === 0) this.open()
    if (!this.sent.some((f) => f.t === "hello")) throw new Error("the client sent no hello")
    this.deliver({ t: "welcome", user, node: "fake", protocol: 1 })
  }

  /** The last frame the client sent of type `t`. */
  last<T extends ClientFrame["t"]>(t: T): Extract<ClientFrame, { t: T }> | undefined {
    return this.sent.filter((f): f is Extract<ClientFrame, { t: T }> => f.t === t).at(-1)
  }

  send(data: Uint8Array): void {
    const map = unpackMap(data)
    if (!map.ok) throw new Error(`the client sent an undecodable frame: ${map.message}`)
    const frame = map.frame as unknown as ClientFrame
    this.sent.push(frame)
    for (const listener of [...this.server.listeners]) listener(frame, this)
  }

  close(code?: number): void {
    this.closedWith = code ?? 1005
    this.readyState = 3
  }
}

export interface FakeServer {
  readonly WebSocket: WebSocketConstructor
  readonly sockets: FakeSocket[]
  readonly listeners: Set<(frame: ClientFrame, socket: FakeSocket) => void>
  latest(): FakeSocket
  /** Resolves with the next socket the client opens (or the latest, if it has not been answered yet). */
  nextSocket(after?: number): Promise<FakeSocket>
  /** Resolves with the next frame the client sends that passes `accept`. */
  nextFrame<F extends ClientFrame>(accept: (frame: ClientFrame) => frame is F): Promise<F>
}

export const fakeServer = (): FakeServer => {
  const waiting: Array<{ after: number; resolve: (socket: FakeSocket) => void }> = []
  const server: FakeServer = {
    WebSocket: undefined as unknown as WebSocketConstructor,
    sockets: [],
    listeners: new Set(),
    latest: () => {
      const socket = server.sockets.at(-1)
      if (!socket) throw new Error("the client opened no socket")
      return socket
    },
    nextSocket: (after = server.sockets.length) =>
      new Promise((resolve) => {
        if (server.sockets.length > after) return resolve(server.sockets[after]!)
        waiting.push({ after, resolve })
      }),
    nextFrame: <F extends ClientFrame>(accept: (frame: ClientFrame) => frame is F) =>
      new Promise<F>((resolve) => {
        const listener = (frame: ClientFrame) => {
          if (!accept(frame)) return
          server.listeners.delete(listener)
          resolve(frame)
        }
        server.listeners.add(listener)
      }),
  }
  ;(server as { WebSocket: WebSocketConstructor }).WebSocket = class extends FakeSocket {
    constructor(url: string) {
      super(url, server)
      server.sockets.push(this)
      for (const waiter of waiting.splice(0)) {
        if (server.sockets.length > waiter.after) waiter.resolve(server.sockets[waiter.after]!)
        else waiting.push(waiter)
      }
    }
  }
  return server
}
