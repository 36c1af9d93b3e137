/**
 * protocol.md, "Guarantees" 2-7 and graceful shutdown, over real sockets
 * against a real gateway. Guarantee 1 (ack means durable) kills a real
 * process: see durability.test.ts.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAddress } from "../engine/address.ts"
import type { LiveClient } from "./testing/live-client.ts"
import type { ServerFrameOf } from "./protocol.ts"
import { freshId, startTestServer, sticky, type TestServer } from "./testing/harness.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ runtime: { catchUpLimit: 20 } })
})
afterAll(() => server.dispose())

const isEv = (f: { t: string }): f is ServerFrameOf<"ev"> => f.t === "ev"
const newCanvas = async (owner: LiveClient, privacy: "private" | "shared", share: Record<string, "view" | "edit"> = {}) => {
  const addr = `canvas/${freshId("c")}`
  await owner.cmd(addr, freshId("op"), { type: "create", title: "t", privacy })
  for (const [userId, access] of Object.entries(share)) await owner.cmd(addr, freshId("op"), { type: "shareWith", userId, access })
  return addr
}
const settle = async (...clients: LiveClient[]) => {
  for (const client of clients) await client.ping()
}

describe("guarantee 2: idempotent commands", () => {
  it("resending a cmd with the same id returns the original seq and appends nothing, even on a new connection", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, "shared")
    const first = await alice.cmd(addr, "op-same", { type: "addElement", element: sticky("once") })
    expect(first).toMatchObject({ t: "ack", seq: 2 })
    expect(await alice.cmd(addr, "op-same", { type: "addElement", element: sticky("once") })).toMatchObject({ t: "ack", seq: 2 })
    await alice.close()
    const again = await server.client({ id: "alice" })
    expect(await again.cmd(addr, "op-same", { type: "addElement", element: sticky("once") })).toMatchObject({ seq: 2 })
    const [, id] = addr.split("/")
    expect(await Effect.runPromise(server.log.lastSeq(makeAddress("t1", "canvas", id!)))).toBe(2)
    await again.close()
  })

  it("the same op id from another user is another command", async () => {
    const alice = await server.client({ id: "alice" })
    const bob = await server.client({ id: "bob" })
    const addr = await newCanvas(alice, "shared", { bob: "edit" })
    const a = await alice.cmd(addr, "op-x", { type: "addElement", element: sticky("a") })
    const b = await bob.cmd(addr, "op-x", { type: "addElement", element: sticky("b") })
    expect((b as ServerFrameOf<"ack">).seq).toBe((a as ServerFrameOf<"ack">).seq + 1)
    await Promise.all([alice.close(), bob.close()])
  })
})

describe("guarantee 3: total order per actor", () => {
  it("two writers' pipelined commands reach every member in one gap-free order", async () => {
    const alice = await server.client({ id: "alice" })
    const bob = await server.client({ id: "bob" })
    const addr = await newCanvas(alice, "shared", { bob: "edit" })
    const start = ((await alice.join(addr)) as ServerFrameOf<"joined">).seq
    await bob.join(addr, start)
    const sends = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? bob : alice).cmd(addr, freshId("op"), { type: "addElement", element: sticky(`n${i}`) }),
    )
    const acks = await Promise.all(sends)
    expect(acks.every((a) => a.t === "ack")).toBe(true)
    await settle(alice, bob)
    const expected = Array.from({ length: 40 }, (_, i) => start + 1 + i)
    expect(alice.events(addr).map((e) => e.seq)).toEqual(expected)
    expect(bob.events(addr).map((e) => [e.seq, e.ev])).toEqual(alice.events(addr).map((e) => [e.seq, e.ev]))
    await Promise.all([alice.close(), bob.close()])
  })
})

describe("guarantee 4: resume", () => {
  it("a reconnecting client that joins with since misses nothing and sees nothing twice", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, "shared", { bob: "view" })
    let bob = await server.client({ id: "bob" })
    await bob.join(addr)
    await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("1") })
    await settle(bob)
    const lastSeen = bob.events(addr).at(-1)!.seq
    bob.terminate()
    for (const n of [2, 3, 4]) await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(String(n)) })
    bob = await server.client({ id: "bob" })
    const joined = (await bob.join(addr, lastSeen)) as ServerFrameOf<"joined">
    expect(joined.events?.map((e) => e.seq)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3])
    await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("5") })
    await settle(bob)
    expect(bob.events(addr).map((e) => e.seq)).toEqual([lastSeen + 4])
    await Promise.all([alice.close(), bob.close()])
  })

  it("a client too far behind gets a snapshot instead of events", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, "shared")
    for (let i = 0; i < 25; i++) await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(String(i)) })
    const joined = (await alice.join(addr, 1)) as ServerFrameOf<"joined">
    expect(joined.seq).toBe(26)
    expect(joined.events).toBeUndefined()
    expect(joined.snapshot).toBeDefined()
    await alice.close()
  })
})

describe("guarantee 5: privacy", () => {
  it("joining a private canvas of someone else is forbidden, and its events never arrive", async () => {
    const alice = await server.client({ id: "alice" })
    const bob = await server.client({ id: "bob" })
    const addr = await newCanvas(alice, "private")
    expect(await bob.join(addr)).toMatchObject({ t: "error", code: "forbidden", addr })
    await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("secret") })
    bob.presence(addr, { cursor: [0, 0] })
    await settle(bob)
    expect(bob.frames.filter((f) => f.t === "ev" || f.t === "joined" || f.t === "presence")).toEqual([])
    await Promise.all([alice.close(), bob.close()])
  })

  it("on revoke the member gets error forbidden for that addr and nothing after it", async () => {
    const alice = await server.client({ id: "alice" })
    const bob = await server.client({ id: "bob" })
    const addr = await newCanvas(alice, "shared", { bob: "view" })
    await alice.join(addr)
    await bob.join(addr)
    const revoked = bob.next((f): f is ServerFrameOf<"error"> => f.t === "error" && f.addr === addr)
    await alice.cmd(addr, freshId("op"), { type: "revokeAccess", userId: "bob" })
    expect(await revoked).toMatchObject({ code: "forbidden", addr })
    const revokedAt = bob.frames.length
    await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("after") })
    alice.presence(addr, { typing: true })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await settle(alice, bob)
    expect(bob.frames.slice(revokedAt).filter((f) => f.t !== "pong")).toEqual([])
    await Promise.all([alice.close(), bob.close()])
  })
})

describe("guarantee 6: tenancy", () => {
  it("an actor of another tenant is not_found, never forbidden", async () => {
    const alice = await server.client({ id: "alice" })
    const mallory = await server.client({ id: "mallory", tenant: "t2", roles: ["admin", "facilitator"] })
    const addr = await newCanvas(alice, "shared")
    expect(await mallory.join(addr)).toMatchObject({ t: "error", code: "not_found" })
    expect(await mallory.cmd(addr, freshId("op"), { type: "addElement", element: sticky("x") })).toMatchObject({ t: "nack", code: "not_found" })
    expect(await mallory.join("organization/t1")).toMatchObject({ t: "error", code: "not_found" })
    await Promise.all([alice.close(), mallory.close()])
  })
})

describe("guarantee 7: backpressure", () => {
  it("a client that stops reading is cut with 4008 and the other members keep receiving", async () => {
    const slowServer = await startTestServer({ live: { maxBufferedBytes: 128 * 1024, closeGraceMs: 30_000 } })
    try {
      const alice = await slowServer.client({ id: "alice" })
      const slow = await slowServer.client({ id: "slow" })
      const addr = await newCanvas(alice, "shared", { slow: "view" })
      // A big state makes every snapshot ~100 KB, so a few dozen joins overflow any socket buffer.
      for (let i = 0; i < 100; i++) await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("x".repeat(900)) })
      await alice.join(addr)
      slow.pauseReading(true)
      for (let i = 0; i < 200; i++) slow.send({ t: "join", ref: 1000 + i, addr })
      for (let i = 0; i < 20; i++) {
        const seen = alice.next(isEv)
        await alice.cmd(addr, freshId("op"), { type: "moveElement", elementId: "missing", x: i, y: i })
        await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`live ${i}`) })
        await seen
      }
      await expect.poll(() => slowServer.gateway.live.connectionCount, { timeout: 20_000 }).toBe(1)
      slow.pauseReading(false)
      expect(await slow.closed).toMatchObject({ code: 4008, reason: "slow_consumer" })
      await alice.close()
    } finally {
      await slowServer.dispose()
    }
  })
})

describe("graceful shutdown", () => {
  it("in-flight commands are answered, then every socket is closed with 4009", async () => {
    const local = await startTestServer()
    try {
      const alice = await local.client({ id: "alice" })
      const addr = await newCanvas(alice, "shared")
      const replies = Array.from({ length: 30 }, () => alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("s") }))
      await replies[0]
      await local.gateway.stop(2_000)
      const settled = await Promise.all(replies)
      expect(settled.every((r) => r.t === "ack" || (r.t === "nack" && r.code === "unavailable"))).toBe(true)
      expect(await alice.closed).toMatchObject({ code: 4009, reason: "shutting_down" })
      const acked = settled.filter((r): r is ServerFrameOf<"ack"> => r.t === "ack").map((r) => r.seq)
      const [, id] = addr.split("/")
      expect(await Effect.runPromise(local.log.lastSeq(makeAddress("t1", "canvas", id!)))).toBe(Math.max(...acked))
    } finally {
      await local.dispose()
    }
  })
})
