/**
 * Fan-out through one topic publish per event keeps every member's stream
 * whole: members whose view of an event differs (a comment withheld from a
 * viewer) leave the topic for that event and come back for the next, and
 * across those moves each member still gets every seq once, in order, each
 * as its own view. Commands are pipelined so several events leave in one
 * tick, which is when a topic move could lose a frame not yet written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { LiveClient } from "../testing/live-client.ts"
import type { ServerFrameOf } from "../protocol.ts"
import { freshId, startTestServer, sticky, type TestServer } from "../testing/harness.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({
    live: { commandsPerSecond: 10_000, commandBurst: 10_000, userCommandsPerSecond: 10_000, userCommandBurst: 10_000 },
  })
})
afterAll(() => server.dispose())

const joined = async (client: LiveClient, addr: string): Promise<ServerFrameOf<"joined">> => {
  const reply = await client.join(addr)
  if (reply.t !== "joined") throw new Error(`join ${addr}: ${reply.code} ${reply.message}`)
  return reply
}

const eventsUntil = async (frames: () => ServerFrameOf<"ev">[], seq: number) => {
  await expect.poll(() => frames().at(-1)?.seq ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(seq)
  return frames()
}

describe("fan-out rooms", () => {
  it("a member whose view differs gets its own frame for that event and the shared one for the next, gap-free and in order", async () => {
    const owner = await server.client({ id: "owner" })
    const viewer = await server.client({ id: "viewer" })
    const commenter = await server.client({ id: "commenter" })
    const addr = `canvas/${freshId("fan")}`
    await owner.cmd(addr, freshId("op"), { type: "create", title: "t", privacy: "shared" })
    await owner.cmd(addr, freshId("op"), { type: "shareWith", userId: "viewer", access: "view" })
    await owner.cmd(addr, freshId("op"), { type: "shareWith", userId: "commenter", access: "comment" })
    const added = await owner.cmd(addr, freshId("op"), { type: "addElement", element: sticky("target") })
    const elementId = ((await joined(owner, addr)).snapshot as { elements: Array<{ id: string }> }).elements[0]!.id
    const joins = await Promise.all([joined(viewer, addr), joined(commenter, addr)])
    expect(joins.map((j) => j.seq)).toEqual([added.t === "ack" ? added.seq : -1, added.t === "ack" ? added.seq : -1])

    // Alternate shared events (moves) with events the viewer may not see (comments), without waiting for acks.
    const ops = 40
    const replies = Array.from({ length: ops }, (_, i) =>
      i % 3 === 1
        ? owner.cmd(addr, freshId("op"), { type: "addComment", elementId, text: `c${i}` })
        : owner.cmd(addr, freshId("op"), { type: "moveElement", elementId, x: i, y: i }),
    )
    const acks = await Promise.all(replies)
    const last = Math.max(...acks.map((a) => (a.t === "ack" ? a.seq : 0)))

    for (const [who, client] of [
      ["viewer", viewer],
      ["commenter", commenter],
    ] as const) {
      const events = await eventsUntil(() => client.events(addr), last)
      expect(
        events.map((e) => e.seq),
        who,
      ).toEqual(Array.from({ length: last - joins[0]!.seq }, (_, i) => joins[0]!.seq + 1 + i))
      const comments = events.filter((e) => e.ev.type === "commentAdded").length
      const withheld = events.filter((e) => e.ev.type === "withheld").length
      if (who === "viewer") expect([comments, withheld]).toEqual([0, Math.floor((ops + 1) / 3)])
      else expect([comments, withheld]).toEqual([Math.floor((ops + 1) / 3), 0])
    }
    await Promise.all([owner, viewer, commenter].map((c) => c.close()))
  })

  it("every event published before a leave reaches the member before its `left`", async () => {
    const owner = await server.client({ id: "owner" })
    const reader = await server.client({ id: "reader" })
    const addr = `canvas/${freshId("fan")}`
    await owner.cmd(addr, freshId("op"), { type: "create", title: "t", privacy: "shared" })
    await owner.cmd(addr, freshId("op"), { type: "shareWith", userId: "reader", access: "view" })
    const { seq } = await joined(reader, addr)
    await owner.join(addr)
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) => owner.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`e${i}`) })),
    )
    const last = Math.max(...acks.map((a) => (a.t === "ack" ? a.seq : 0)))
    // The owner has seen its acks, so every event is published; the reader leaves at once, before reading them.
    await reader.leave(addr)
    const frames = reader.frames.filter((f) => ("addr" in f && f.addr === addr) || f.t === "left")
    const leftAt = frames.findIndex((f) => f.t === "left")
    const before = frames.slice(0, leftAt).filter((f): f is ServerFrameOf<"ev"> => f.t === "ev")
    expect(before.map((e) => e.seq)).toEqual(Array.from({ length: last - seq }, (_, i) => seq + 1 + i))
    await Promise.all([owner, reader].map((c) => c.close()))
  })
  it("a member that stops reading is cut with 4008 by what its room publishes alone, and the writer keeps its acks", async () => {
    const strict = await startTestServer({
      live: {
        commandsPerSecond: 100_000,
        commandBurst: 100_000,
        userCommandsPerSecond: 100_000,
        userCommandBurst: 100_000,
        maxBufferedBytes: 256 * 1024,
        closeGraceMs: 30_000,
      },
    })
    try {
      const owner = await strict.client({ id: "owner" })
      const slow = await strict.client({ id: "slow" })
      const addr = `canvas/${freshId("fan")}`
      await owner.cmd(addr, freshId("op"), { type: "create", title: "t", privacy: "shared" })
      await owner.cmd(addr, freshId("op"), { type: "shareWith", userId: "slow", access: "view" })
      await owner.cmd(addr, freshId("op"), {
        type: "addElement",
        element: { kind: "text", text: "t", colour: "#222222", fontSize: 16, x: 0, y: 0, w: 10, h: 10 },
      })
      const elementId = ((await joined(owner, addr)).snapshot as { elements: Array<{ id: string }> }).elements[0]!.id
      await joined(slow, addr)
      slow.pauseReading(true)
      // Only shared events of ~2 KB each reach the slow member: no own frame of its could trigger a check.
      for (let batch = 0; batch < 200 && strict.gateway.live.connectionCount > 1; batch++) {
        const acks = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            owner.cmd(addr, freshId("op"), { type: "updateElement", elementId, changes: { text: `${batch}.${i} `.padEnd(2000, "x") } }),
          ),
        )
        expect(acks.every((a) => a.t === "ack")).toBe(true)
      }
      expect(strict.gateway.live.connectionCount).toBe(1)
      slow.pauseReading(false)
      expect(await slow.closed).toMatchObject({ code: 4008, reason: "slow_consumer" })
      await owner.close()
    } finally {
      await strict.dispose()
    }
  })
})
