/**
 * Two gateway nodes over one runtime, sharing presence through the port:
 * members joined on different nodes see each other's presence, a join's
 * snapshot lists the peers of both nodes, and a member who leaves is gone on
 * both. Once with one in-process adapter for both nodes, once with each node
 * on its own Redis connections to a real redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startGateway, type Gateway } from "../gateway.ts"
import type { ServerFrameOf } from "../protocol.ts"
import { freshId, startTestServer, TEST_SCRYPT_COST, type TestServer } from "../testing/harness.ts"
import { LiveClient } from "../testing/live-client.ts"
import { InProcessCache } from "./in-process.ts"
import type { CachePort } from "./port.ts"
import { openRedisCache } from "./redis.ts"
import { redisSkipReason, startPrivateRedis, type PrivateRedis } from "./testing/private-redis.ts"

const live = { presenceIntervalMs: 0 }

const acrossNodes = (name: string, openPorts: () => Promise<{ a: CachePort; b: CachePort; close(): Promise<void> }>, skip?: string) =>
  describe.skipIf(skip !== undefined)(`presence across two nodes (${name})`, () => {
    let ports: Awaited<ReturnType<typeof openPorts>>
    let nodeA: TestServer
    let nodeB: Gateway
    const onB = async (user: { id: string; roles?: Array<"participant" | "facilitator"> }) =>
      LiveClient.open(`ws://127.0.0.1:${nodeB.port}/live`, await nodeA.token(user))

    beforeAll(async () => {
      ports = await openPorts()
      nodeA = await startTestServer({ live, gateway: { nodeId: "node-a", cache: ports.a } })
      const { log, system, tokens } = nodeA
      nodeB = await startGateway({
        log,
        system,
        tokens,
        port: 0,
        host: "127.0.0.1",
        scryptCost: TEST_SCRYPT_COST,
        live,
        nodeId: "node-b",
        cache: ports.b,
      })
    })
    afterAll(async () => {
      await nodeB?.stop(1_000)
      await nodeA?.dispose()
      await ports?.close()
    })

    const presenceOf =
      (user: string) =>
      (f: { t: string }): f is ServerFrameOf<"presence"> =>
        f.t === "presence" && (f as { user?: string }).user === user

    it("members on node A and node B see each other, and joins on either list the peers of both", async () => {
      const alice = await nodeA.client({ id: "alice" })
      const bob = await onB({ id: "bob" })
      const addr = `canvas/${freshId("c")}`
      expect(await alice.cmd(addr, freshId("op"), { type: "create", title: "t", privacy: "shared" })).toMatchObject({ t: "ack" })
      expect(await alice.cmd(addr, freshId("op"), { type: "shareWith", userId: "bob", access: "edit" })).toMatchObject({ t: "ack" })
      await alice.join(addr)
      alice.presence(addr, { cursor: [1, 2] })
      await alice.ping()
      // Bob is the first member of the actor on node B: his join still lists what alice shows on node A.
      expect(await bob.join(addr)).toMatchObject({ presence: [{ user: "alice", data: { cursor: [1, 2] } }] })
      const bobSeesAlice = bob.next(presenceOf("alice"))
      alice.presence(addr, { cursor: [5, 6] })
      expect(await bobSeesAlice).toEqual({ t: "presence", addr, user: "alice", data: { cursor: [5, 6] } })
      const aliceSeesBob = alice.next(presenceOf("bob"))
      bob.presence(addr, { cursor: [3, 4] })
      expect(await aliceSeesBob).toEqual({ t: "presence", addr, user: "bob", data: { cursor: [3, 4] } })

      const both = [
        { user: "alice", data: { cursor: [5, 6] } },
        { user: "bob", data: { cursor: [3, 4] } },
      ]
      const carol = await nodeA.client({ id: "carol", roles: ["facilitator"] })
      const dave = await onB({ id: "dave", roles: ["facilitator"] })
      for (const joiner of [carol, dave]) {
        const joined = await joiner.join(addr)
        expect(joined.t).toBe("joined")
        expect((joined as ServerFrameOf<"joined">).presence).toEqual(expect.arrayContaining(both))
        expect((joined as ServerFrameOf<"joined">).presence).toHaveLength(2)
      }

      const bobGone = alice.next((f): f is ServerFrameOf<"presence"> => f.t === "presence" && f.user === "bob" && f.data === null)
      await bob.leave(addr)
      expect(await bobGone).toEqual({ t: "presence", addr, user: "bob", data: null })
      const erin = await nodeA.client({ id: "erin", roles: ["facilitator"] })
      expect(await erin.join(addr)).toMatchObject({ presence: [{ user: "alice", data: { cursor: [5, 6] } }] })
      await Promise.all([alice, bob, carol, dave, erin].map((client) => client.close()))
    })

    it("presence of an actor in one tenant never reaches a member of the same actor id in another", async () => {
      const id = freshId("c")
      const alice = await nodeA.client({ id: "alice" })
      const eve = await LiveClient.open(`ws://127.0.0.1:${nodeB.port}/live`, await nodeA.token({ id: "eve", tenant: "t2" }))
      for (const [client, owner] of [
        [alice, "alice"],
        [eve, "eve"],
      ] as const) {
        expect(await client.cmd(`canvas/${id}`, freshId("op"), { type: "create", title: owner, privacy: "shared" })).toMatchObject({ t: "ack" })
        await client.join(`canvas/${id}`)
      }
      alice.presence(`canvas/${id}`, { secret: true })
      // Alice's presence is on the bus (her colleague's snapshot lists it); had its key left out the tenant, eve's node would list it too.
      const aliceOwn = await nodeA.client({ id: "alice2", roles: ["facilitator"] })
      expect(await aliceOwn.join(`canvas/${id}`)).toMatchObject({ presence: [{ user: "alice", data: { secret: true } }] })
      const eveTwin = await LiveClient.open(
        `ws://127.0.0.1:${nodeB.port}/live`,
        await nodeA.token({ id: "eve2", tenant: "t2", roles: ["facilitator"] }),
      )
      expect(await eveTwin.join(`canvas/${id}`)).toMatchObject({ presence: [] })
      expect(eve.frames.filter((f) => f.t === "presence")).toEqual([])
      await Promise.all([alice, eve, aliceOwn, eveTwin].map((client) => client.close()))
    })
  })

acrossNodes("one in-process adapter", async () => {
  const shared = new InProcessCache()
  return { a: shared, b: shared, close: () => shared.close() }
})

const skipRedis = redisSkipReason()
if (skipRedis) console.warn(skipRedis)
acrossNodes(
  "Redis",
  async () => {
    const server: PrivateRedis = await startPrivateRedis()
    const [a, b] = await Promise.all([openRedisCache({ url: server.url }), openRedisCache({ url: server.url })])
    return {
      a,
      b,
      close: async () => {
        await Promise.all([a.close(), b.close()])
        await server.stop()
      },
    }
  },
  skipRedis,
)
