/**
 * An in-memory transport for the live server's room and catch-up rules: each
 * socket's frames (its own sends and the topic publishes that reach it) wait
 * in order until the test flushes them, as tldraw's sync tests do, so a test
 * decides when a client sees what the server queued and never polls a real
 * server. Topic publishes follow the transport contract (transport.ts): a
 * publish reaches the sockets on the topic at that moment, in order with each
 * one's own sends.
 */
import { decodeServerFrame, encodeFrame, type ClientFrame, type ServerFrame, type ServerFrameOf } from "../../protocol.ts"
import type { LiveSocket, SocketHandler } from "../../transport/transport.ts"

export class FlushedSockets {
  private readonly topics = new Map<string, Set<FlushedSocket>>()

  /** Opens a socket to `accept` (the live server's callback) and returns the client's end. */
  open(accept: (socket: LiveSocket) => SocketHandler, remoteAddress = "127.0.0.1"): FlushedSocket {
    return new FlushedSocket(this.topics, accept, remoteAddress)
  }
}

export class FlushedSocket implements LiveSocket {
  /** Frames the client has been handed by `flush`, in order. */
  readonly received: ServerFrame[] = []
  /** Frames queued by the server and not yet flushed. */
  private readonly queue: Uint8Array[] = []
  private readonly handler: SocketHandler
  private readonly joinedTopics = new Set<string>()
  /** Waiting for the server to queue a frame. */
  private readonly waiting: Array<() => void> = []
  closedWith: { code: number; reason: string } | undefined

  constructor(
    private readonly topics: Map<string, Set<FlushedSocket>>,
    accept: (socket: LiveSocket) => SocketHandler,
    readonly remoteAddress: string,
  ) {
    this.handler = accept(this)
  }

  // ---- the client's side

  /** The client sends one frame; the server handles it at once, as a transport's read callback would. */
  sendFrame(frame: ClientFrame): void {
    if (this.closedWith) return
    this.handler.onFrame(encodeFrame(frame), true)
  }

  /** Hands the client every queued frame, in order. */
  flush(): ServerFrame[] {
    const frames = this.queue.splice(0).map((bytes) => {
      const decoded = decodeServerFrame(bytes)
      if (!decoded.ok) throw new Error(`undecodable server frame: ${decoded.message}`)
      return decoded.frame
    })
    this.received.push(...frames)
    return frames
  }

  /** Resolves when the server next queues a frame for this socket (a send, or a publish that reaches it). */
  whenQueued(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Flushes until a received frame meets `found`, waiting on the server's frames, not on the clock. */
  async until<F extends ServerFrame>(found: (frame: ServerFrame) => frame is F): Promise<F>
  async until(found: (frame: ServerFrame) => boolean): Promise<ServerFrame>
  async until(found: (frame: ServerFrame) => boolean): Promise<ServerFrame> {
    for (;;) {
      const queued = this.whenQueued()
      this.flush()
      const frame = this.received.find(found)
      if (frame) return frame
      await queued
    }
  }

  /** The client goes away. */
  disconnect(): void {
    if (this.closedWith) return
    this.closedWith = { code: 1000, reason: "client left" }
    this.leaveTopics()
    this.handler.onClose(1000)
  }

  framesOf<T extends ServerFrame["t"]>(t: T): ServerFrameOf<T>[] {
    return this.received.filter((frame): frame is ServerFrameOf<T> => frame.t === t)
  }

  // ---- LiveSocket, the server's side

  send(bytes: Uint8Array): void {
    if (!this.closedWith) this.enqueue(bytes)
  }

  bufferedAmount(): number {
    return this.queue.reduce((sum, bytes) => sum + bytes.byteLength, 0)
  }

  close(code: number, reason: string): void {
    if (this.closedWith) return
    this.closedWith = { code, reason }
    this.leaveTopics()
    this.handler.onClose(code)
  }

  terminate(): void {
    this.close(1006, "terminated")
  }

  subscribe(topic: string): void {
    if (this.closedWith) return
    let sockets = this.topics.get(topic)
    if (!sockets) this.topics.set(topic, (sockets = new Set()))
    sockets.add(this)
    this.joinedTopics.add(topic)
  }

  unsubscribe(topic: string): void {
    this.joinedTopics.delete(topic)
    const sockets = this.topics.get(topic)
    sockets?.delete(this)
    if (sockets?.size === 0) this.topics.delete(topic)
  }

  publish(topic: string, bytes: Uint8Array): void {
    for (const socket of this.topics.get(topic) ?? []) socket.enqueue(bytes)
  }

  private enqueue(bytes: Uint8Array): void {
    this.queue.push(bytes)
    for (const resolve of this.waiting.splice(0)) resolve()
  }

  private leaveTopics(): void {
    for (const topic of [...this.joinedTopics]) this.unsubscribe(topic)
  }
}
