/**
 * Ephemeral presence (cursors, selections, typing) per actor, on this node:
 * never persisted, sent only to the connections currently joined to the
 * actor (which passed `canRead` and are dropped on revoke), and coalesced so
 * each member sends at most one update per interval: the latest one wins.
 */
import { encodeFrame, type PresenceEntry } from "../protocol.ts"

export interface PresenceMember {
  /** The user id shown to others. */
  readonly userId: string
  /** Sends already-encoded bytes to this member, obeying its backpressure. */
  sendBytes(bytes: Uint8Array): void
}

interface Slot {
  data: unknown
  lastSentAt: number
  pending: boolean
  timer: ReturnType<typeof setTimeout> | undefined
}

interface Room {
  readonly wire: string
  readonly members: Map<PresenceMember, Slot>
}

export class PresenceHub {
  private readonly rooms = new Map<string, Room>()

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers a member that has joined `key` (an address key, tenant included). */
  add(key: string, wire: string, member: PresenceMember): void {
    let room = this.rooms.get(key)
    if (!room) this.rooms.set(key, (room = { wire, members: new Map() }))
    if (!room.members.has(member)) room.members.set(member, { data: null, lastSentAt: 0, pending: false, timer: undefined })
  }

  /** Forgets a member; others learn it is gone if it had shown anything. */
  remove(key: string, member: PresenceMember): void {
    const room = this.rooms.get(key)
    const slot = room?.members.get(member)
    if (!room || !slot) return
    clearTimeout(slot.timer)
    room.members.delete(member)
    if (room.members.size === 0) this.rooms.delete(key)
    if (slot.data !== null) this.broadcast(room, member, null)
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

  /** What the others in `key` currently show, for a member that just joined. */
  entries(key: string, except: PresenceMember): PresenceEntry[] {
    const room = this.rooms.get(key)
    if (!room) return []
    const entries: PresenceEntry[] = []
    for (const [member, slot] of room.members) if (member !== except && slot.data !== null) entries.push({ user: member.userId, data: slot.data })
    return entries
  }

  close(): void {
    for (const room of this.rooms.values()) for (const slot of room.members.values()) clearTimeout(slot.timer)
    this.rooms.clear()
  }

  private flush(room: Room, member: PresenceMember, slot: Slot): true {
    slot.pending = false
    slot.timer = undefined
    slot.lastSentAt = this.now()
    if (room.members.get(member) === slot) this.broadcast(room, member, slot.data)
    return true
  }

  private broadcast(room: Room, from: PresenceMember, data: unknown): void {
    const bytes = encodeFrame({ t: "presence", addr: room.wire, user: from.userId, data })
    for (const member of [...room.members.keys()]) if (member !== from) member.sendBytes(bytes)
  }
}
