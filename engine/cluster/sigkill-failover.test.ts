import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { targetShares } from "./policy.ts"
import {
  describeOwnership,
  skipWithoutNatsServer,
  startMember,
  startPrivateServer,
  uniqueBuckets,
  waitUntil,
  type Member,
  type PrivateServer,
} from "./testing/cluster-fixture.ts"
import { bundleMemberCli, spawnMember, type MemberBundle, type MemberProcess } from "./testing/member-process.ts"

const SHARDS = 128
const TTL_MS = 2_000

/** Each live member (in this process or a child) holds exactly its target, and no shard has two holders. */
const balancedAcross = (inProcess: readonly Member[], children: readonly MemberProcess[]) => {
  const holdings = [
    ...inProcess.map((m) => ({ id: m.node.nodeId, shards: m.node.ownedShards() })),
    ...children.map((c) => ({ id: c.nodeId, shards: [...c.owned] })),
  ]
  const targets = targetShares(
    SHARDS,
    holdings.map((h) => h.id),
  )
  const holders = new Array<number>(SHARDS).fill(0)
  for (const { shards } of holdings) for (const shard of shards) holders[shard]!++
  return holders.every((n) => n === 1) && holdings.every((h) => h.shards.length === targets.get(h.id))
}

describe.skipIf(skipWithoutNatsServer)("cluster members killed with SIGKILL", () => {
  let server: PrivateServer
  let bundle: MemberBundle
  beforeAll(async () => {
    ;[server, bundle] = await Promise.all([startPrivateServer({ jetstream: true }), bundleMemberCli()])
  })
  afterAll(async () => {
    await server?.dispose()
    await bundle?.remove()
  })

  it("have their shards taken over by the live members once the leases expire, one kill after another", { timeout: 120_000 }, async () => {
    const buckets = uniqueBuckets()
    const env = {
      NATS_URL: server.url,
      STUDIO_SHARD_COUNT: String(SHARDS),
      STUDIO_LEASE_TTL_MS: String(TTL_MS),
      STUDIO_MEMBERS_BUCKET: buckets.membersBucket,
      STUDIO_LEASES_BUCKET: buckets.leasesBucket,
    }
    const inProcess = [
      await startMember(server.url, { nodeId: "local-a", ...buckets, shardCount: SHARDS, leaseTtlMs: TTL_MS }),
      await startMember(server.url, { nodeId: "local-b", ...buckets, shardCount: SHARDS, leaseTtlMs: TTL_MS }),
    ]
    const children = await Promise.all(["child-x", "child-y"].map((id) => spawnMember(bundle.path, id, env)))
    const nodes = inProcess.map((m) => m.node)
    const state = (live: readonly MemberProcess[]) => () =>
      `${describeOwnership(nodes)}; ${live.map((c) => `${c.nodeId}: ${c.owned.size} shards`).join("; ")}`
    try {
      await waitUntil(nodes, () => balancedAcross(inProcess, children), state(children))

      const [x, y] = children as [MemberProcess, MemberProcess]
      const orphanedByX = [...x.owned]
      await x.kill("SIGKILL")
      // The survivors' own views come to agree (a view follows the leases' watch, a moment behind the holders): every shard x held has a live owner.
      const liveOwner = (shard: number) => ["local-a", "local-b", "child-y"].includes(nodes[0]!.ownerOf(shard) ?? "")
      await waitUntil(
        nodes,
        () => balancedAcross(inProcess, [y]) && nodes.every((n) => n.members().length === 3) && orphanedByX.every(liveOwner),
        state([y]),
      )
      for (const shard of orphanedByX) expect(["local-a", "local-b", "child-y"]).toContain(nodes[0]!.ownerOf(shard))

      await y.kill("SIGKILL")
      await waitUntil(nodes, () => balancedAcross(inProcess, []) && nodes.every((n) => n.members().length === 2), state([]))
    } finally {
      await Promise.all(children.map((c) => c.kill("SIGKILL")))
      await Promise.all(inProcess.map((m) => m.close()))
    }
  })
})
