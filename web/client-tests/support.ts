/**
 * Node-side support for the client module's tests: `ws` sockets the test can
 * watch, mute and cut, and token sources for users the test server makes up.
 * It lives outside web/src because it needs Node's types (ws, the gateway's
 * test harness), which web/tsconfig.json keeps out of browser code.
 */
import { SignJWT } from "jose"
import WebSocket from "ws"
import { decodeServerFrame, unpackMap } from "../../gateway/protocol-codec.ts"
import type { ClientFrame, ServerFrame } from "../../gateway/protocol.ts"
import { TEST_SECRET } from "../../gateway/testing/harness.ts"
import type { LiveAuth, WebSocketConstructor, WebSocketLike } from "../src/client/types.ts"

/** A `ws` socket behind the WebSocketLike face, recording frames both ways. */
export class WatchedSocket implements WebSocketLike {
  readonly inner: WebSocket
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { readonly data: unknown }) => void) | null = null
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  constructor(
    url: string,
    private readonly sockets: SocketWatch,
  ) {
    this.inner = new WebSocket(url, { perMessageDeflate: false })
    this.inner.binaryType = "arraybuffer"
    this.inner.onopen = (event) => this.onopen?.(event)
    this.inner.onmessage = (event) => {
      const decoded = decodeServerFrame(new Uint8Array(event.data as ArrayBuffer))
      if (decoded.ok) {
        sockets.received.push(decoded.frame)
        for (const listener of [...sockets.listeners]) listener(decoded.frame)
      }
      if (!sockets.muted) this.onmessage?.({ data: event.data })
    }
    this.inner.onclose = (event) => this.onclose?.({ code: event.code, reason: event.reason })
    this.inner.onerror = (event) => this.onerror?.(event)
  }

  get binaryType(): string {
    return this.inner.binaryType
  }
  set binaryType(value: string) {
    this.inner.binaryType = value as WebSocket["binaryType"]
  }
  get readyState(): number {
    return this.inner.readyState
  }

  send(data: Uint8Array): void {
    const map = unpackMap(data)
    if (map.ok) this.sockets.sent.push(map.frame as unknown as ClientFrame)
    this.inner.send(data)
  }

  close(code?: number, reason?: string): void {
    this.inner.close(code, reason)
  }
}

/** Every socket a live client opened, and the frames that went through them. */
export interface SocketWatch {
  readonly WebSocket: WebSocketConstructor
  readonly all: WatchedSocket[]
  readonly sent: ClientFrame[]
  readonly received: ServerFrame[]
  /** While true, frames from the server are recorded but not passed to the client (an ack lost on the way). */
  muted: boolean
  readonly listeners: Set<(frame: ServerFrame) => void>
  /** Every frame from the server, muted or not, as it arrives. */
  onReceived(listener: (frame: ServerFrame) => void): () => void
  latest(): WatchedSocket
  /** Drops the latest socket's TCP connection without a close frame (a network cut). */
  cut(): void
}

export const watchSockets = (): SocketWatch => {
  const watch: SocketWatch = {
    WebSocket: undefined as unknown as WebSocketConstructor,
    all: [],
    sent: [],
    received: [],
    muted: false,
    listeners: new Set(),
    onReceived: (listener) => {
      watch.listeners.add(listener)
      return () => void watch.listeners.delete(listener)
    },
    latest: () => {
      const socket = watch.all.at(-1)
      if (!socket) throw new Error("no socket opened yet")
      return socket
    },
    cut: () => watch.latest().inner.terminate(),
  }
  ;(watch as { WebSocket: WebSocketConstructor }).WebSocket = class extends WatchedSocket {
    constructor(url: string) {
      super(url, watch)
      watch.all.push(this)
    }
  }
  return watch
}

/** Tokens for a user the harness makes up (no account): refreshed by minting a new one. */
export interface TestAuth extends LiveAuth {
  /** Replaces the token and tells the listeners (a renewal). */
  renew(): Promise<string>
  signOut(): void
  /** How many times `refresh` was called. */
  readonly refreshes: number
}

export interface TestUser {
  readonly id: string
  readonly tenant?: string
  readonly roles?: readonly string[]
}

/** A token source over the test server's secret; `ttlSeconds` makes short-lived access tokens (the server closes 4001 at expiry). */
export const testAuth = async (user: TestUser, ttlSeconds?: number): Promise<TestAuth> => {
  // Signed like the server's own (gateway/auth/tokens.ts), with a jti so two tokens minted in one second still differ.
  const mint = () =>
    new SignJWT({ tenant: user.tenant ?? "t1", roles: user.roles ?? ["participant"], use: "access" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("studio")
      .setSubject(user.id)
      .setJti(`t${minted++}`)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (ttlSeconds ?? 600))
      .sign(TEST_SECRET)
  let minted = 0
  let token: string | undefined = await mint()
  let refreshes = 0
  const listeners = new Set<(token: string | undefined) => void>()
  const tell = () => {
    for (const listener of [...listeners]) listener(token)
  }
  return {
    token: () => token,
    refresh: async () => {
      refreshes++
      if (token === undefined) return undefined
      token = await mint()
      tell()
      return token
    },
    onToken: (listener) => {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    renew: async () => {
      token = await mint()
      tell()
      return token
    },
    signOut: () => {
      token = undefined
      tell()
    },
    get refreshes() {
      return refreshes
    },
  }
}
