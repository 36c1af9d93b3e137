/**
 * A small Node client of the live protocol, for tests and load generators.
 * Replies are matched to requests by `ref`; everything the server sends is
 * also kept in `frames` and passed to `onFrame` listeners.
 */
import WebSocket from "ws"
import { decodeServerFrame, encodeFrame, type ClientFrame, type ServerFrame, type ServerFrameOf } from "../protocol.ts"

export type Reply<T extends ServerFrame["t"]> = ServerFrameOf<T> | ServerFrameOf<"error">

export interface Closed {
  readonly code: number
  readonly reason: string
}

export class LiveClient {
  /** Every frame received, in order (tests inspect it; long-running load generators call `clearFrames`). */
  readonly frames: ServerFrame[] = []
  readonly closed: Promise<Closed>
  private readonly listeners = new Set<(frame: ServerFrame) => void>()
  private readonly pending = new Map<number, (frame: ServerFrame) => void>()
  private nextRef = 1

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })))
    socket.on("message", (data, isBinary) => {
      if (!isBinary) throw new Error("the server sent a text frame")
      const decoded = decodeServerFrame(data as Buffer)
      if (!decoded.ok) throw new Error(`undecodable server frame: ${decoded.message}`)
      this.receive(decoded.frame)
    })
    socket.on("error", () => undefined)
  }

  /** Opens a connection to `url` (ws://host:port/live). */
  static connect(url: string, headers?: Record<string, string>): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024, ...(headers ? { headers } : {}) })
      socket.once("open", () => resolve(new LiveClient(socket)))
      socket.once("error", reject)
    })
  }

  /** Connects and says hello; rejects unless welcomed. */
  static async open(url: string, token: string): Promise<LiveClient> {
    const client = await LiveClient.connect(url)
    const reply = await client.hello(token)
    if (reply.t !== "welcome") throw new Error(`not welcomed: ${reply.code} ${reply.message}`)
    return client
  }

  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  hello(token: string): Promise<Reply<"welcome">> {
    const reply = this.next((f): f is Reply<"welcome"> => f.t === "welcome" || (f.t === "error" && f.code === "unauthorized"))
    this.send({ t: "hello", token, client: { name: "studio-test-client", version: "1" } })
    return reply
  }

  join(addr: string, since?: number): Promise<Reply<"joined">> {
    return this.request((ref) => ({ t: "join", ref, addr, ...(since !== undefined ? { since } : {}) }))
  }

  leave(addr: string): Promise<Reply<"left">> {
    return this.request((ref) => ({ t: "leave", ref, addr }))
  }

  cmd(addr: string, id: string, cmd: { type: string; [key: string]: unknown }): Promise<Reply<"ack"> | ServerFrameOf<"nack">> {
    return this.request((ref) => ({ t: "cmd", ref, addr, id, cmd }))
  }

  ping(): Promise<Reply<"pong">> {
    return this.request((ref) => ({ t: "ping", ref }))
  }

  presence(addr: string, data: unknown): void {
    this.send({ t: "presence", addr, data })
  }

  send(frame: ClientFrame): void {
    this.socket.send(encodeFrame(frame), { binary: true })
  }

  /** Sends bytes or text as they are, for fuzzing. */
  sendRaw(data: Uint8Array | string): void {
    this.socket.send(data, { binary: typeof data !== "string" })
  }

  /** The first frame from now on that matches, or a rejection after `timeoutMs`. */
  next<F extends ServerFrame>(match: (frame: ServerFrame) => frame is F, timeoutMs = 5_000): Promise<F> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop()
        reject(new Error(`no matching frame within ${timeoutMs} ms`))
      }, timeoutMs)
      const stop = this.onFrame((frame) => {
        if (!match(frame)) return
        clearTimeout(timer)
        stop()
        resolve(frame)
      })
    })
  }

  /** `ev` frames received so far for one address. */
  events(addr: string): ServerFrameOf<"ev">[] {
    return this.frames.filter((f): f is ServerFrameOf<"ev"> => f.t === "ev" && f.addr === addr)
  }

  clearFrames(): void {
    this.frames.length = 0
  }

  /** Stops reading from the socket (a slow consumer), or starts again. */
  pauseReading(paused: boolean): void {
    const raw = (this.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket
    if (paused) raw.pause()
    else raw.resume()
  }

  close(): Promise<Closed> {
    this.socket.close(1000)
    return this.closed
  }

  terminate(): void {
    this.socket.terminate()
  }

  private request<T extends ServerFrame["t"]>(make: (ref: number) => ClientFrame): Promise<Reply<T>> {
    const ref = this.nextRef++
    const reply = new Promise<Reply<T>>((resolve) => this.pending.set(ref, resolve as (frame: ServerFrame) => void))
    this.send(make(ref))
    return reply
  }

  private receive(frame: ServerFrame): void {
    this.frames.push(frame)
    const ref = "ref" in frame ? frame.ref : undefined
    // Errors without a ref (revocations, bad frames) are not replies to anything.
    if (ref !== undefined && frame.t !== "ev" && frame.t !== "presence") {
      const resolve = this.pending.get(ref)
      if (resolve) {
        this.pending.delete(ref)
        resolve(frame)
      }
    }
    for (const listener of [...this.listeners]) listener(frame)
  }
}
