import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
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
    const hub = new PresenceHub(33, () => Date.now())
    const alice = member("alice")
    const bob = member("bob")
    hub.add("t1.canvas.c", "canvas/c", alice)
    hub.add("t1.canvas.c", "canvas/c", bob)
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
    const hub = new PresenceHub(0)
    const alice = member("alice")
    const other = member("eve")
    hub.add("t1.canvas.c", "canvas/c", alice)
    hub.add("t2.canvas.c", "canvas/c", other)
    hub.update("t1.canvas.c", alice, { x: 1 })
    expect(other.received).toEqual([])
  })

  it("a member that has not joined cannot publish, and leaving clears what others see", () => {
    const hub = new PresenceHub(0)
    const alice = member("alice")
    const bob = member("bob")
    expect(hub.update("t1.canvas.c", alice, { x: 1 })).toBe(false)
    hub.add("t1.canvas.c", "canvas/c", alice)
    hub.add("t1.canvas.c", "canvas/c", bob)
    hub.update("t1.canvas.c", alice, { x: 1 })
    expect(hub.entries("t1.canvas.c", bob)).toEqual([{ user: "alice", data: { x: 1 } }])
    hub.remove("t1.canvas.c", alice)
    expect(bob.received.at(-1)).toEqual({ t: "presence", addr: "canvas/c", user: "alice", data: null })
    expect(hub.entries("t1.canvas.c", bob)).toEqual([])
  })
})
