/**
 * The live client (`Live` in types.ts): one WebSocket to `/live`, its
 * lifecycle as a union on `state`, one handler per server frame.
 *
 * - Connects whenever there is a token and the device is online; says
 *   `hello`, and again with each renewed token (holding other frames until
 *   the new `welcome`, since the server queues only a few meanwhile).
 * - On a lost connection: back-off with jitter, then re-joins every
 *   subscribed actor with `since` and resends every unanswered command with
 *   its original op id. A close 4001 refreshes the token first; 4029 waits
 *   longer; 4009 comes back at once (another node, or the restarted one).
 * - Commands wait in a queue (persisted per user, so a reload resends them
 *   with the same ids) until answered; a heartbeat ping finds dead sockets.
 *   The stored queue has one key per command (storage.ts `StoredQueue`):
 *   a send writes one command, an ack removes one, so a burst of n
 *   commands costs O(n) storage work, not a rewrite of the queue each time.
 */
import { DEFAULT_MAX_FRAME_BYTES, decodeServerFrame, encodeFrame } from "../../../gateway/protocol-codec.ts"
import type { ClientFrame, ServerFrame, ServerFrameOf } from "../../../gateway/protocol.ts"
import { backoffDelay, type Backoff } from "./backoff.ts"
import { Channel, type ChannelHost } from "./channel.ts"
import { CommandError, toClientCode, type ClientErrorCode } from "./errors.ts"
import { readClaims } from "./jwt.ts"
import { OP_ID_PATTERN, browserNetwork, liveUrlFromLocation, randomTabId } from "./network.ts"
import { StoredQueue, toStorage } from "./storage.ts"
import type {
  Ack,
  ActorEvent,
  ActorHandle,
  Command,
  Connection,
  ConnectionReason,
  Live,
  LiveOptions,
  NetworkStatus,
  PresencePeer,
  Reducer,
  Rejection,
  SendOptions,
  StorageLike,
  WebSocketConstructor,
  WebSocketLike,
} from "./types.ts"

export type PresenceStatus = "active" | "idle" | "away"

/** `active` under 3 s since the peer's last presence, `idle` under 60 s, else `away`. */
export const presenceStatus = (peer: PresencePeer, now: number = Date.now()): PresenceStatus => {
  const age = now - peer.at
  return age < 3_000 ? "active" : age < 60_000 ? "idle" : "away"
}

/** Connects as soon as `auth` has a token. Its methods may be passed around unbound (`until(live.onConnection, ...)`). */
export const createLive = (options: LiveOptions): Live => {
  const client = new LiveClient(options)
  return {
    connection: () => client.connection(),
    onConnection: (listener) => client.onConnection(listener),
    subscribe: (addr, reducer) => client.subscribe(addr, reducer),
    send: (addr, cmd, sendOptions) => client.send(addr, cmd, sendOptions),
    pending: () => client.pending(),
    onPending: (listener) => client.onPending(listener),
    rejections: () => client.rejections(),
    onRejected: (listener) => client.onRejected(listener),
    clearRejections: () => client.clearRejections(),
    presence: (addr, data) => client.presence(addr, data),
    ping: () => client.ping(),
    rtt: () => client.rtt(),
    reconnect: () => client.reconnect(),
    close: () => client.close(),
  }
}

/** Version 1 kept a user's whole queue as one JSON array under `<key>.<tenant>/<user>`; a page of it is read once and moved. */
const QUEUE_KEY_V1 = "studio.pending.v1"
const QUEUE_KEY = "studio.pending.v2"
const MAX_REJECTIONS = 50
/** A connection that lasted this long resets the back-off. */
const STABLE_MS = 10_000
/** Refusals that pass (rate_limited, unavailable) are retried this many times before the command is rejected. */
const MAX_TRANSIENT_RETRIES = 5
const PING_TIMEOUT_MS = 10_000
const TRANSIENT = new Set<ClientErrorCode>(["rate_limited", "unavailable"])

type Phase =
  | { readonly state: "idle" }
  | { readonly state: "connecting"; readonly socket: WebSocketLike; token: string }
  | { readonly state: "open"; readonly socket: WebSocketLike; token: string; renewing: boolean; readonly welcomedAt: number }
  | { readonly state: "closed" }

interface Op {
  readonly id: string
  readonly addr: string
  readonly cmd: Command
  readonly at: number
  /** The ref it went out with on the current socket; undefined when it must be sent (again). */
  ref: number | undefined
  failures: number
  retryTimer: ReturnType<typeof setTimeout> | undefined
  /** Absent for commands restored from storage after a reload. */
  readonly settle?: { resolve(ack: Ack): void; reject(error: CommandError): void }
  /** Its key in the stored queue; undefined when nothing is stored (no user yet). */
  slot: number | undefined
}

type Request =
  | { readonly kind: "join"; readonly channel: Channel; readonly resumed: boolean }
  | { readonly kind: "cmd"; readonly op: Op }
  | {
      readonly kind: "ping"
      readonly sentAt: number
      resolve(rtt: number): void
      reject(error: CommandError): void
      readonly timer: ReturnType<typeof setTimeout>
    }
  | { readonly kind: "leave" }

interface PresenceSlot {
  /** The latest data given, re-sent after a re-join (the server forgets presence with the socket). */
  data: unknown
  unsent: boolean
  lastSentAt: number
  timer: ReturnType<typeof setTimeout> | undefined
}

interface StoredOp {
  readonly id: string
  readonly addr: string
  readonly cmd: Command
  readonly at: number
}

const isStoredOp = (entry: unknown): entry is StoredOp => {
  const op = entry as Partial<StoredOp> | null
  return !!op && typeof op === "object" && typeof op.id === "string" && typeof op.addr === "string" && !!op.cmd
}

class LiveClient implements Live, ChannelHost {
  private phase: Phase = { state: "idle" }
  private info: Connection = { state: "connecting", attempt: 0 }
  private readonly url: string
  private readonly WebSocketImpl: WebSocketConstructor
  private readonly storage: StorageLike
  private readonly network: NetworkStatus
  private readonly backoff: Backoff
  private readonly tooManyConnectionsMs: number
  private readonly random: () => number
  private readonly heartbeatMs: number
  private readonly heartbeatTimeoutMs: number
  private readonly presenceIntervalMs: number
  private readonly maxFrameBytes: number
  readonly now: () => number
  private readonly tabId = randomTabId()
  private opCounter = 0
  private nextRef = 1
  private failures = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined
  private heartbeatTimer: ReturnType<typeof setTimeout> | undefined
  private connectTimer: ReturnType<typeof setTimeout> | undefined
  private readonly requests = new Map<number, Request>()
  private readonly channels = new Map<string, Channel>()
  private readonly ops = new Map<string, Op>()
  private readonly presenceSlots = new Map<string, PresenceSlot>()
  private readonly connectionListeners = new Set<(connection: Connection) => void>()
  private readonly pendingListeners = new Set<(count: number) => void>()
  private readonly rejectedListeners = new Set<(rejection: Rejection) => void>()
  private rejectionList: Rejection[] = []
  private lastPending = 0
  private lastRtt: number | undefined
  /** `tenant/user` of the token: whose queue is loaded. */
  private userKey: string | undefined
  /** That user's commands in storage, under this page's own keys. */
  private stored: StoredQueue<StoredOp> | undefined
  private readonly unsubscribe: Array<() => void> = []

  constructor(private readonly options: LiveOptions) {
    this.url = options.url ?? liveUrlFromLocation()
    const ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
    if (!ctor) throw new Error("client: no WebSocket here; pass `WebSocket` (in Node, the ws package's)")
    this.WebSocketImpl = ctor
    this.storage = toStorage(options.storage)
    this.network = options.network ?? browserNetwork()
    this.backoff = { baseMs: options.backoff?.baseMs ?? 500, capMs: options.backoff?.capMs ?? 10_000 }
    this.tooManyConnectionsMs = options.backoff?.tooManyConnectionsMs ?? 30_000
    this.random = options.random ?? Math.random
    this.heartbeatMs = options.heartbeatMs ?? 25_000
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000
    this.presenceIntervalMs = options.presenceIntervalMs ?? 50
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    this.now = options.now ?? Date.now
    this.unsubscribe.push(options.auth.onToken((token) => this.tokenChanged(token)))
    this.unsubscribe.push(this.network.onChange((online) => this.networkChanged(online)))
    this.adoptUser(options.auth.token())
    this.connect()
  }

  // ---------------------------------------------------------------- public

  connection(): Connection {
    return this.info
  }

  onConnection(listener: (connection: Connection) => void): () => void {
    this.connectionListeners.add(listener)
    return () => void this.connectionListeners.delete(listener)
  }

  subscribe<S>(addr: string, reducer: Reducer<S>): ActorHandle<S> {
    let channel = this.channels.get(addr)
    const fresh = !channel
    if (!channel) this.channels.set(addr, (channel = new Channel(addr, this)))
    const handle = channel.subscribe(reducer)
    if (channel.status === "revoked" || channel.status === "failed") {
      // A screen subscribing again asks afresh: access may have been granted since.
      channel.status = "joining"
      channel.error = undefined
      this.sendJoin(channel)
    } else if (fresh) {
      this.sendJoin(channel)
    } else {
      this.rejoinFresh(channel)
    }
    return handle
  }

  send<S = unknown>(addr: string, cmd: Command, options: SendOptions<S> = {}): Promise<Ack> {
    if (this.phase.state === "closed") return Promise.reject(new CommandError("unavailable", "the live client is closed"))
    if (!this.options.auth.token()) return Promise.reject(new CommandError("unauthorized", "sign in before sending commands"))
    const id = options.id ?? `${this.tabId}.${(this.opCounter++).toString(36)}`
    if (!OP_ID_PATTERN.test(id))
      return Promise.reject(
        new CommandError("bad_frame", `an op id is 1-128 characters of A-Z a-z 0-9 _ : . -; got ${JSON.stringify(id).slice(0, 40)}`),
      )
    if (this.ops.has(id)) return Promise.reject(new CommandError("conflict", `op id ${id} is already pending`))
    const size = encodeFrame({ t: "cmd", ref: Number.MAX_SAFE_INTEGER, addr, id, cmd } as ClientFrame).byteLength
    if (size > this.maxFrameBytes)
      return Promise.reject(new CommandError("too_large", `the command is ${size} bytes; a frame may be at most ${this.maxFrameBytes}`))
    return new Promise<Ack>((resolve, reject) => {
      const op: Op = {
        id,
        addr,
        cmd,
        at: this.now(),
        ref: undefined,
        failures: 0,
        retryTimer: undefined,
        settle: { resolve, reject },
        slot: undefined,
      }
      this.ops.set(id, op)
      op.slot = this.stored?.add({ id, addr, cmd, at: op.at })
      if (options.optimistic) this.channels.get(addr)?.addOptimistic(id, options.optimistic as (state: never) => unknown)
      this.pendingChanged()
      this.sendOp(op)
    })
  }

  pending(): number {
    return this.ops.size
  }

  onPending(listener: (count: number) => void): () => void {
    this.pendingListeners.add(listener)
    return () => void this.pendingListeners.delete(listener)
  }

  rejections(): readonly Rejection[] {
    return this.rejectionList
  }

  onRejected(listener: (rejection: Rejection) => void): () => void {
    this.rejectedListeners.add(listener)
    return () => void this.rejectedListeners.delete(listener)
  }

  clearRejections(): void {
    this.rejectionList = []
  }

  presence(addr: string, data: unknown): void {
    let slot = this.presenceSlots.get(addr)
    if (!slot) this.presenceSlots.set(addr, (slot = { data, unsent: true, lastSentAt: 0, timer: undefined }))
    slot.data = data
    slot.unsent = true
    this.flushPresence(addr, slot)
  }

  ping(): Promise<number> {
    return this.pingWithin(PING_TIMEOUT_MS)
  }

  rtt(): number | undefined {
    return this.lastRtt
  }

  reconnect(): void {
    if (this.phase.state === "closed" || this.phase.state !== "idle") return
    this.failures = 0
    clearTimeout(this.reconnectTimer)
    this.connect(true)
  }

  close(): void {
    if (this.phase.state === "closed") return
    this.abandon()
    this.phase = { state: "closed" }
    clearTimeout(this.reconnectTimer)
    for (const off of this.unsubscribe.splice(0)) off()
    for (const slot of this.presenceSlots.values()) clearTimeout(slot.timer)
    for (const channel of this.channels.values()) clearTimeout(channel.rejoinTimer)
    // The queue stays in storage for the next page; only this page's promises end.
    for (const op of this.ops.values()) {
      clearTimeout(op.retryTimer)
      op.settle?.reject(new CommandError("unavailable", "the live client was closed before an answer"))
    }
    this.ops.clear()
    this.pendingChanged()
  }

  // ---------------------------------------------------------------- ChannelHost

  rejoinFresh(channel: Channel): void {
    if (channel.joinRef !== undefined && !this.requestResumes(channel.joinRef)) return
    this.sendJoin(channel)
  }

  release(channel: Channel): void {
    if (this.channels.get(channel.addr) !== channel) return
    this.channels.delete(channel.addr)
    clearTimeout(channel.rejoinTimer)
    const slot = this.presenceSlots.get(channel.addr)
    if (slot) clearTimeout(slot.timer)
    this.presenceSlots.delete(channel.addr)
    if (this.canSend() && (channel.joinedOnSocket || channel.joinRef !== undefined)) {
      this.sendRequest({ kind: "leave" }, (ref) => ({ t: "leave", ref, addr: channel.addr }))
    }
  }

  // ---------------------------------------------------------------- connecting

  private connect(force = false): void {
    if (this.phase.state !== "idle") return
    clearTimeout(this.reconnectTimer)
    const token = this.options.auth.token()
    if (!token) return this.setInfo({ state: "signedOut", attempt: 0, reason: "signed_out" })
    if (!force && !this.network.online()) return this.setInfo({ ...this.base(), state: "offline", reason: "network" })
    this.adoptUser(token)
    let socket: WebSocketLike
    try {
      socket = new this.WebSocketImpl(this.url)
    } catch {
      return this.retryLater("network")
    }
    socket.binaryType = "arraybuffer"
    this.phase = { state: "connecting", socket, token }
    const again = this.failures > 0 || this.info.user !== undefined
    this.setInfo({ ...this.base(), state: again ? "reconnecting" : "connecting", ...(this.info.reason ? { reason: this.info.reason } : {}) })
    socket.onopen = () => {
      if (this.phase.state !== "connecting" || this.phase.socket !== socket) return
      const current = this.options.auth.token() ?? this.phase.token
      this.phase.token = current
      this.write(socket, { t: "hello", token: current, client: this.options.client ?? { name: "studio-web", version: "1" } })
    }
    socket.onmessage = (event) => this.received(socket, event.data)
    socket.onclose = (event) => this.closed(socket, event.code)
    socket.onerror = () => undefined
    // A socket that neither opens nor fails (a captive portal, a dead route) is given up on.
    this.connectTimer = setTimeout(() => {
      if (this.phase.state === "connecting" && this.phase.socket === socket) this.lost("unresponsive")
    }, this.heartbeatTimeoutMs)
  }

  private welcome(socket: WebSocketLike, frame: ServerFrameOf<"welcome">): void {
    const phase = this.phase
    if (phase.state === "open" && phase.socket === socket) {
      phase.renewing = false
      this.renewIfNewer()
      this.flush()
      return
    }
    if (phase.state !== "connecting" || phase.socket !== socket) return
    clearTimeout(this.connectTimer)
    this.phase = { state: "open", socket, token: phase.token, renewing: false, welcomedAt: this.now() }
    this.setInfo({ state: "connected", attempt: 0, user: frame.user, node: frame.node })
    this.scheduleHeartbeat()
    this.flush()
    this.renewIfNewer()
  }

  /** The token changed while the hello was on its way: say hello again with the new one. */
  private renewIfNewer(): void {
    const phase = this.phase
    if (phase.state !== "open" || phase.renewing) return
    const token = this.options.auth.token()
    if (!token || token === phase.token) return
    phase.token = token
    phase.renewing = true
    this.write(phase.socket, { t: "hello", token, client: this.options.client ?? { name: "studio-web", version: "1" } })
  }

  private closed(socket: WebSocketLike, code: number): void {
    if ((this.phase.state !== "connecting" && this.phase.state !== "open") || this.phase.socket !== socket) return
    switch (code) {
      case 4001:
        return this.expired()
      case 4008:
        return this.lost("slow_consumer")
      case 4009:
        return this.lost("server_restarting")
      case 4029:
        return this.lost("too_many_connections")
      case 1009:
        return this.lost("server_error")
      default:
        return this.lost("network")
    }
  }

  /** The server refused or expired the token (4001): refresh it, then reconnect; signed out if it cannot be refreshed. */
  private expired(): void {
    this.abandon()
    this.countFailure()
    this.setInfo({ ...this.base(), state: "reconnecting", reason: "token_expired" })
    this.options.auth.refresh().then(
      (token) => {
        if (this.phase.state !== "idle") return
        if (!token) return this.signedOut()
        this.retryLater("token_expired", this.failures <= 1 ? 0 : undefined)
      },
      () => {
        if (this.phase.state === "idle") this.retryLater("token_expired")
      },
    )
  }

  private lost(reason: ConnectionReason): void {
    this.abandon()
    this.countFailure()
    if (!this.network.online()) return this.setInfo({ ...this.base(), state: "offline", reason: "network" })
    let delay: number | undefined
    if (reason === "server_restarting" && this.failures <= 1) delay = Math.round(this.random() * this.backoff.baseMs)
    if (reason === "too_many_connections") delay = Math.round(this.tooManyConnectionsMs * (1 + this.random()))
    this.retryLater(reason, delay)
  }

  private retryLater(reason: ConnectionReason, delay = backoffDelay(Math.max(0, this.failures - 1), this.backoff, this.random)): void {
    if (this.phase.state !== "idle") return
    clearTimeout(this.reconnectTimer)
    const retryAt = this.now() + delay
    this.setInfo({ ...this.base(), state: "reconnecting", reason, retryAt })
    this.reconnectTimer = setTimeout(() => this.connect(), delay)
  }

  private countFailure(): void {
    const phase = this.lastWelcomedAt
    if (phase !== undefined && this.now() - phase >= STABLE_MS) this.failures = 0
    this.lastWelcomedAt = undefined
    this.failures++
  }
  private lastWelcomedAt: number | undefined

  /** Detaches the current socket (no more events from it), closes it, and forgets what was in flight on it. */
  private abandon(): void {
    const phase = this.phase
    if (phase.state !== "connecting" && phase.state !== "open") return
    if (phase.state === "open") this.lastWelcomedAt = phase.welcomedAt
    const socket = phase.socket
    socket.onopen = socket.onmessage = socket.onclose = null
    // Kept: the ws package throws an unhandled 'error' when a socket closed while connecting has no listener.
    socket.onerror = () => undefined
    try {
      socket.close(1000)
    } catch {
      // Already closing.
    }
    this.phase = { state: "idle" }
    clearTimeout(this.connectTimer)
    clearTimeout(this.heartbeatTimer)
    for (const [ref, request] of this.requests) {
      if (request.kind === "ping") {
        clearTimeout(request.timer)
        request.reject(new CommandError("unavailable", "the connection was lost"))
      }
      this.requests.delete(ref)
    }
    for (const op of this.ops.values()) op.ref = undefined
    for (const channel of this.channels.values()) channel.disconnected()
  }

  private signedOut(): void {
    this.abandon()
    clearTimeout(this.reconnectTimer)
    this.failures = 0
    this.setInfo({ state: "signedOut", attempt: 0, reason: "signed_out" })
    this.dropQueue(new CommandError("unauthorized", "signed out before the command was answered"))
  }

  private tokenChanged(token: string | undefined): void {
    if (this.phase.state === "closed") return
    if (!token) return this.signedOut()
    if (this.userKey !== undefined && userKeyOf(token) !== this.userKey) {
      // Another user in this tab: a new connection, and nothing of the previous user's carries over (adoptUser).
      this.abandon()
      clearTimeout(this.reconnectTimer)
      this.failures = 0
      this.adoptUser(token)
      this.info = { state: "connecting", attempt: 0 }
      return this.connect()
    }
    this.adoptUser(token)
    if (this.phase.state === "open") return this.renewIfNewer()
    if (this.phase.state === "idle" && this.info.state === "signedOut") this.connect()
  }

  private networkChanged(online: boolean): void {
    if (this.phase.state === "closed") return
    if (!online) {
      clearTimeout(this.reconnectTimer)
      this.abandon()
      if (this.info.state !== "signedOut") this.setInfo({ ...this.base(), state: "offline", reason: "network" })
      return
    }
    if (this.info.state === "offline" && this.phase.state === "idle") {
      this.failures = 0
      this.connect()
    }
  }

  // ---------------------------------------------------------------- frames in

  private received(socket: WebSocketLike, data: unknown): void {
    if ((this.phase.state !== "connecting" && this.phase.state !== "open") || this.phase.socket !== socket) return
    if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    const decoded = decodeServerFrame(bytes)
    if (!decoded.ok) return console.error(`client: undecodable server frame: ${decoded.message}`)
    this.handle(socket, decoded.frame)
  }

  private handle(socket: WebSocketLike, frame: ServerFrame): void {
    switch (frame.t) {
      case "welcome":
        return this.welcome(socket, frame)
      case "joined":
        return this.onJoined(frame)
      case "left":
        return void this.requests.delete(frame.ref)
      case "ack":
        return this.onAck(frame)
      case "nack":
        return this.onRefused(frame.ref, toClientCode(frame.code), frame.message)
      case "pong":
        return this.onPong(frame)
      case "ev":
        return this.onEvent(frame)
      case "presence":
        return this.channels.get(frame.addr)?.presenceFrom(frame.user, frame.data)
      case "error":
        return this.onError(frame)
      default:
        return assertNever(frame)
    }
  }

  private onJoined(frame: ServerFrameOf<"joined">): void {
    const request = this.requests.get(frame.ref)
    this.requests.delete(frame.ref)
    if (request?.kind !== "join") return
    const channel = request.channel
    if (this.channels.get(channel.addr) !== channel || channel.joinRef !== frame.ref) return
    channel.joined(frame.seq, request.resumed, frame.snapshot, frame.events as readonly ActorEvent[] | undefined, frame.presence)
    const slot = this.presenceSlots.get(channel.addr)
    if (slot && slot.data !== null && slot.data !== undefined) {
      slot.unsent = true
      this.flushPresence(channel.addr, slot)
    }
  }

  private onEvent(frame: ServerFrameOf<"ev">): void {
    const channel = this.channels.get(frame.addr)
    if (!channel) return
    const event: ActorEvent = { seq: frame.seq, ev: frame.ev as ActorEvent["ev"], by: frame.by, at: frame.at }
    // Events missing before this one: ask for them (a join with since) unless a join is already on its way.
    if (channel.event(event) === "gap" && channel.joinRef === undefined) this.sendJoin(channel)
  }

  private onAck(frame: ServerFrameOf<"ack">): void {
    const request = this.requests.get(frame.ref)
    if (request?.kind !== "cmd") return
    this.requests.delete(frame.ref)
    const op = request.op
    if (this.ops.get(op.id) !== op) return
    this.ops.delete(op.id)
    this.unstore(op)
    this.channels.get(op.addr)?.acked(op.id, frame.seq)
    op.settle?.resolve({ id: op.id, seq: frame.seq })
    this.pendingChanged()
  }

  /** A nack, or an error answering a cmd. */
  private onRefused(ref: number, code: ClientErrorCode, message: string): void {
    const request = this.requests.get(ref)
    if (request?.kind !== "cmd") return
    this.requests.delete(ref)
    const op = request.op
    if (this.ops.get(op.id) !== op) return
    op.ref = undefined
    if (TRANSIENT.has(code) && op.failures < MAX_TRANSIENT_RETRIES) {
      op.retryTimer = setTimeout(
        () => {
          op.retryTimer = undefined
          this.sendOp(op)
        },
        backoffDelay(op.failures++, this.backoff, this.random),
      )
      return
    }
    this.ops.delete(op.id)
    this.unstore(op)
    const error = new CommandError(code, message)
    this.channels.get(op.addr)?.rejected(op.id)
    const rejection: Rejection = { id: op.id, addr: op.addr, cmd: op.cmd, error, at: this.now() }
    this.rejectionList = [...this.rejectionList.slice(-(MAX_REJECTIONS - 1)), rejection]
    for (const listener of [...this.rejectedListeners]) listener(rejection)
    op.settle?.reject(error)
    this.pendingChanged()
  }

  private onPong(frame: ServerFrameOf<"pong">): void {
    if (frame.ref === undefined) return
    const request = this.requests.get(frame.ref)
    if (request?.kind !== "ping") return
    this.requests.delete(frame.ref)
    clearTimeout(request.timer)
    const rtt = this.now() - request.sentAt
    this.lastRtt = rtt
    request.resolve(rtt)
  }

  private onError(frame: ServerFrameOf<"error">): void {
    const code = toClientCode(frame.code)
    if (frame.ref !== undefined) {
      const request = this.requests.get(frame.ref)
      if (request?.kind === "cmd") return this.onRefused(frame.ref, code, frame.message)
      if (request?.kind === "ping") {
        this.requests.delete(frame.ref)
        clearTimeout(request.timer)
        return request.reject(new CommandError(code, frame.message))
      }
      if (request?.kind === "join") {
        this.requests.delete(frame.ref)
        const channel = request.channel
        if (this.channels.get(channel.addr) !== channel || channel.joinRef !== frame.ref) return
        return this.joinRefused(channel, code, frame.message)
      }
      this.requests.delete(frame.ref)
      return
    }
    if (frame.addr !== undefined) {
      const channel = this.channels.get(frame.addr)
      if (!channel) return
      // Presence too large or too fast concerns one frame, not the subscription.
      if (code === "too_large" || code === "rate_limited" || code === "bad_frame") return
      if (code === "forbidden") return channel.revoke(new CommandError(code, frame.message))
      // The actor stopped (passivated, moved, restarted): join again with since.
      channel.disconnected()
      return this.rejoinLater(channel)
    }
    // Connection-wide: unauthorized and too many connections are followed by the close that says what to do.
  }

  private joinRefused(channel: Channel, code: ClientErrorCode, message: string): void {
    channel.joinRef = undefined
    const error = new CommandError(code, message)
    if (code === "forbidden") return channel.revoke(error)
    if (code === "rate_limited" || code === "unavailable" || code === "internal") return this.rejoinLater(channel)
    channel.fail(error)
  }

  private rejoinLater(channel: Channel): void {
    clearTimeout(channel.rejoinTimer)
    channel.rejoinTimer = setTimeout(
      () => {
        channel.rejoinTimer = undefined
        if (this.channels.get(channel.addr) === channel && channel.status !== "revoked" && channel.status !== "failed") this.sendJoin(channel)
      },
      backoffDelay(channel.joinFailures++, this.backoff, this.random),
    )
  }

  // ---------------------------------------------------------------- frames out

  private canSend(): boolean {
    return this.phase.state === "open" && !this.phase.renewing
  }

  /** Everything that waited for a connection (or a renewed token): joins first, then commands in their order, then presence. */
  private flush(): void {
    for (const channel of this.channels.values()) {
      if (
        !channel.joinedOnSocket &&
        channel.joinRef === undefined &&
        channel.rejoinTimer === undefined &&
        channel.status !== "revoked" &&
        channel.status !== "failed"
      )
        this.sendJoin(channel)
    }
    for (const op of this.ops.values()) if (op.ref === undefined && op.retryTimer === undefined) this.sendOp(op)
    for (const [addr, slot] of this.presenceSlots) this.flushPresence(addr, slot)
  }

  private sendJoin(channel: Channel): void {
    if (!this.canSend() || channel.handles.size === 0) return
    if (channel.joinRef !== undefined) this.requests.delete(channel.joinRef)
    const resumed = channel.canResume()
    const since = resumed ? channel.lastSeq : undefined
    channel.joinRef = this.sendRequest({ kind: "join", channel, resumed }, (ref) => ({
      t: "join",
      ref,
      addr: channel.addr,
      ...(since !== undefined ? { since } : {}),
    }))
  }

  private requestResumes(ref: number): boolean {
    const request = this.requests.get(ref)
    return request?.kind === "join" && request.resumed
  }

  private sendOp(op: Op): void {
    if (!this.canSend() || op.ref !== undefined) return
    op.ref = this.sendRequest({ kind: "cmd", op }, (ref) => ({ t: "cmd", ref, addr: op.addr, id: op.id, cmd: op.cmd }) as ClientFrame)
  }

  private flushPresence(addr: string, slot: PresenceSlot): void {
    const channel = this.channels.get(addr)
    if (!slot.unsent || !this.canSend() || !channel?.joinedOnSocket || slot.timer !== undefined) return
    const wait = slot.lastSentAt + this.presenceIntervalMs - this.now()
    if (wait > 0) {
      slot.timer = setTimeout(() => {
        slot.timer = undefined
        this.flushPresence(addr, slot)
      }, wait)
      return
    }
    slot.unsent = false
    slot.lastSentAt = this.now()
    if (this.phase.state === "open") this.write(this.phase.socket, { t: "presence", addr, data: slot.data ?? null })
  }

  private pingWithin(timeoutMs: number): Promise<number> {
    if (!this.canSend()) return Promise.reject(new CommandError("unavailable", "not connected"))
    return new Promise((resolve, reject) => {
      let ref = 0
      const timer = setTimeout(() => {
        this.requests.delete(ref)
        reject(new CommandError("unavailable", `no pong within ${timeoutMs} ms`))
      }, timeoutMs)
      ref = this.sendRequest({ kind: "ping", sentAt: this.now(), resolve, reject, timer }, (r) => ({ t: "ping", ref: r }))
    })
  }

  private scheduleHeartbeat(): void {
    clearTimeout(this.heartbeatTimer)
    if (this.heartbeatMs <= 0) return
    this.heartbeatTimer = setTimeout(() => {
      const phase = this.phase
      if (phase.state !== "open") return
      if (phase.renewing) return this.scheduleHeartbeat()
      this.pingWithin(this.heartbeatTimeoutMs).then(
        () => this.scheduleHeartbeat(),
        () => {
          if (this.phase === phase) this.lost("unresponsive")
        },
      )
    }, this.heartbeatMs)
  }

  private sendRequest(request: Request, make: (ref: number) => ClientFrame): number {
    const ref = this.nextRef++
    this.requests.set(ref, request)
    if (this.phase.state === "open") this.write(this.phase.socket, make(ref))
    return ref
  }

  private write(socket: WebSocketLike, frame: ClientFrame): void {
    try {
      socket.send(encodeFrame(frame))
    } catch {
      // The socket is closing; its close event brings the retry.
    }
  }

  // ---------------------------------------------------------------- queue and state

  /** Loads the pending commands a previous page of this user left (same ids, so the server answers repeats with the first ack). */
  private adoptUser(token: string | undefined): void {
    if (!token) return
    const key = userKeyOf(token)
    if (this.userKey === key) return
    if (this.userKey !== undefined) {
      this.dropQueue(new CommandError("unauthorized", "another user signed in before the command was answered"))
      for (const channel of this.channels.values()) channel.forget()
      this.rejectionList = []
    }
    this.userKey = key
    this.stored = new StoredQueue<StoredOp>(this.storage, `${QUEUE_KEY}.${key}`, this.tabId, `${QUEUE_KEY_V1}.${key}`)
    for (const { slot, value: entry } of this.stored.load(isStoredOp)) {
      if (this.ops.has(entry.id)) {
        this.stored.remove(slot)
        continue
      }
      this.ops.set(entry.id, {
        id: entry.id,
        addr: entry.addr,
        cmd: entry.cmd,
        at: entry.at,
        ref: undefined,
        failures: 0,
        retryTimer: undefined,
        slot,
      })
    }
    this.pendingChanged()
  }

  /** An answered command leaves storage: one key removed. */
  private unstore(op: Op): void {
    if (op.slot !== undefined) this.stored?.remove(op.slot)
  }

  private dropQueue(error: CommandError): void {
    const ops = [...this.ops.values()]
    this.ops.clear()
    this.stored?.clear()
    for (const op of ops) {
      clearTimeout(op.retryTimer)
      this.channels.get(op.addr)?.rejected(op.id)
      op.settle?.reject(error)
    }
    this.pendingChanged()
  }

  private pendingChanged(): void {
    const count = this.ops.size
    if (count === this.lastPending) return
    this.lastPending = count
    for (const listener of [...this.pendingListeners]) listener(count)
  }

  /** The connection info without the parts that describe one state (reason, retryAt). */
  private base(): Connection {
    const { reason: _, retryAt: __, ...rest } = this.info
    return { ...rest, attempt: this.failures }
  }

  private setInfo(next: Connection): void {
    const previous = this.info
    if (
      previous.state === next.state &&
      previous.reason === next.reason &&
      previous.retryAt === next.retryAt &&
      previous.attempt === next.attempt &&
      previous.user === next.user &&
      previous.node === next.node
    )
      return
    this.info = next
    for (const listener of [...this.connectionListeners]) listener(next)
  }
}

const userKeyOf = (token: string): string => {
  const claims = readClaims(token)
  return `${claims.tenant ?? ""}/${claims.user ?? ""}`
}

const assertNever = (value: never): never => {
  throw new Error(`client: unhandled server frame ${JSON.stringify(value)}`)
}
