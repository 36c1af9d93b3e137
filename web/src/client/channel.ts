/**
 * One subscribed actor on the live connection: its last seen seq, the
 * screens' handles (each with its own reducer and confirmed state), this
 * client's optimistic changes not yet confirmed by an event, and the other
 * members' presence. It knows nothing of sockets: live.ts feeds it frames.
 *
 * Visible state = the confirmed state (folded from the server's snapshot
 * and events, in seq order) with the pending optimistic changes applied on
 * top, in the order they were sent. A change leaves the list when the event
 * its ack named has been folded in (never before: no flicker between the ack
 * and the event), or at once when it is refused; the visible state is then
 * recomputed from the confirmed one.
 */
import { CommandError } from "./errors.ts"
import type { Ack, ActorEvent, ActorHandle, Command, HandleStatus, PresencePeer, Reducer, SendOptions } from "./types.ts"

/** What a channel needs from the live connection. */
export interface ChannelHost {
  send(addr: string, cmd: Command, options?: SendOptions<never>): Promise<Ack>
  presence(addr: string, data: unknown): void
  /** The handle's first state is wanted: join again without `since` so every reducer starts from one snapshot. */
  rejoinFresh(channel: Channel): void
  /** The last handle closed. */
  release(channel: Channel): void
  now(): number
}

interface Optimistic {
  readonly id: string
  readonly apply: (state: never) => unknown
  /** The ack's seq, once acked: the change leaves when the confirmed state reaches it. */
  ackedSeq?: number
}

type ChannelStatus = Exclude<HandleStatus, "closed">

export class Channel {
  readonly handles = new Set<Handle<unknown>>()
  /** The last event seq folded into every handle's confirmed state. */
  lastSeq = 0
  status: ChannelStatus = "joining"
  error: CommandError | undefined
  /** The outstanding `join` on the current socket, if any. */
  joinRef: number | undefined
  /** True once `joined` came on the current socket. */
  joinedOnSocket = false
  /** Join attempts refused for a passing reason (rate_limited, unavailable), for the back-off. */
  joinFailures = 0
  rejoinTimer: ReturnType<typeof setTimeout> | undefined
  readonly peers = new Map<string, PresencePeer>()
  private readonly optimistic: Optimistic[] = []

  constructor(
    readonly addr: string,
    readonly host: ChannelHost,
  ) {}

  /** Whether a join may ask for `since`: every handle already has state to fold the missed events into. */
  canResume(): boolean {
    if (this.handles.size === 0) return false
    for (const handle of this.handles) if (!handle.hasState) return false
    return true
  }

  subscribe<S>(reducer: Reducer<S>): Handle<S> {
    const handle = new Handle<S>(this, reducer)
    this.handles.add(handle as Handle<unknown>)
    return handle
  }

  /** The `joined` reply: fresh state from the snapshot, or the missed events when the join resumed with `since`. */
  joined(
    seq: number,
    resumed: boolean,
    snapshot: unknown,
    events: readonly ActorEvent[] | undefined,
    peers: readonly { user: string; data: unknown }[],
  ): void {
    this.joinRef = undefined
    this.joinedOnSocket = true
    this.joinFailures = 0
    this.error = undefined
    if (resumed && events) {
      for (const event of events) if (event.seq > this.lastSeq) this.fold(event)
    } else {
      for (const handle of this.handles) handle.reset(snapshot, events ?? [])
    }
    this.lastSeq = Math.max(seq, this.lastSeq)
    this.status = "live"
    this.peers.clear()
    const at = this.host.now()
    for (const peer of peers) if (peer.data !== null && peer.data !== undefined) this.peers.set(peer.user, { user: peer.user, data: peer.data, at })
    this.prune()
    this.refresh()
    for (const handle of this.handles) handle.presenceChanged()
  }

  /** One `ev` frame. "gap" when events are missing before it (join again with since). */
  event(event: ActorEvent): "ok" | "gap" {
    if (event.seq <= this.lastSeq) return "ok"
    if (!this.canResume()) return "ok"
    if (event.seq !== this.lastSeq + 1) return "gap"
    this.fold(event)
    this.lastSeq = event.seq
    this.prune()
    this.refresh()
    return "ok"
  }

  /** Access refused or revoked: no more events; the last state stays for the screen to decide. */
  revoke(error: CommandError): void {
    this.end("revoked", error)
  }

  /** The actor cannot be joined (not found, or refused for good). */
  fail(error: CommandError): void {
    this.end("failed", error)
  }

  /** The socket is gone: joins must be sent again; state and presence stay until the next `joined`. */
  disconnected(): void {
    this.joinRef = undefined
    this.joinedOnSocket = false
  }

  /** Another user signed in: nothing seen so far may show; the next join starts afresh. */
  forget(): void {
    this.lastSeq = 0
    this.status = "joining"
    this.error = undefined
    this.disconnected()
    this.optimistic.length = 0
    this.peers.clear()
    for (const handle of this.handles) {
      handle.forget()
      handle.presenceChanged()
    }
    this.refresh()
  }

  addOptimistic(id: string, apply: (state: never) => unknown): void {
    this.optimistic.push({ id, apply })
    this.refresh()
  }

  acked(id: string, seq: number): void {
    const change = this.optimistic.find((o) => o.id === id)
    if (!change) return
    change.ackedSeq = seq
    // Without a subscription no event will come to confirm it.
    if (this.ended() || seq <= this.lastSeq) {
      this.prune()
      this.refresh()
    }
  }

  rejected(id: string): void {
    const index = this.optimistic.findIndex((o) => o.id === id)
    if (index < 0) return
    this.optimistic.splice(index, 1)
    this.refresh()
  }

  presenceFrom(user: string, data: unknown): void {
    if (data === null || data === undefined) this.peers.delete(user)
    else this.peers.set(user, { user, data, at: this.host.now() })
    for (const handle of this.handles) handle.presenceChanged()
  }

  /** Recomputes every handle's visible state and tells its listeners. */
  refresh(): void {
    for (const handle of this.handles) handle.recompute(this.optimistic)
  }

  remove(handle: Handle<unknown>): void {
    if (!this.handles.delete(handle)) return
    if (this.handles.size === 0) this.host.release(this)
  }

  private ended(): boolean {
    return this.status === "revoked" || this.status === "failed"
  }

  private fold(event: ActorEvent): void {
    for (const handle of this.handles) handle.fold(event)
  }

  private prune(): void {
    for (let i = this.optimistic.length - 1; i >= 0; i--) {
      const seq = this.optimistic[i]!.ackedSeq
      if (seq !== undefined && (seq <= this.lastSeq || this.ended())) this.optimistic.splice(i, 1)
    }
  }

  private end(status: "revoked" | "failed", error: CommandError): void {
    this.status = status
    this.error = error
    this.joinRef = undefined
    this.joinedOnSocket = false
    clearTimeout(this.rejoinTimer)
    this.peers.clear()
    for (const handle of this.handles) {
      handle.ended(error)
      handle.presenceChanged()
    }
    this.prune()
    this.refresh()
  }
}

/** A screen's view of one channel, with its own reducer. Its methods are bound (they may be passed around). */
export class Handle<S> implements ActorHandle<S> {
  hasState = false
  private confirmed: S | undefined
  private visible: S | undefined
  private closed = false
  private readonly listeners = new Set<(state: S | undefined) => void>()
  private readonly presenceListeners = new Set<(peers: ReadonlyMap<string, PresencePeer>) => void>()
  private waiters: Array<{ resolve: (state: S) => void; reject: (error: CommandError) => void }> = []

  constructor(
    private readonly channel: Channel,
    private readonly reducer: Reducer<S>,
  ) {}

  get addr(): string {
    return this.channel.addr
  }
  get seq(): number {
    return this.hasState ? this.channel.lastSeq : 0
  }
  get status(): HandleStatus {
    if (this.closed) return "closed"
    if (!this.hasState && this.channel.status === "live") return "joining"
    return this.channel.status
  }
  get revoked(): boolean {
    return !this.closed && this.channel.status === "revoked"
  }
  get error(): CommandError | undefined {
    return this.channel.error
  }

  readonly state = (): S | undefined => this.visible

  readonly ready = (): Promise<S> => {
    if (this.hasState && this.visible !== undefined) return Promise.resolve(this.visible)
    if (this.closed) return Promise.reject(new CommandError("unavailable", "the handle is closed"))
    if (this.channel.status === "revoked" || this.channel.status === "failed") return Promise.reject(this.channel.error)
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  readonly onChange = (listener: (state: S | undefined) => void): (() => void) => {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  readonly presence = (): ReadonlyMap<string, PresencePeer> => this.channel.peers

  readonly onPresence = (listener: (peers: ReadonlyMap<string, PresencePeer>) => void): (() => void) => {
    this.presenceListeners.add(listener)
    return () => void this.presenceListeners.delete(listener)
  }

  readonly send = (cmd: Command, options?: SendOptions<S>): Promise<Ack> => {
    return this.channel.host.send(this.channel.addr, cmd, options as SendOptions<never> | undefined)
  }

  readonly setPresence = (data: unknown): void => {
    if (!this.closed) this.channel.host.presence(this.channel.addr, data)
  }

  readonly close = (): void => {
    if (this.closed) return
    this.closed = true
    for (const waiter of this.waiters.splice(0)) waiter.reject(new CommandError("unavailable", "the handle was closed"))
    this.channel.remove(this as Handle<unknown>)
    this.notify()
    this.listeners.clear()
    this.presenceListeners.clear()
  }

  // ---- fed by the channel

  reset(snapshot: unknown, events: readonly ActorEvent[]): void {
    try {
      this.confirmed = this.reducer.init(snapshot, events)
      this.hasState = true
    } catch (error) {
      console.error("client: a reducer's init threw", error)
    }
  }

  fold(event: ActorEvent): void {
    if (!this.hasState) return
    try {
      this.confirmed = this.reducer.apply(this.confirmed as S, event)
    } catch (error) {
      console.error(`client: a reducer's apply threw on ${event.ev.type} (seq ${event.seq})`, error)
    }
  }

  recompute(changes: readonly Optimistic[]): void {
    if (this.closed) return
    let state = this.confirmed
    if (this.hasState) {
      for (const change of changes) {
        try {
          state = change.apply(state as never) as S
        } catch (error) {
          console.error("client: an optimistic change threw; it is left out", error)
        }
      }
    }
    this.visible = state
    if (this.hasState && state !== undefined) for (const waiter of this.waiters.splice(0)) waiter.resolve(state)
    this.notify()
  }

  forget(): void {
    this.hasState = false
    this.confirmed = undefined
  }

  ended(error: CommandError): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error)
  }

  presenceChanged(): void {
    if (this.closed) return
    for (const listener of [...this.presenceListeners]) listener(this.channel.peers)
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener(this.visible)
  }
}
