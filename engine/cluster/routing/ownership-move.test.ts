/**
 * Routing while ownership changes: a node stopped gracefully in the middle
 * of traffic hands its shards over without losing or doubling an
 * acknowledged command, and every command in flight is answered; a request
 * that reaches a node that does not own its shard is sent back `moved`; and
 * a command for a shard nobody owns waits for an owner, up to its deadline.
 */
import { Effect, Exit } from "effect"
import { connect } from "@nats-io/transport-node"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { User } from "../../actor-kind.ts"
import type { Address } from "../../address.ts"
import { deleteStreams, uniqueNames } from "../../eventlog/jetstream/testing/nats-test-support.ts"
import { makeRandom, replayHint, testSeed } from "../../testing/random.ts"
import {
  ownedExactlyOnce,
  skipWithoutNatsServer,
  startPrivateServer,
  uniqueBuckets,
  waitUntil,
  type Buckets,
  type PrivateServer,
} from "../testing/cluster-fixture.ts"
import { bundleMemberCli, spawnMember } from "../testing/member-process.ts"
import { addressOwnedBy, FAST_LEASES, readBack, startRoutedNode, type RoutedNode } from "./testing/routed-cluster.ts"
import { decodeReply, encodeRoute, routeSubject } from "./wire.ts"

const alice: User = { id: "alice", tenant: "t1", roles: ["participant"] }

describe.skipIf(skipWithoutNatsServer)("routing while shards change hands", () => {
  let server: PrivateServer
  let names: ReturnType<typeof uniqueNames> & Buckets
  let nodes: RoutedNode[] = []
  const start = async (id: string, router = {}) => {
    const node = await startRoutedNode(server.url, id, names, router)
    nodes.push(node)
    return node
  }
  const settled = (running: readonly RoutedNode[]) => {
    const clusters = running.map((node) => node.cluster)
    return waitUntil(
      clusters,
      () => ownedExactlyOnce(clusters) && clusters.every((c) => c.ownedShards().length > 0 && c.members().length === running.length),
      () => clusters.map((c) => `${c.nodeId} owns ${c.ownedShards().length}, sees ${c.members().length}`).join(", "),
    )
  }

  beforeEach(async () => {
    server = await startPrivateServer({ jetstream: true })
    names = { ...uniqueNames("moving"), ...uniqueBuckets() }
  })
  afterEach(async () => {
    for (const node of nodes) await node.close()
    nodes = []
    await deleteStreams(names).catch(() => {})
    await server.dispose()
  })

  /**
   * 240 seeded commands from `senders` to `addresses`, ten in flight, with `disrupt` started after the 80th: every
   * command is answered (an ack, or `unavailable` that a resend then acks), and the log holds each acked command once,
   * at its acked seq, with gap-free sequences. Afterwards `survivors` share the shards and run only their own.
   */
  const trafficAround = async (
    label: string,
    senders: readonly RoutedNode[],
    addresses: readonly Address[],
    disrupt: () => Promise<unknown>,
    survivors: readonly RoutedNode[],
  ) => {
    const seed = testSeed(label)
    const random = makeRandom(seed)
    const hint = replayHint(seed)
    const plan = Array.from({ length: 240 }, (_, op) => ({ sender: random.pick(senders), addr: random.pick(addresses), id: `op${op}` }))

    const acked = new Map<string, number>()
    const refused: Array<{ addr: Address; id: string; code: string }> = []
    let next = 0
    let disruption: Promise<unknown> | undefined
    const worker = async () => {
      while (next < plan.length) {
        const { sender, addr, id } = plan[next++]!
        // The change comes while two thirds of the commands are still to be sent and others are in flight.
        if (next === 80) disruption = disrupt()
        const exit = await Effect.runPromiseExit(sender.runtime.send(addr, alice, id, { type: "add", text: id }))
        const key = `${addr.id}/alice:${id}`
        if (Exit.isSuccess(exit)) acked.set(key, exit.value.seq)
        else {
          const error = Exit.findErrorOption(exit)
          refused.push({ addr, id, code: error._tag === "Some" ? error.value.code : `defect ${String(exit.cause)}` })
        }
      }
    }
    await Promise.all(Array.from({ length: 10 }, worker))
    await disruption
    console.log(`[${label}] ${acked.size} acked, ${refused.length} refused (${refused.map((r) => r.code)})`)

    // A refusal is typed and says "try again": nothing else may come back.
    expect(
      refused.filter((r) => r.code !== "unavailable"),
      hint,
    ).toEqual([])
    expect(acked.size + refused.length).toBe(plan.length)
    await settled(survivors)
    // Trying a refused command again is safe: it is applied at most once, whether or not the first try got in.
    for (const { addr, id } of refused) {
      const exit = await Effect.runPromiseExit(senders[0]!.runtime.send(addr, alice, id, { type: "add", text: id }))
      expect(Exit.isSuccess(exit), `${addr.id} ${id} again: ${String(Exit.isFailure(exit) && exit.cause)} (${hint})`).toBe(true)
      if (Exit.isSuccess(exit)) acked.set(`${addr.id}/alice:${id}`, exit.value.seq)
    }

    const found = await readBack(senders[0]!.log, addresses)
    expect(found.gaps, hint).toEqual([])
    expect(found.duplicates, hint).toEqual([])
    for (const [key, seq] of acked) expect(found.lastSeqOf.get(key), `${key} (${hint})`).toBe(seq)
    expect(found.lastSeqOf.size, hint).toBe(plan.length)
    for (const node of survivors) expect(node.runtime.activeShards().filter((shard) => !node.cluster.owns(shard))).toEqual([])
  }

  const addressesOn = (owners: readonly RoutedNode[], count: number) =>
    owners.flatMap((owner) => Array.from({ length: count }, (_, i) => addressOwnedBy(owner.cluster, "t1", `${owner.id}-${Date.now()}-${i}-`)))

  it("loses and doubles no acknowledged command when a node leaves mid-traffic, and answers every command in flight", async () => {
    const [a, b, c] = [await start("node-a"), await start("node-b"), await start("node-c")]
    await settled([a, b, c])
    // A third of the actors live on the node that will leave.
    await trafficAround("routing leave", [a, c], addressesOn([a, b, c], 4), () => b.close(), [a, c])
    expect(b.runtime.stats().shardSystems).toBe(0)
  })

  it("loses and doubles no acknowledged command when a node joins mid-traffic and takes shards from the others", async () => {
    const [a, b] = [await start("node-a"), await start("node-b")]
    await settled([a, b])
    let c: RoutedNode | undefined
    // The newcomer's share is released by the others without draining their actors first: the racy handover.
    // One actor on every shard, so whichever shards the newcomer takes, some of them move under traffic.
    const tag = Date.now()
    const onEveryShard = Array.from({ length: FAST_LEASES.shardCount }, (_, shard) => {
      for (let i = 0; ; i++) {
        const addr = { tenant: "t1", kind: "notes", id: `every-${tag}-${i}` }
        if (a.cluster.shardOf(addr) === shard) return addr
      }
    })
    await trafficAround("routing join", [a, b], onEveryShard, async () => (c = await start("node-c")), nodes)
    expect(c!.cluster.ownedShards().length).toBeGreaterThan(0)
  })

  it("sends back `moved` for a request that reaches a node which does not own the shard, and runs nothing there", async () => {
    const [a, b] = [await start("node-a"), await start("node-b")]
    await settled([a, b])
    const addr = addressOwnedBy(a.cluster, "t1", "elsewhere-")
    const request = encodeRoute({ t: "cmd", addr, user: alice, id: "x1", cmd: { type: "add", text: "lost" } })
    const nc = await connect({ servers: server.url })
    const reply = await nc.request(routeSubject(b.cluster.inbox), request, { timeout: 5_000 }).finally(() => nc.close())
    expect(decodeReply(reply.data)).toEqual({ t: "moved" })
    expect(b.runtime.activeShards()).not.toContain(b.cluster.shardOf(addr))
    expect(await Effect.runPromise(a.log.lastSeq(addr))).toBe(0)
  })

  it("holds a command whose owner died until a survivor takes the shard over", async () => {
    const bundle = await bundleMemberCli()
    const a = await start("node-a", { deadlineMs: 30_000 })
    const env = {
      NATS_URL: server.url,
      STUDIO_SHARD_COUNT: String(FAST_LEASES.shardCount),
      STUDIO_LEASE_TTL_MS: String(FAST_LEASES.leaseTtlMs),
      STUDIO_MEMBERS_BUCKET: names.membersBucket,
      STUDIO_LEASES_BUCKET: names.leasesBucket,
    }
    // A bare member holds shards but serves no requests: while it lives, its shards do not answer.
    const doomed = await spawnMember(bundle.path, "child-x", env)
    try {
      await waitUntil(
        [a.cluster],
        () => doomed.owned.size > 0 && [...doomed.owned].some((shard) => a.cluster.ownerOf(shard) === "child-x"),
        () => `child-x owns ${doomed.owned.size}`,
      )
      const shard = [...doomed.owned].find((s) => a.cluster.ownerOf(s) === "child-x")!
      let addr: Address | undefined
      for (let i = 0; addr === undefined; i++)
        if (a.cluster.shardOf({ tenant: "t1", kind: "notes", id: `orphan-${i}` }) === shard) addr = { tenant: "t1", kind: "notes", id: `orphan-${i}` }
      await doomed.kill("SIGKILL")
      expect(await Effect.runPromise(a.runtime.send(addr, alice, "w1", { type: "add", text: "waited" }))).toEqual({ seq: 1 })
      expect(a.cluster.owns(shard)).toBe(true)
    } finally {
      await doomed.kill("SIGKILL")
      await bundle.remove()
    }
  })

  it("answers `unavailable` at the deadline when no owner appears", async () => {
    const a = await start("node-a", { deadlineMs: 300 })
    await settled([a])
    const addr = addressOwnedBy(a.cluster, "t1", "never-")
    await a.cluster.stop()
    const exit = await Effect.runPromiseExit(a.runtime.send(addr, alice, "n1", { type: "add", text: "nobody" }))
    expect(Exit.findErrorOption(exit)).toMatchObject({ value: { code: "unavailable", message: expect.stringContaining("no node owns it") } })
    expect(await Effect.runPromise(a.log.lastSeq(addr))).toBe(0)
  })
})
