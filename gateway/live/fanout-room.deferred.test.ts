/**
 * The fan-out room against a runtime whose answers the test releases one by
 * one: a catch-up may come back after events it does not cover (or before
 * ones it does), the actor may stop while members are catching up, and a
 * subscription may be refused or answered after the room emptied. The local
 * runtime answers in the actor's turn, so only a deferred one reaches these
 * orders; a runtime across nodes would.
 */
import { Cause, Exit } from "effect"
import { describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { CommandRejected } from "../../engine/errors.ts"
import type { ActorSystem, CatchUp, CatchUpRequest, PublishedEvent, Subscribed, Subscriber } from "../../engine/runtime/api.ts"
import { encodeFrame } from "../protocol.ts"
import { InFlight } from "./in-flight.ts"
import { FanoutRooms, type RoomMember } from "./fanout-room.ts"
import { FlushedSockets, type FlushedSocket } from "./testing/flushed-sockets.ts"

const addr = makeAddress("t1", "notes", "a")
const owner: User = { id: "owner", tenant: "t1", roles: ["participant"] }
const viewer: User = { id: "viewer", tenant: "t1", roles: ["participant"] }

/** A runtime that answers only when the test says so. */
class DeferredRuntime implements Pick<ActorSystem, "subscribeCallback" | "catchUpCallback"> {
  readonly subscriptions: Array<{ subscriber: Subscriber; done: (exit: Exit.Exit<Subscribed, CommandRejected>) => void; left: boolean }> = []
  readonly catchUps: Array<{ request: CatchUpRequest; done: (exit: Exit.Exit<CatchUp, CommandRejected>) => void }> = []

  subscribeCallback(_addr: unknown, subscriber: Subscriber, done: (exit: Exit.Exit<Subscribed, CommandRejected>) => void): void {
    this.subscriptions.push({ subscriber, done, left: false })
  }

  catchUpCallback(request: CatchUpRequest, done: (exit: Exit.Exit<CatchUp, CommandRejected>) => void): void {
    this.catchUps.push({ request, done })
  }

  answerSubscription(index: number, seq: number): void {
    const subscription = this.subscriptions[index]!
    subscription.done(Exit.succeed({ seq, leave: () => void (subscription.left = true) }))
  }

  answerCatchUp(user: User, catchUp: CatchUp): void {
    const index = this.catchUps.findIndex((c) => c.request.user === user)
    const [pending] = this.catchUps.splice(index, 1)
    pending!.done(Exit.succeed(catchUp))
  }
}

/** An event `viewer` sees withheld when its text is secret, and may no longer read once `locked`. */
const event = (seq: number, text: string): PublishedEvent => {
  const ev = text === "lock" ? { type: "locked" } : { type: "added", text }
  return {
    addr,
    seq,
    ev,
    by: "owner",
    at: 0,
    viewFor: (user) => (user.id !== "owner" && text === "lock" ? undefined : user.id !== "owner" && text.startsWith("secret") ? undefined : ev),
    canRead: (user) => user.id === "owner" || text !== "lock",
  }
}

interface TestMember extends RoomMember {
  readonly socket: FlushedSocket
  readonly told: string[]
}

const setup = () => {
  const runtime = new DeferredRuntime()
  const inFlight = new InFlight()
  const rooms = new FanoutRooms({
    sharedFrame: (e) => encodeFrame({ t: "ev", addr: "notes/a", seq: e.seq, ev: e.ev, by: e.by, at: e.at }),
    system: runtime,
    inFlight,
  })
  const sockets = new FlushedSockets()
  const member = (user: User): TestMember => {
    const socket: FlushedSocket = sockets.open(() => ({ onFrame: () => {}, onOversize: () => {}, onClose: () => {} }))
    const told: string[] = []
    const self: TestMember = {
      user,
      socket,
      lastSeq: 0,
      onTopic: false,
      told,
      sendOwnView: (e, view) => socket.send(encodeFrame({ t: "ev", addr: "notes/a", seq: e.seq, ev: view, by: e.by, at: e.at })),
      revoke: (e) => {
        told.push(`revoked at ${e.seq}`)
        room.remove(self)
      },
      queued: () => {},
      joined: (catchUp) => socket.send(encodeFrame({ t: "joined", ref: 1, addr: "notes/a", seq: catchUp.seq, presence: [] })),
      refused: (cause) =>
        void told.push(`refused ${Cause.squash(cause) instanceof CommandRejected ? (Cause.squash(cause) as CommandRejected).code : "?"}`),
      closed: (reason) => void told.push(`closed ${reason.code}`),
    }
    return self
  }
  const room = rooms.enter(addr, "t1.notes.a")
  /** What the member's socket got, as `joined N` and `ev N text`. */
  const got = (m: TestMember) =>
    m.socket
      .flush()
      .map((f) => (f.t === "joined" ? `joined ${f.seq}` : f.t === "ev" ? `ev ${f.seq} ${(f.ev as { text?: string }).text ?? f.ev.type}` : f.t))
  const publish = (e: PublishedEvent) => {
    for (const s of runtime.subscriptions) if (!s.left) s.subscriber.onEvent(e)
  }
  return { runtime, rooms, room, member, got, publish, inFlight }
}

describe("fan-out room over a runtime that answers late", () => {
  it("sends the events that passed during a member's catch-up after its joined, only those after its seq, each as its view", () => {
    const { runtime, room, member, got, publish } = setup()
    const a = member(owner)
    room.join(a, undefined)
    expect(runtime.subscriptions).toHaveLength(1)
    runtime.answerSubscription(0, 0)
    publish(event(1, "one"))
    publish(event(2, "secret two"))
    publish(event(3, "three"))
    runtime.answerCatchUp(owner, { seq: 1, snapshot: {} })
    publish(event(4, "four"))
    expect(got(a)).toEqual(["joined 1", "ev 2 secret two", "ev 3 three", "ev 4 four"])

    const b = member(viewer)
    room.join(b, 2)
    expect(runtime.subscriptions).toHaveLength(1)
    publish(event(5, "secret five"))
    publish(event(6, "six"))
    runtime.answerCatchUp(viewer, { seq: 4, events: [] })
    publish(event(7, "seven"))
    expect(got(b)).toEqual(["joined 4", "ev 5 withheld", "ev 6 six", "ev 7 seven"])
    expect(got(a)).toEqual(["ev 5 secret five", "ev 6 six", "ev 7 seven"])
  })

  it("skips the events a catch-up already covered when its answer comes first", () => {
    const { runtime, room, member, got, publish } = setup()
    const a = member(viewer)
    room.join(a, 0)
    runtime.answerSubscription(0, 0)
    runtime.answerCatchUp(viewer, { seq: 2, events: [] })
    for (let seq = 1; seq <= 4; seq++) publish(event(seq, `n${seq}`))
    expect(got(a)).toEqual(["joined 2", "ev 3 n3", "ev 4 n4"])
  })

  it("revokes a member whose access an early event took away, before its joined is followed by anything else", () => {
    const { runtime, room, member, got, publish } = setup()
    const a = member(viewer)
    room.join(a, undefined)
    runtime.answerSubscription(0, 0)
    publish(event(1, "one"))
    publish(event(2, "lock"))
    publish(event(3, "after"))
    runtime.answerCatchUp(viewer, { seq: 0, snapshot: {} })
    expect(got(a)).toEqual(["joined 0", "ev 1 one"])
    expect(a.told).toEqual(["revoked at 2"])
    publish(event(4, "later"))
    expect(got(a)).toEqual([])
  })

  it("when the actor stops, closes live members and asks again for those catching up, on a fresh subscription", () => {
    const { runtime, room, member, got, publish } = setup()
    const a = member(owner)
    const b = member(viewer)
    room.join(a, undefined)
    runtime.answerSubscription(0, 0)
    runtime.answerCatchUp(owner, { seq: 0, snapshot: {} })
    room.join(b, 0)
    runtime.subscriptions[0]!.subscriber.onClose?.(new CommandRejected({ code: "unavailable", message: "the actor restarted" }))
    expect(a.told).toEqual(["closed unavailable"])
    expect(runtime.subscriptions).toHaveLength(2)
    // The first answer for b belongs to the subscription that ended: ignored.
    runtime.answerCatchUp(viewer, { seq: 0, events: [] })
    expect(got(b)).toEqual([])
    runtime.answerSubscription(1, 0)
    publish(event(1, "one"))
    runtime.answerCatchUp(viewer, { seq: 1, events: [] })
    publish(event(2, "two"))
    expect(got(b)).toEqual(["joined 1", "ev 2 two"])
    expect(got(a)).toEqual(["joined 0"])
  })

  it("refuses every waiting member when the subscription is refused, and forgets the room", () => {
    const { runtime, rooms, room, member } = setup()
    const a = member(owner)
    const b = member(viewer)
    room.join(a, undefined)
    room.join(b, undefined)
    expect(runtime.subscriptions).toHaveLength(1)
    runtime.subscriptions[0]!.done(Exit.fail(new CommandRejected({ code: "unavailable", message: "the actor is busy" })))
    expect([a.told, b.told]).toEqual([["refused unavailable"], ["refused unavailable"]])
    expect(rooms.size).toBe(0)
  })

  it("lets go of a subscription answered after its last member left, and of a live one when the last member leaves", () => {
    const { runtime, rooms, room, member, inFlight } = setup()
    const a = member(owner)
    room.join(a, undefined)
    room.remove(a)
    expect(rooms.size).toBe(0)
    runtime.answerSubscription(0, 0)
    expect(runtime.subscriptions[0]!.left).toBe(true)
    runtime.answerCatchUp(owner, { seq: 0, snapshot: {} })
    expect(inFlight.size).toBe(0)

    const again = rooms.enter(addr, "t1.notes.a")
    const b = member(viewer)
    again.join(b, undefined)
    runtime.answerSubscription(1, 0)
    runtime.answerCatchUp(viewer, { seq: 0, snapshot: {} })
    expect(runtime.subscriptions[1]!.left).toBe(false)
    again.remove(b)
    expect(runtime.subscriptions[1]!.left).toBe(true)
    expect(rooms.size).toBe(0)
  })
})
