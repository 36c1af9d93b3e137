/**
 * Fan-out of one actor's events to the sockets joined to it on this node.
 *
 * Every member still has its own runtime join (its own atomic catch-up), and
 * every event is still checked per member (`canRead`, then `viewFor`). What
 * changes is the send: the members whose view is the event itself are kept
 * subscribed to one transport topic, and the event's frame is published to it
 * once, instead of one send per socket. With uWebSockets.js a publish is one
 * call into C++, which writes each subscriber's pending frames together, so an
 * fsync batch of many events costs one write per socket instead of one per
 * event (bench fanout: server CPU per delivery, see gateway/README.md).
 *
 * A member whose view differs (redacted, withheld) or who lost access gets
 * its own frame first and leaves the topic before the event is published, so
 * it never receives the shared frame; a revoked member is then dropped.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { PublishedEvent } from "../../engine/runtime/api.ts"
import type { LiveSocket } from "../transport/transport.ts"

export interface RoomMember {
  /** The member's current user (a renewed token may change its roles). */
  user: User
  readonly socket: LiveSocket
  /** Seq of the last event this member was sent on this address. */
  lastSeq: number
  /** Whether the socket is subscribed to the room's topic. */
  onTopic: boolean
  /** Sends this member its own view of `event` (already known to differ from the shared one). */
  sendOwnView(event: PublishedEvent, view: { readonly type: string }): void
  /** Access was revoked by `event`: tell the member and drop its subscription (which removes it from the room). */
  revoke(event: PublishedEvent): void
  /** The room published `bytes` to the member's topic: counted against its send buffer, which is checked every so many bytes. */
  queued(bytes: number): void
}

export interface RoomHost {
  /** The encoded `ev` frame for the shared view of `event`. */
  readonly sharedFrame: (event: PublishedEvent) => Uint8Array
}

const WITHHELD = { type: "withheld" } as const

export class FanoutRoom {
  readonly members = new Set<RoomMember>()
  /** Highest seq fanned out; the runtime calls once per joined socket, the room acts on the first. */
  private lastSeq = 0
  // Scratch lists reused across events: fan-out runs once per event, allocation-free in the common case.
  private readonly own: Array<[RoomMember, { readonly type: string }]> = []
  private readonly revoked: RoomMember[] = []
  private readonly shared: RoomMember[] = []

  constructor(
    /** The transport topic: the actor's address key, tenant included. */
    readonly topic: string,
    private readonly host: RoomHost,
  ) {}

  add(member: RoomMember): void {
    this.members.add(member)
  }

  remove(member: RoomMember): void {
    if (!this.members.delete(member)) return
    if (member.onTopic) {
      member.onTopic = false
      member.socket.unsubscribe(this.topic)
    }
  }

  deliver(event: PublishedEvent): void {
    if (event.seq <= this.lastSeq) return
    this.lastSeq = event.seq
    let sharedSocket: LiveSocket | undefined
    for (const member of this.members) {
      if (event.seq <= member.lastSeq) continue
      // viewFor is undefined both for a withheld event and for a reader who lost access: only then is canRead asked.
      const visible = event.viewFor(member.user)
      if (visible === undefined && !event.canRead(member.user)) {
        this.revoked.push(member)
        continue
      }
      const view = visible ?? WITHHELD
      member.lastSeq = event.seq
      if (view !== event.ev) {
        this.own.push([member, view])
        continue
      }
      if (!member.onTopic) {
        member.onTopic = true
        member.socket.subscribe(this.topic)
      }
      sharedSocket = member.socket
      this.shared.push(member)
    }
    // Members that must not get the shared frame leave the topic before it is published.
    for (const [member, view] of this.own) {
      member.sendOwnView(event, view)
      if (member.onTopic) {
        member.onTopic = false
        member.socket.unsubscribe(this.topic)
      }
    }
    for (const member of this.revoked) member.revoke(event)
    this.own.length = 0
    this.revoked.length = 0
    if (sharedSocket) {
      const frame = this.host.sharedFrame(event)
      sharedSocket.publish(this.topic, frame)
      // A member revoked or cut above is no longer on the topic: it got no frame.
      for (const member of this.shared) if (member.onTopic) member.queued(frame.byteLength)
    }
    this.shared.length = 0
  }
}
