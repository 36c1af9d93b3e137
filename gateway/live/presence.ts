/**
 * Ephemeral presence (cursors, selections, typing) per actor, across nodes:
 * never persisted, sent only to the connections currently joined to the
 * actor (which passed `canRead` and are dropped on revoke), and coalesced so
 * each member sends at most one update per interval: the latest one wins.
 *
 * What a member shows goes to the members on this node at once and to the
 * other nodes through the presence bus (gateway/cache/port.ts). The hub
 * follows, on the bus, each actor that has members here, and hands what the
 * other nodes publish to them; a join's snapshot lists the peers of every
 * node. Every third of the TTL the hub refreshes its members' entries on the
 * bus (so they expire when this node dies) and reads back what the others
 * show (so a dead node's members disappear here).
 */
import { randomBytes } from "node:crypto"
import { addressFromKey, formatAddress, type Address } from "../../engine/address.ts"
import { InProcessCache } from "../cache/in-process.ts"
import type { PresenceBus, PresenceRecord } from "../cache/port.ts"
import { PresenceMirror } from "../cache/presence-mirror.ts"
import { encodeFrame, type PresenceEntry } from "../protocol.ts"

export interface PresenceMember {
  /** The user id shown to others. */
  readonly userId: string
  /** Sends already-encoded bytes to this member, obeying its backpressure. */
  sendBytes(bytes: Uint8Array): void
}

export interface PresenceHubOptions {
  readonly intervalMs: number
  /** Where the nodes share presence (default: a bus of this hub alone). */
  readonly bus?: PresenceBus
  /** This node's name; the hub adds a suffix of its own, so two hubs that share a bus never take each other for themselves. */
  readonly nodeId?: string
  /** How long an entry outlives its node on the bus (default 15 s). */
  readonly ttlMs?: number
  /** How long a join waits for the other nodes' presence of its actor before going ahead without it (default 1 s). */
  readonly followTimeoutMs?: number
  readonly now?: () => number
}

interface Slot {
  readonly id: string
  data: unknown
  lastSentAt: number
  pending: boolean
  timer: ReturnType<typeof setTimeout> | undefined
  /** Whether the bus holds an entry for this member (it showed something and has not cleared it). */
  onBus: boolean
}

interface Room {
  readonly actor: Address
  readonly wire: string
  readonly members: Map<PresenceMember, Slot>
  readonly others: PresenceMirror
  /** Settles once the room follows the bus and has read what the others show, or failed to (retried every tick). */
  following: Promise<void>
  subscribing: boolean
  /** Whether what the others show has been read since the room began following. */
  ready: boolean
  unsubscribe?: () => Promise<void>
  correcting: boolean
  /** Last time a member came, went or was awaited: an empty room is dropped a tick later. */
  touchedAt: number
}

const DEFAULT_TTL_MS = 15_000
const WARN_EVERY_MS = 10_000
const CLOSE_WAIT_MS = 2_000

export class PresenceHub {
  private readonly rooms = new Map<string, Room>()
  private readonly bus: PresenceBus
  private readonly nodeId: string
  private readonly intervalMs: number
  private readonly ttlMs: number
  private readonly followTimeoutMs: number
  private readonly now: () => number
  private readonly ticker: ReturnType<typeof setInterval>
  /** Bus requests not yet answered: `close` waits for them. */
  private readonly pending = new Set<Promise<unknown>>()
  private serial = 0
  private warnedAt = Number.NEGATIVE_INFINITY

  constructor(options: PresenceHubOptions) {
    this.intervalMs = options.intervalMs
    this.bus = options.bus ?? new InProcessCache().presence
    this.nodeId = `${options.nodeId ?? `node-${process.pid}`}~${randomBytes(4).toString("hex")}`
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS
    this.followTimeoutMs = options.followTimeoutMs ?? 1_000
    this.now = options.now ?? Date.now
    this.ticker = setInterval(() => this.tick(), this.ttlMs / 3)
    this.ticker.unref?.()
  }

  /**
   * Starts following `key` on the bus, for a member about to join: undefined
   * when the hub already knows what the other nodes show there, else a
   * promise that settles once it does (or the wait is over).
   */
  follow(key: string): Promise<void> | undefined {
    const room = this.room(key)
    if (room.ready) return undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.followTimeoutMs)))
    return Promise.race([room.following, timeout]).finally(() => clearTimeout(timer))
  }

  /** Registers a member that has joined `key` (an address key, tenant included). */
  add(key: string, member: PresenceMember): void {
    const room = this.room(key)
    if (!room.members.has(member)) {
      room.members.set(member, { id: `${this.nodeId}/${this.serial++}`, data: null, lastSentAt: 0, pending: false, timer: undefined, onBus: false })
    }
  }

  /** Forgets a member; others, here and on other nodes, learn it is gone if it had shown anything. */
  remove(key: string, member: PresenceMember): void {
    const room = this.rooms.get(key)
    const slot = room?.members.get(member)
    if (!room || !slot) return
    clearTimeout(slot.timer)
    room.members.delete(member)
    room.touchedAt = this.now()
    if (slot.data !== null) this.broadcast(room, member, member.userId, null)
    this.takeOffBus(room, slot, member.userId)
  }

  /** False when the member has not joined `key` (and so may not speak there). */
  update(key: string, member: PresenceMember, data: unknown): boolean {
    const room = this.rooms.get(key)
    const slot = room?.members.get(member)
    if (!room || !slot) return false
    slot.data = data ?? null
    if (slot.pending) return true
    const wait = slot.lastSentAt + this.intervalMs - this.now()
    if (wait <= 0) return this.flush(room, member, slot)
    slot.pending = true
    slot.timer = setTimeout(() => this.flush(room, member, slot), wait)
    return true
  }

  /** What the others in `key`, on every node, currently show, for a member that just joined. */
  entries(key: string, except: PresenceMember): PresenceEntry[] {
    const room = this.rooms.get(key)
    if (!room) return []
    const entries: PresenceEntry[] = []
    for (const [member, slot] of room.members) if (member !== except && slot.data !== null) entries.push({ user: member.userId, data: slot.data })
    for (const record of room.others.records()) entries.push({ user: record.user, data: record.data })
    return entries
  }

  /** Stops following the bus and takes this node's entries off it, so other nodes drop them now rather than at expiry. */
  async close(): Promise<void> {
    clearInterval(this.ticker)
    for (const room of this.rooms.values()) {
      for (const [member, slot] of room.members) {
        clearTimeout(slot.timer)
        this.takeOffBus(room, slot, member.userId)
      }
      if (room.unsubscribe) this.track(room.unsubscribe())
    }
    this.rooms.clear()
    // A bus that does not answer must not hold a shutdown up: what it has not done by then expires on its own.
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))
    await Promise.race([Promise.allSettled([...this.pending]), deadline])
    clearTimeout(timer)
  }

  private room(key: string): Room {
    const existing = this.rooms.get(key)
    if (existing) {
      existing.touchedAt = this.now()
      return existing
    }
    const actor = addressFromKey(key)
    const room: Room = {
      actor,
      wire: formatAddress(actor),
      members: new Map(),
      others: new PresenceMirror(this.nodeId),
      following: Promise.resolve(),
      subscribing: false,
      ready: false,
      correcting: false,
      touchedAt: this.now(),
    }
    this.rooms.set(key, room)
    room.following = this.startFollowing(key, room)
    return room
  }

  private async startFollowing(key: string, room: Room): Promise<void> {
    room.subscribing = true
    try {
      const subscription = await this.track(this.bus.subscribe(room.actor, (change) => this.hear(room, change)))
      // The room may have been dropped (or the hub closed) while the bus answered.
      if (this.rooms.get(key) !== room) return void this.track(subscription.unsubscribe())
      room.unsubscribe = () => subscription.unsubscribe()
    } catch (error) {
      return this.warn("cannot follow presence on other nodes", error)
    } finally {
      room.subscribing = false
    }
    await this.correct(room).catch((error) => this.warn("cannot read presence of other nodes", error))
  }

  private hear(room: Room, change: PresenceRecord): void {
    const told = room.others.hear(change)
    if (told) this.broadcast(room, undefined, told.user, told.data)
  }

  /** Reads what the other nodes show and tells local members what they missed (a dead node's members leaving). */
  private async correct(room: Room): Promise<void> {
    if (room.correcting) return
    room.correcting = true
    try {
      const asked = room.others.mark()
      const read = await this.track(this.bus.read(room.actor))
      for (const change of room.others.correct(asked, read)) this.broadcast(room, undefined, change.user, change.data)
      room.ready = true
    } finally {
      room.correcting = false
    }
  }

  private tick(): void {
    const stale = this.now() - this.ttlMs / 3
    for (const [key, room] of this.rooms) {
      if (room.members.size === 0 && room.touchedAt <= stale) {
        this.rooms.delete(key)
        if (room.unsubscribe) this.track(room.unsubscribe()).catch((error) => this.warn("cannot stop following presence", error))
        continue
      }
      this.keepAlive(room).catch((error) => this.warn("cannot refresh presence", error))
      if (room.unsubscribe) this.correct(room).catch((error) => this.warn("cannot read presence of other nodes", error))
      else if (!room.subscribing) room.following = this.startFollowing(key, room)
    }
  }

  /** Refreshes this node's entries on the bus; those that had expired meanwhile (a long pause) are published again. */
  private async keepAlive(room: Room): Promise<void> {
    const showing = [...room.members].filter(([, slot]) => slot.onBus)
    if (showing.length === 0) return
    const missing = new Set(
      await this.track(
        this.bus.refresh(
          room.actor,
          showing.map(([, slot]) => slot.id),
          this.ttlMs,
        ),
      ),
    )
    for (const [member, slot] of showing)
      if (missing.has(slot.id) && slot.onBus && room.members.get(member) === slot) this.publish(room, member, slot)
  }

  private flush(room: Room, member: PresenceMember, slot: Slot): true {
    slot.pending = false
    slot.timer = undefined
    slot.lastSentAt = this.now()
    if (room.members.get(member) !== slot) return true
    this.broadcast(room, member, member.userId, slot.data)
    if (slot.data !== null) this.publish(room, member, slot)
    else this.takeOffBus(room, slot, member.userId)
    return true
  }

  private publish(room: Room, member: PresenceMember, slot: Slot): void {
    slot.onBus = true
    const record: PresenceRecord = { member: slot.id, node: this.nodeId, user: member.userId, data: slot.data }
    this.track(this.bus.publish(room.actor, record, this.ttlMs)).catch((error) => this.warn("cannot publish presence to other nodes", error))
  }

  private takeOffBus(room: Room, slot: Slot, user: string): void {
    if (!slot.onBus) return
    slot.onBus = false
    this.track(this.bus.remove(room.actor, { member: slot.id, node: this.nodeId, user })).catch((error) =>
      this.warn("cannot remove presence on other nodes", error),
    )
  }

  /** To the members on this node, except `from` (the member who spoke, when it is one of them). */
  private broadcast(room: Room, from: PresenceMember | undefined, user: string, data: unknown): void {
    const bytes = encodeFrame({ t: "presence", addr: room.wire, user, data })
    for (const member of [...room.members.keys()]) if (member !== from) member.sendBytes(bytes)
  }

  private track<T>(request: Promise<T>): Promise<T> {
    this.pending.add(request)
    request.then(
      () => this.pending.delete(request),
      () => this.pending.delete(request),
    )
    return request
  }

  /** Presence is best-effort: a bus that fails is worth a line now and then, never an error to a client. */
  private warn(message: string, error: unknown): void {
    if (this.now() - this.warnedAt < WARN_EVERY_MS) return
    this.warnedAt = this.now()
    console.warn(JSON.stringify({ level: "warn", message, error: error instanceof Error ? error.message : String(error) }))
  }
}
