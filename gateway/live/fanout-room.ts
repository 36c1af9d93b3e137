/**
 * Fan-out of one actor's events to the sockets joined to it on this node.
 *
 * The room holds the node's one runtime subscription to the actor, and the
 * sockets join the room, not the runtime: the runtime calls the room once
 * per event, whatever the number of members. Each member still catches up
 * on its own (the runtime's `catchUpCallback`: its access checked, the events
 * after its `since` or the state it may see, each as its own view), answered
 * in the actor's turn on the room's subscription, so it meets the live events
 * with nothing missed or repeated. Events that reach the room while a
 * member's catch-up is on its way are kept for it (`early`) and sent after
 * its `joined`, those after its catch-up's seq only.
 *
 * Every event is still checked per member (`viewFor`, then `canRead`). The
 * members whose view is the event itself are kept subscribed to one
 * transport topic, and the event's frame is published to it once, instead of
 * one send per socket. With uWebSockets.js a publish is one call into C++,
 * which writes each subscriber's pending frames together, so an fsync batch
 * of many events costs one write per socket instead of one per event (bench
 * fanout: server CPU per delivery, see gateway/README.md).
 *
 * A member whose view differs (redacted, withheld) or who lost access gets
 * its own frame first and leaves the topic before the event is published, so
 * it never receives the shared frame; a revoked member is then dropped.
 *
 * The subscription ends when the last member leaves (so the actor may
 * passivate). When the actor stops, its live members are told to join again
 * with `since` (protocol.md) and members still catching up are caught up on a
 * fresh subscription, as a join queued behind a restart always was.
 */
import { Exit, type Cause } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import type { CommandRejected } from "../../engine/errors.ts"
import type { ActorSystem, CatchUp, PublishedEvent, Subscriber } from "../../engine/runtime/api.ts"
import type { LiveSocket } from "../transport/transport.ts"
import type { InFlight } from "./in-flight.ts"

export interface RoomMember {
  /** The member's current user (a renewed token may change its roles). */
  user: User
  readonly socket: LiveSocket
  /** Seq of the last event this member was sent on this address. */
  lastSeq: number
  /** Whether the socket is subscribed to the room's topic. */
  onTopic: boolean
  /** Sends this member its own view of `event` (already known to differ from the shared one, or sent alone). */
  sendOwnView(event: PublishedEvent, view: { readonly type: string }): void
  /** Access was revoked by `event`: tell the member and drop its subscription (which removes it from the room). */
  revoke(event: PublishedEvent): void
  /** The room published `bytes` to the member's topic: counted against its send buffer, which is checked every so many bytes. */
  queued(bytes: number): void
  /** The member's catch-up is ready (`lastSeq` is its seq): send `joined`; the room sends every later event. */
  joined(catchUp: CatchUp): void
  /** The join was refused, or could not be answered: the member is no longer in the room. */
  refused(cause: Cause.Cause<CommandRejected>): void
  /** The actor stopped while the member was live: it is no longer in the room, and should join again with `since`. */
  closed(reason: CommandRejected): void
}

export interface RoomHost {
  /** The encoded `ev` frame for the shared view of `event`. */
  readonly sharedFrame: (event: PublishedEvent) => Uint8Array
  readonly system: Pick<ActorSystem, "subscribeCallback" | "catchUpCallback">
  /** Requests to the runtime not yet answered: shutdown waits for them. */
  readonly inFlight: InFlight
  /** The room has no members left and has ended its subscription. */
  readonly emptied: (room: FanoutRoom) => void
}

/** One runtime subscription of the room; a room that outlives its actor (a restart) takes a fresh one. */
interface RoomSubscription {
  readonly subscriber: Subscriber
  /** Known once the runtime answered; the room may have let go of the subscription before that. */
  leave?: () => void
}

/** A member's catch-up on its way: answers to an earlier attempt (before a restart) are ignored. */
interface PendingJoin {
  readonly since: number | undefined
  /** The room's last seq when it was asked for: the catch-up's seq is at least this, so no earlier event is needed for it. */
  readonly floor: number
}

const WITHHELD = { type: "withheld" } as const

export class FanoutRoom {
  /** Members past their catch-up, fanned out to on every event. */
  readonly members = new Set<RoomMember>()
  private readonly joining = new Map<RoomMember, PendingJoin>()
  /** Events received while catch-ups were on their way, for the members waiting on them. */
  private early: PublishedEvent[] = []
  private subscription: RoomSubscription | undefined
  /** Highest seq the subscription delivered. */
  private lastSeq = 0
  // Scratch lists reused across events: fan-out runs once per event, allocation-free in the common case.
  private readonly own: Array<[RoomMember, { readonly type: string }]> = []
  private readonly revoked: RoomMember[] = []
  private readonly shared: RoomMember[] = []

  constructor(
    readonly addr: Address,
    /** The transport topic: the actor's address key, tenant included. */
    readonly topic: string,
    private readonly host: RoomHost,
  ) {}

  /** Whether the room has members, live or catching up. */
  get isEmpty(): boolean {
    return this.members.size === 0 && this.joining.size === 0
  }

  /** A member joins: it catches up from `since` (or gets a snapshot), then follows the room's subscription. */
  join(member: RoomMember, since: number | undefined): void {
    this.askCatchUp(member, since, this.subscription ?? this.subscribe())
  }

  /** A member leaves (or is dropped); the last one out ends the subscription. */
  remove(member: RoomMember): void {
    if (this.joining.delete(member)) return this.settle()
    if (!this.members.delete(member)) return
    if (member.onTopic) {
      member.onTopic = false
      member.socket.unsubscribe(this.topic)
    }
    this.settle()
  }

  private subscribe(): RoomSubscription {
    const subscription: RoomSubscription = {
      subscriber: {
        onEvent: (event) => {
          if (this.subscription === subscription) this.deliver(event)
        },
        onClose: (reason) => {
          if (this.subscription === subscription) this.actorStopped(reason)
        },
      },
    }
    this.subscription = subscription
    this.host.inFlight.begin()
    this.host.system.subscribeCallback(this.addr, subscription.subscriber, (exit) => {
      this.host.inFlight.end()
      if (Exit.isSuccess(exit)) {
        // The room let go of it meanwhile (emptied, or its actor stopped): nothing must keep the actor from passivating.
        if (this.subscription === subscription) subscription.leave = exit.value.leave
        else exit.value.leave()
        return
      }
      if (this.subscription !== subscription) return
      // No actor to follow (it could not start, its mailbox is full, the node is stopping): every member waiting is told why.
      this.subscription = undefined
      const waiting = [...this.joining.keys()]
      this.joining.clear()
      this.early = []
      for (const member of waiting) member.refused(exit.cause)
      this.settle()
    })
    return subscription
  }

  private askCatchUp(member: RoomMember, since: number | undefined, subscription: RoomSubscription): void {
    const pending: PendingJoin = { since, floor: this.lastSeq }
    this.joining.set(member, pending)
    const request = { addr: this.addr, user: member.user, subscriber: subscription.subscriber }
    this.host.inFlight.begin()
    this.host.system.catchUpCallback(since === undefined ? request : { ...request, since }, (exit) => {
      this.host.inFlight.end()
      if (this.joining.get(member) !== pending) return // left, joined again, or moved to a fresh subscription
      this.joining.delete(member)
      if (Exit.isFailure(exit)) {
        member.refused(exit.cause)
        return this.settle()
      }
      const catchUp = exit.value
      member.lastSeq = catchUp.seq
      this.members.add(member)
      member.joined(catchUp)
      // What the subscription delivered while this catch-up was on its way: only the events after its seq are the member's.
      for (const event of this.early) {
        if (!this.members.has(member)) break
        this.deliverAlone(member, event)
      }
      this.settle()
    })
  }

  /** After a join or leave: drop early events no catch-up still needs, and end the subscription with the last member. */
  private settle(): void {
    if (this.joining.size === 0) this.early = []
    else if (this.early.length > 0) {
      let floor = Number.POSITIVE_INFINITY
      for (const pending of this.joining.values()) floor = Math.min(floor, pending.floor)
      if (this.early[0]!.seq <= floor) this.early = this.early.filter((event) => event.seq > floor)
    }
    if (!this.isEmpty) return
    const subscription = this.subscription
    this.subscription = undefined
    subscription?.leave?.()
    this.host.emptied(this)
  }

  /** The actor stopped: live members join again with `since`; members catching up are asked again on a fresh subscription. */
  private actorStopped(reason: CommandRejected): void {
    this.subscription = undefined
    this.early = []
    const live = [...this.members]
    this.members.clear()
    for (const member of live) {
      if (member.onTopic) {
        member.onTopic = false
        member.socket.unsubscribe(this.topic)
      }
      member.closed(reason)
    }
    const waiting = [...this.joining]
    if (waiting.length === 0) return this.host.emptied(this)
    const fresh = this.subscribe()
    for (const [member, pending] of waiting) this.askCatchUp(member, pending.since, fresh)
  }

  /** One event to one member on its own (its catch-up's early events): its view, or its revocation. */
  private deliverAlone(member: RoomMember, event: PublishedEvent): void {
    if (event.seq <= member.lastSeq) return
    const visible = event.viewFor(member.user)
    if (visible === undefined && !event.canRead(member.user)) return member.revoke(event)
    member.lastSeq = event.seq
    member.sendOwnView(event, visible ?? WITHHELD)
  }

  private deliver(event: PublishedEvent): void {
    this.lastSeq = event.seq
    if (this.joining.size > 0) this.early.push(event)
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

/** The fan-out rooms of one node, one per actor with members here. */
export class FanoutRooms {
  private readonly rooms = new Map<string, FanoutRoom>()
  private readonly host: RoomHost

  constructor(host: Omit<RoomHost, "emptied">) {
    this.host = {
      ...host,
      emptied: (room) => {
        if (this.rooms.get(room.topic) === room) this.rooms.delete(room.topic)
      },
    }
  }

  get size(): number {
    return this.rooms.size
  }

  /** The room for `addr` (whose address key is `key`), made on first use. */
  enter(addr: Address, key: string): FanoutRoom {
    let room = this.rooms.get(key)
    if (!room) this.rooms.set(key, (room = new FanoutRoom(addr, key, this.host)))
    return room
  }
}
