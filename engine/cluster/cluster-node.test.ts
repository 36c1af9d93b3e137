import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { ClusterSettingsMismatch, type OwnershipChange } from "./cluster-node.ts"
import { targetShares } from "./policy.ts"
import { leaseKey } from "./shards.ts"
import {
  describeOwnership,
  ownedExactlyOnce,
  ownership,
  skipWithoutNatsServer,
  startMember,
  startPrivateServer,
  uniqueBuckets,
  waitUntil,
  type Buckets,
  type Member,
  type PrivateServer,
} from "./testing/cluster-fixture.ts"
import { Kvm } from "@nats-io/kv"

const SHARDS = 128
const FAST = { shardCount: SHARDS, leaseTtlMs: 2_000, tickMs: 50 }

/** Each node holds exactly its target share, and the nodes' own beliefs cover every shard once. */
const balanced = (members: readonly Member[]) => {
  const nodes = members.map((m) => m.node)
  const targets = targetShares(
    SHARDS,
    nodes.map((n) => n.nodeId),
  )
  return ownedExactlyOnce(nodes) && nodes.every((n) => n.ownedShards().length === targets.get(n.nodeId) && n.members().length === nodes.length)
}

describe.skipIf(skipWithoutNatsServer)("cluster nodes sharing shards through leases", () => {
  let server: PrivateServer
  let buckets: Buckets
  let running: Member[] = []
  const start = async (nodeId: string, options: object = FAST) => {
    const member = await startMember(server.url, { nodeId, ...buckets, ...options })
    running.push(member)
    return member
  }

  beforeAll(async () => {
    server = await startPrivateServer({ jetstream: true })
  })
  afterEach(async () => {
    await Promise.all(running.map((m) => m.close()))
    running = []
  })
  afterAll(async () => {
    await server?.dispose()
  })

  it("gives every shard to exactly one live member, then rebalances to even shares when a member joins", async () => {
    buckets = uniqueBuckets()
    const three = [await start("a"), await start("b"), await start("c")]
    const nodes = () => running.map((m) => m.node)
    await waitUntil(
      nodes(),
      () => balanced(three),
      () => describeOwnership(nodes()),
    )
    // Every member's view of the owners agrees with the owners' own beliefs.
    await waitUntil(
      nodes(),
      () =>
        nodes().every((viewer) =>
          ownership(viewer).owners.every((owner, shard) => owner !== undefined && three.find((m) => m.node.nodeId === owner)!.node.owns(shard)),
        ),
      () => describeOwnership(nodes()),
    )

    const moved: OwnershipChange[] = []
    for (const m of three) m.node.onOwnershipChange((change) => moved.push(change))
    await start("d")
    await waitUntil(
      nodes(),
      () => balanced(running),
      () => describeOwnership(nodes()),
    )
    expect(running.map((m) => m.node.ownedShards().length)).toEqual([32, 32, 32, 32])
    // Gently: the old members released exactly the newcomer's share, and none came back to them.
    const released = moved.filter((c) => c.type === "lost" && c.reason === "released").map((c) => c.shard)
    expect(released).toHaveLength(32)
    expect(moved.filter((c) => c.type === "gained" && released.includes(c.shard))).toEqual([])
  })

  it("hands a stopped member's shards over at once, long before its leases could expire", async () => {
    buckets = uniqueBuckets()
    // Leases of 30 s renewed every 10 s cannot expire within 15 s of the stop: only the release explains a handover.
    const slow = { shardCount: SHARDS, leaseTtlMs: 30_000, tickMs: 50 }
    const [a, b, c] = [await start("a", slow), await start("b", slow), await start("c", slow)]
    await waitUntil(
      [a.node, b.node, c.node],
      () => balanced([a, b, c]),
      () => describeOwnership([a.node, b.node, c.node]),
    )
    const losses: OwnershipChange[] = []
    c.node.onOwnershipChange((change) => losses.push(change))
    const held = c.node.ownedShards()

    running = [a, b]
    await c.close()
    expect(losses.map((l) => l.shard).sort((x, y) => x - y)).toEqual(held)
    expect(losses.every((l) => l.type === "lost" && l.reason === "stopped")).toBe(true)
    await waitUntil(
      [a.node, b.node],
      () => balanced([a, b]),
      () => describeOwnership([a.node, b.node]),
      15_000,
    )
  })

  it("reports the loss when someone else writes a lease it holds, and stops owning that shard", async () => {
    buckets = uniqueBuckets()
    const a = await start("a")
    await waitUntil(
      [a.node],
      () => a.node.ownedShards().length === SHARDS,
      () => describeOwnership([a.node]),
    )
    const lost = new Promise<OwnershipChange>((resolve) =>
      a.node.onOwnershipChange((change) => change.shard === 5 && change.type === "lost" && resolve(change)),
    )
    const kv = await new Kvm(a.nc).open(buckets.leasesBucket)
    const current = (await kv.get(leaseKey(5)))!
    await kv.update(
      leaseKey(5),
      new TextEncoder().encode(JSON.stringify({ holder: "ops", token: "t", ttlMs: 60_000, renewedAt: 0 })),
      current.revision,
    )
    expect(await lost).toEqual({ type: "lost", shard: 5, reason: "taken" })
    expect(a.node.owns(5)).toBe(false)
    expect(a.node.ownerOf(5)).toBe("ops")
  })

  it("takes over the shards of a member that vanished without stopping, once their leases expire", async () => {
    buckets = uniqueBuckets()
    const [a, b] = [await start("a"), await start("b")]
    await waitUntil(
      [a.node, b.node],
      () => balanced([a, b]),
      () => describeOwnership([a.node, b.node]),
    )
    const orphaned = b.node.ownedShards()
    // Closing the connection without stop(): no release, no goodbye, as if the process died.
    running = [a]
    await b.nc.close()
    await waitUntil(
      [a.node],
      () => a.node.ownedShards().length === SHARDS && a.node.members().length === 1,
      () => describeOwnership([a.node]),
    )
    expect(orphaned.every((shard) => a.node.owns(shard))).toBe(true)
  })

  it("refuses to join a cluster that runs with another shard count", async () => {
    buckets = uniqueBuckets()
    await start("a")
    await expect(start("b", { ...FAST, shardCount: SHARDS * 2 })).rejects.toBeInstanceOf(ClusterSettingsMismatch)
  })
})

describe.skipIf(skipWithoutNatsServer)("a cluster node whose server goes away", () => {
  it("gives up every shard by its deadline, and takes them back when the server returns", { timeout: 90_000 }, async () => {
    const server = await startPrivateServer({ jetstream: true })
    const member = await startMember(server.url, { nodeId: "lonely", ...uniqueBuckets(), ...FAST })
    try {
      await waitUntil(
        [member.node],
        () => member.node.ownedShards().length === SHARDS,
        () => describeOwnership([member.node]),
      )
      const lost = new Set<number>()
      member.node.onOwnershipChange((change) => change.type === "lost" && change.reason === "expired" && lost.add(change.shard))
      await server.kill()
      await waitUntil(
        [member.node],
        () => lost.size === SHARDS,
        () => `${lost.size} of ${SHARDS} losses reported`,
      )
      expect(member.node.ownedShards()).toEqual([])

      await server.start()
      await waitUntil(
        [member.node],
        () => member.node.ownedShards().length === SHARDS,
        () => describeOwnership([member.node]),
        60_000,
      )
    } finally {
      await member.close()
      await server.dispose()
    }
  })
})
