/**
 * The live endpoint of one node: accepts sockets from a transport, gives
 * each a Connection, and drains them on shutdown (stop accepting, let
 * in-flight commands finish and ack, then close every socket with 4009).
 */
import type { ActorSystem, PublishedEvent } from "../../engine/runtime/api.ts"
import type { Tokens } from "../auth/tokens.ts"
import { CloseCode, encodeFrame } from "../protocol.ts"
import type { LiveSocket, SocketHandler } from "../transport/transport.ts"
import { Connection } from "./connection.ts"
import { defaultLiveSettings, type LiveContext, type LiveSettings } from "./context.ts"
import { FanoutRoom, type RoomHost } from "./fanout-room.ts"
import { InFlight } from "./in-flight.ts"
import { PresenceHub } from "./presence.ts"


export interface LiveServerOptions {
  readonly system: ActorSystem
  readonly tokens: Tokens
  readonly nodeId: string
  readonly settings?: Partial<LiveSettings>
}

export class LiveServer {
  readonly settings: LiveSettings
  private readonly connections = new Set<Connection>()
  private readonly inFlight = new InFlight()
  private readonly presence: PresenceHub
  private readonly frames = new WeakMap<object, Uint8Array>()
  private readonly rooms = new Map<string, FanoutRoom>()
  private readonly roomHost: RoomHost
  private readonly ctx: LiveContext
  private draining = false

  constructor(options: LiveServerOptions) {
    this.settings = { ...defaultLiveSettings, ...options.settings }
    this.presence = new PresenceHub(this.settings.presenceIntervalMs)
    this.roomHost = {
      sharedFrame: (event) => this.eventFrame(event, event.ev),
    }
    this.ctx = {
      system: options.system,
      tokens: options.tokens,
      presence: this.presence,
      settings: this.settings,
      nodeId: options.nodeId,
      isDraining: () => this.draining,
      inFlight: this.inFlight,
      eventFrame: (event, view) => this.eventFrame(event, view),
      forget: (connection) => void this.connections.delete(connection as Connection),
      rooms: {
        enter: (key) => {
          let room = this.rooms.get(key)
          if (!room) this.rooms.set(key, (room = new FanoutRoom(key, this.roomHost)))
          return room
        },
        leave: (room, member) => {
          room.remove(member)
          if (room.members.size === 0 && this.rooms.get(room.topic) === room) this.rooms.delete(room.topic)
        },
      },
    }
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** The transport's `live` callback. */
  readonly accept = (socket: LiveSocket): SocketHandler => {
    const connection = new Connection(socket, this.ctx)
    if (this.draining) connection.cut(CloseCode.shuttingDown, "shutting_down")
    else this.connections.add(connection)
    return connection
  }

  /** Waits up to `graceMs` for in-flight commands, then closes every socket with 4009. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true
    const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref())
    await Promise.race([this.inFlight.whenIdle(), deadline])
    for (const connection of [...this.connections]) connection.cut(CloseCode.shuttingDown, "shutting_down")
    this.presence.close()
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
