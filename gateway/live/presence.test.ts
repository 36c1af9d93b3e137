import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { InProcessCache } from "../cache/in-process.ts"
import type { PresenceBus } from "../cache/port.ts"
import { decodeServerFrame } from "../protocol.ts"
import { PresenceHub, type PresenceMember } from "./presence.ts"

const member = (userId: string) => {
  const received: unknown[] = []
  const m: PresenceMember & { received: unknown[] } = {
    userId,
    received,
    sendBytes: (bytes) => {
      const decoded = decodeServerFrame(bytes)
      if (decoded.ok) received.push(decoded.frame)
    },
  }
  return m
}

describe("presence hub", () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it("coalesces a burst to one update per interval, and the latest data wins", () => {
    const hub = new PresenceHub({ intervalMs: 33, now: () => Date.now() })
    const alice = member("alice")
    const bob = member("bob")
    hub.add("t1.canvas.c", alice)
    hub.add("t1.canvas.c", bob)
    for (let i = 0; i < 100; i++) {
      hub.update("t1.canvas.c", alice, { x: i })
      vi.advanceTimersByTime(1)
    }
    vi.advanceTimersByTime(100)
    // 100 ms of updates at one per 33 ms: the first at once, then at most one per interval.
    expect(bob.received.length).toBeLessThanOrEqual(5)
    expect(bob.received.at(-1)).toEqual({ t: "presence", addr: "canvas/c", user: "alice", data: { x: 99 } })
    expect(alice.received).toEqual([])
  })

  it("reaches only members of the same address key, so tenants and actors never mix", () => {
    const hub = new PresenceHub({ intervalMs: 0 })
    const alice = member("alice")
    const other = member("eve")
    hub.add("t1.canvas.c", alice)
    hub.add("t2.canvas.c", other)
    hub.update("t1.canvas.c", alice, { x: 1 })
    expect(other.received).toEqual([])
  })

  it("a member that has not joined cannot publish, and leaving clears what others see", () => {
    const hub = new PresenceHub({ intervalMs: 0 })
    const alice = member("alice")
    const bob = member("bob")
    expect(hub.update("t1.canvas.c", alice, { x: 1 })).toBe(false)
    hub.add("t1.canvas.c", alice)
    hub.add("t1.canvas.c", bob)
    hub.update("t1.canvas.c", alice, { x: 1 })
    expect(hub.entries("t1.canvas.c", bob)).toEqual([{ user: "alice", data: { x: 1 } }])
    hub.remove("t1.canvas.c", alice)
    expect(bob.received.at(-1)).toEqual({ t: "presence", addr: "canvas/c", user: "alice", data: null })
    expect(hub.entries("t1.canvas.c", bob)).toEqual([])
  })
})

describe("presence hubs of two nodes sharing one bus", () => {
  const KEY = "t1.canvas.c"
  const TTL_MS = 3_000
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  /** A node whose bus can be cut, as if its process died: nothing it asks of the bus happens any more. */
  const nodes = () => {
    const shared = new InProcessCache(() => Date.now())
    let bDead = false
    const cut = <T>(call: () => Promise<T>) => (bDead ? new Promise<T>(() => undefined) : call())
    const bBus: PresenceBus = {
      publish: (...args) => cut(() => shared.presence.publish(...args)),
      remove: (...args) => cut(() => shared.presence.remove(...args)),
      refresh: (...args) => cut(() => shared.presence.refresh(...args)),
      read: (...args) => cut(() => shared.presence.read(...args)),
      subscribe: (actor, listener) => cut(() => shared.presence.subscribe(actor, (change) => bDead || listener(change))),
    }
    const a = new PresenceHub({ intervalMs: 0, bus: shared.presence, nodeId: "a", ttlMs: TTL_MS })
    const b = new PresenceHub({ intervalMs: 0, bus: bBus, nodeId: "b", ttlMs: TTL_MS })
    return { a, b, killB: () => void (bDead = true) }
  }

  const join = async (hub: PresenceHub, who: PresenceMember & { received: unknown[] }) => {
    await hub.follow(KEY)
    const snapshot = hub.entries(KEY, who)
    hub.add(KEY, who)
    return snapshot
  }

  it("members on different nodes see each other, and a joiner's snapshot lists the peers of both", async () => {
    const { a, b } = nodes()
    const alice = member("alice")
    const bob = member("bob")
    await join(a, alice)
    await join(b, bob)
    a.update(KEY, alice, { x: 1 })
    b.update(KEY, bob, { x: 2 })
    await vi.advanceTimersByTimeAsync(0)
    expect(bob.received).toEqual([{ t: "presence", addr: "canvas/c", user: "alice", data: { x: 1 } }])
    expect(alice.received).toEqual([{ t: "presence", addr: "canvas/c", user: "bob", data: { x: 2 } }])
    expect(await join(a, member("carol"))).toEqual([
      { user: "alice", data: { x: 1 } },
      { user: "bob", data: { x: 2 } },
    ])
    expect(await join(b, member("dave"))).toEqual([
      { user: "bob", data: { x: 2 } },
      { user: "alice", data: { x: 1 } },
    ])
  })

  it("two hubs given the same node name still hear each other", async () => {
    const shared = new InProcessCache()
    const [a, b] = [0, 1].map(() => new PresenceHub({ intervalMs: 0, bus: shared.presence, nodeId: "same" }))
    const alice = member("alice")
    const bob = member("bob")
    await join(a!, alice)
    await join(b!, bob)
    a!.update(KEY, alice, { x: 1 })
    await vi.advanceTimersByTimeAsync(0)
    expect(bob.received).toEqual([{ t: "presence", addr: "canvas/c", user: "alice", data: { x: 1 } }])
  })

  it("a member who leaves (or is revoked) on one node is gone on the other", async () => {
    const { a, b } = nodes()
    const alice = member("alice")
    const bob = member("bob")
    await join(a, alice)
    await join(b, bob)
    b.update(KEY, bob, { x: 2 })
    await vi.advanceTimersByTimeAsync(0)
    b.remove(KEY, bob)
    await vi.advanceTimersByTimeAsync(0)
    expect(alice.received.at(-1)).toEqual({ t: "presence", addr: "canvas/c", user: "bob", data: null })
    expect(a.entries(KEY, alice)).toEqual([])
  })

  it("a live node keeps its members shown past the TTL; a dead node's members disappear once it is over", async () => {
    const { a, b, killB } = nodes()
    const alice = member("alice")
    const bob = member("bob")
    await join(a, alice)
    await join(b, bob)
    b.update(KEY, bob, { x: 2 })
    await vi.advanceTimersByTimeAsync(TTL_MS * 3)
    expect(a.entries(KEY, alice)).toEqual([{ user: "bob", data: { x: 2 } }])
    expect(alice.received).toHaveLength(1)
    killB()
    await vi.advanceTimersByTimeAsync(TTL_MS * 2)
    expect(alice.received.at(-1)).toEqual({ t: "presence", addr: "canvas/c", user: "bob", data: null })
    expect(a.entries(KEY, alice)).toEqual([])
  })

  it("a bus that does not answer holds a join or a shutdown up for a moment only, and this node's members still see each other", async () => {
    const never = () => new Promise<never>(() => undefined)
    const silent: PresenceBus = { publish: never, remove: never, refresh: never, read: never, subscribe: never }
    const hub = new PresenceHub({ intervalMs: 0, bus: silent, nodeId: "a", followTimeoutMs: 1_000 })
    let followed = false
    void hub.follow(KEY)?.then(() => (followed = true))
    await vi.advanceTimersByTimeAsync(999)
    expect(followed).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(followed).toBe(true)
    const alice = member("alice")
    const bob = member("bob")
    hub.add(KEY, alice)
    hub.add(KEY, bob)
    hub.update(KEY, alice, { x: 1 })
    expect(bob.received).toEqual([{ t: "presence", addr: "canvas/c", user: "alice", data: { x: 1 } }])
    let closed = false
    void hub.close().then(() => (closed = true))
    await vi.advanceTimersByTimeAsync(2_000)
    expect(closed).toBe(true)
  })

  it("a node that stops takes its members off the bus at once", async () => {
    const { a, b } = nodes()
    const alice = member("alice")
    const bob = member("bob")
    await join(a, alice)
    await join(b, bob)
    b.update(KEY, bob, { x: 2 })
    await vi.advanceTimersByTimeAsync(0)
    await b.close()
    await vi.advanceTimersByTimeAsync(0)
    expect(alice.received.at(-1)).toEqual({ t: "presence", addr: "canvas/c", user: "bob", data: null })
  })
})
