/**
 * The live endpoint of one node: accepts sockets from a transport, gives
 * each a Connection, holds the per-user and per-address connection caps and
 * the per-user command allowance, and drains on shutdown (stop accepting,
 * let in-flight commands finish and ack, then close every socket with 4009).
 */
import type { ActorSystem, PublishedEvent } from "../../engine/runtime/api.ts"
import { KeyedLimiter } from "../auth/rate-limit.ts"
import type { Tokens } from "../auth/tokens.ts"
import { TrustedProxies, addressLimitKey, socketClientAddress } from "../http/client-address.ts"
import { CloseCode, encodeFrame } from "../protocol.ts"
import type { LiveSocket, SocketHandler } from "../transport/transport.ts"
import { Connection } from "./connection.ts"
import { defaultLiveSettings, userKey, type LiveContext, type LiveSettings } from "./context.ts"
import { FanoutRooms } from "./fanout-room.ts"
import { InFlight } from "./in-flight.ts"
import type { PresenceBus } from "../cache/port.ts"
import { PresenceHub } from "./presence.ts"

export interface LiveServerOptions {
  readonly system: ActorSystem
  readonly tokens: Tokens
  readonly nodeId: string
  readonly settings?: Partial<LiveSettings>
  /** Proxies whose X-Forwarded-For names the client, for the per-address cap. */
  readonly trustedProxies?: TrustedProxies
  /** Where this node shares presence with the others (default: this node alone). */
  readonly presenceBus?: PresenceBus
}

/** What a connection counts against: its client's address (unless unknowable) and, once welcomed, its user. */
interface Slot {
  readonly address: string | undefined
  user: string | undefined
}

export class LiveServer {
  readonly settings: LiveSettings
  /** One allowance per user for `cmd` and `join` over all its connections; the HTTP API draws from it too. */
  readonly commandsPerUser: KeyedLimiter
  private readonly connections = new Map<Connection, Slot>()
  private readonly perUser = new Map<string, number>()
  private readonly perAddress = new Map<string, number>()
  private readonly trustedProxies: TrustedProxies
  private readonly inFlight = new InFlight()
  private readonly presence: PresenceHub
  private readonly frames = new WeakMap<object, Uint8Array>()
  private readonly rooms: FanoutRooms
  private readonly ctx: LiveContext
  private draining = false

  constructor(options: LiveServerOptions) {
    this.settings = { ...defaultLiveSettings, ...options.settings }
    this.commandsPerUser = new KeyedLimiter(this.settings.userCommandBurst, this.settings.userCommandsPerSecond)
    this.trustedProxies = options.trustedProxies ?? TrustedProxies.none
    this.presence = new PresenceHub({
      intervalMs: this.settings.presenceIntervalMs,
      nodeId: options.nodeId,
      ...(options.presenceBus ? { bus: options.presenceBus } : {}),
    })
    this.rooms = new FanoutRooms({ sharedFrame: (event) => this.eventFrame(event, event.ev), system: options.system, inFlight: this.inFlight })
    this.ctx = {
      system: options.system,
      tokens: options.tokens,
      presence: this.presence,
      settings: this.settings,
      nodeId: options.nodeId,
      isDraining: () => this.draining,
      inFlight: this.inFlight,
      eventFrame: (event, view) => this.eventFrame(event, view),
      forget: (connection) => this.release(connection as Connection),
      admitUser: (connection, user) => this.admitUser(connection as Connection, userKey(user)),
      commandsPerUser: this.commandsPerUser,
      rooms: this.rooms,
    }
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** The transport's `live` callback. */
  readonly accept = (socket: LiveSocket): SocketHandler => {
    const connection = new Connection(socket, this.ctx)
    if (this.draining) {
      connection.cut(CloseCode.shuttingDown, "shutting_down")
      return connection
    }
    const client = socketClientAddress(socket, this.trustedProxies)
    const address = client === undefined ? undefined : addressLimitKey(client)
    if (address !== undefined && (this.perAddress.get(address) ?? 0) >= this.settings.maxConnectionsPerAddress) {
      connection.tooManyConnections(
        `at most ${this.settings.maxConnectionsPerAddress} live connections from one address; close another and reconnect`,
      )
      return connection
    }
    this.connections.set(connection, { address, user: undefined })
    if (address !== undefined) increment(this.perAddress, address)
    return connection
  }

  private admitUser(connection: Connection, user: string): boolean {
    const slot = this.connections.get(connection)
    if (!slot) return false
    if (slot.user !== undefined) return true
    if ((this.perUser.get(user) ?? 0) >= this.settings.maxConnectionsPerUser) return false
    slot.user = user
    increment(this.perUser, user)
    return true
  }

  private release(connection: Connection): void {
    const slot = this.connections.get(connection)
    if (!slot) return
    this.connections.delete(connection)
    if (slot.address !== undefined) decrement(this.perAddress, slot.address)
    if (slot.user !== undefined) decrement(this.perUser, slot.user)
  }

  /** Waits up to `graceMs` for in-flight commands, then closes every socket with 4009. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true
    const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref())
    await Promise.race([this.inFlight.whenIdle(), deadline])
    for (const connection of [...this.connections.keys()]) connection.cut(CloseCode.shuttingDown, "shutting_down")
    await this.presence.close()
  }

  /** Encodes each distinct view of an event once, however many sockets receive it. */
  private eventFrame(event: PublishedEvent, view: { readonly type: string }): Uint8Array {
    const shared = view === event.ev
    const cached = shared ? this.frames.get(event) : undefined
    if (cached) return cached
    const bytes = encodeFrame({ t: "ev", addr: `${event.addr.kind}/${event.addr.id}`, seq: event.seq, ev: view, by: event.by, at: event.at })
    if (shared) this.frames.set(event, bytes)
    return bytes
  }
}

const increment = (counts: Map<string, number>, key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1)

const decrement = (counts: Map<string, number>, key: string): void => {
  const left = (counts.get(key) ?? 0) - 1
  if (left > 0) counts.set(key, left)
  else counts.delete(key)
}
