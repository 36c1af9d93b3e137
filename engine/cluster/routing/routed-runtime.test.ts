/**
 * Three routed nodes on one JetStream stream: a command sent to any of them
 * runs on the shard's owner, answered exactly as one node alone answers it,
 * and a seeded mix of commands across nodes leaves every acknowledged one in
 * the log once, with gap-free sequences.
 */
import { Effect, Exit } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../actor-kind.ts"
import type { Address } from "../../address.ts"
import { deleteStreams, uniqueNames } from "../../eventlog/jetstream/testing/nats-test-support.ts"
import { makeMemoryStore, openMemoryLog } from "../../eventlog/testing/memory-log.ts"
import type { ActorSystem } from "../../runtime/api.ts"
import { makeActorSystem, type LocalActorSystem } from "../../runtime/runtime.ts"
import { notesKind, type NotesState } from "../../runtime/testing/test-kind.ts"
import { makeRandom, replayHint, testSeed } from "../../testing/random.ts"
import {
  ownedExactlyOnce,
  skipWithoutNatsServer,
  startPrivateServer,
  uniqueBuckets,
  waitUntil,
  type PrivateServer,
} from "../testing/cluster-fixture.ts"
import { addressOwnedBy, readBack, startRoutedNode, type RoutedNode } from "./testing/routed-cluster.ts"

const alice: User = { id: "alice", tenant: "t1", roles: ["participant"] }
const bob: User = { id: "bob", tenant: "t1", roles: ["participant"] }
const mallory: User = { id: "mallory", tenant: "t2", roles: ["admin"] }

/** One node's answer in a comparable form: `ack <seq>` or `<code>: <message>`. */
const outcome = async (system: ActorSystem, addr: Address, user: User, id: string, command: unknown): Promise<string> => {
  const exit = await Effect.runPromiseExit(system.send(addr, user, id, command))
  if (Exit.isSuccess(exit)) return `ack ${exit.value.seq}`
  const error = Exit.findErrorOption(exit)
  return error._tag === "Some" ? `${error.value.code}: ${error.value.message}` : `defect ${String(exit.cause)}`
}

/** Every kind of answer the runtime gives: acks, a retried id, the domain's refusals, a bad command, another tenant, an unknown kind. */
const script = async (system: ActorSystem, addr: Address): Promise<string[]> => [
  await outcome(system, addr, alice, "a1", { type: "add", text: "one" }),
  await outcome(system, addr, alice, "a1", { type: "add", text: "one" }),
  await outcome(system, addr, alice, "a2", { type: "addMany", texts: ["x", "y"] }),
  await outcome(system, addr, bob, "b1", { type: "lock" }),
  await outcome(system, addr, alice, "a3", { type: "add", text: 5 }),
  await outcome(system, addr, alice, "a4", { type: "lock" }),
  await outcome(system, addr, bob, "b2", { type: "add", text: "late" }),
  await outcome(system, addr, mallory, "m1", { type: "add", text: "other tenant" }),
  await outcome(system, { ...addr, kind: "nothing" }, alice, "a5", { type: "noop" }),
  await outcome(system, addr, alice, "a6", { type: "noop" }),
]

const visible = (state: unknown) => {
  const { owner, locked, notes } = state as NotesState
  return { owner, locked, notes: notes.map(({ text, by }) => ({ text, by })) }
}

describe.skipIf(skipWithoutNatsServer)("routed runtimes on one stream", () => {
  let server: PrivateServer
  let nodes: RoutedNode[] = []
  let names: ReturnType<typeof uniqueNames>

  beforeAll(async () => {
    server = await startPrivateServer({ jetstream: true })
    names = uniqueNames("routing")
    const buckets = uniqueBuckets()
    for (const id of ["node-a", "node-b", "node-c"]) nodes.push(await startRoutedNode(server.url, id, { ...names, ...buckets }))
    const clusters = nodes.map((node) => node.cluster)
    await waitUntil(
      clusters,
      () => ownedExactlyOnce(clusters) && clusters.every((c) => c.ownedShards().length > 0 && c.members().length === 3),
      () => clusters.map((c) => `${c.nodeId} owns ${c.ownedShards().length}`).join(", "),
    )
  })
  afterAll(async () => {
    for (const node of nodes) await node.close()
    nodes = []
    await deleteStreams(names).catch(() => {})
    await server?.dispose()
  })

  it("answers a command sent to any node as the owner would, exactly as a single node does", async () => {
    const reference: LocalActorSystem = makeActorSystem({ log: openMemoryLog(makeMemoryStore()), kinds: { notes: notesKind } })
    try {
      for (const sender of nodes) {
        for (const owner of nodes) {
          const addr = addressOwnedBy(owner.cluster, "t1", `from-${sender.id}-on-${owner.id}-`)
          const expected = await script(reference, addr)
          expect(await script(sender.runtime, addr), `${sender.id} -> ${owner.id}`).toEqual(expected)
          expect(expected.slice(0, 3)).toEqual(["ack 1", "ack 1", "ack 3"])

          const truth = visible((await Effect.runPromise(reference.inspect(addr))).state)
          for (const reader of nodes) {
            const read = await Effect.runPromise(reader.runtime.inspect(addr))
            expect({ seq: read.seq, state: visible(read.state) }, `${reader.id} reads ${addr.id}`).toEqual({ seq: 4, state: truth })
          }
          // Only the owner runs the actor.
          for (const node of nodes) expect(node.runtime.activeShards().includes(owner.cluster.shardOf(addr))).toBe(node === owner)
        }
      }
    } finally {
      await Effect.runPromise(reference.shutdown())
    }
  })

  it("joins an actor on its owner, and refuses a join elsewhere as unavailable until events cross nodes", async () => {
    const [a, b] = nodes as [RoutedNode, RoutedNode]
    const addr = addressOwnedBy(a.cluster, "t1", "join-")
    await Effect.runPromise(b.runtime.send(addr, alice, "j1", { type: "add", text: "seen" }))
    const joined = await Effect.runPromise(a.runtime.join({ addr, user: alice, onEvent: () => {} }))
    expect(joined.seq).toBe(1)
    joined.leave()
    const elsewhere = await Effect.runPromiseExit(b.runtime.join({ addr, user: alice, onEvent: () => {} }))
    expect(Exit.findErrorOption(elsewhere)).toMatchObject({ value: { code: "unavailable" } })
    const otherTenant = await Effect.runPromiseExit(b.runtime.join({ addr, user: mallory, onEvent: () => {} }))
    expect(Exit.findErrorOption(otherTenant)).toMatchObject({ value: { code: "not_found" } })
  })

  it("keeps every acknowledged command of a seeded mix across nodes in the log exactly once", async () => {
    const seed = testSeed("routing mix")
    const random = makeRandom(seed)
    const addresses = Array.from({ length: 10 }, (_, i) => ({ tenant: "t1", kind: "notes", id: `mix${seed}-${i}` }))
    // The whole plan is drawn before anything runs, so the seed replays it whatever order the answers come in.
    type Planned = { sender: RoutedNode; addr: Address; user: User; id: string; command: unknown }
    const plan: Planned[] = []
    for (let op = 0; op < 240; op++) {
      const sender = random.pick(nodes)
      // A resend repeats an earlier command id through any node, possibly while the first is still in flight.
      if (plan.length > 0 && random.chance(0.2)) plan.push({ ...random.pick(plan), sender })
      else {
        const command = random.chance(0.8) ? { type: "add", text: `t${op}` } : { type: "addMany", texts: ["p", "q"] }
        plan.push({ sender, addr: random.pick(addresses), user: random.chance(0.5) ? alice : bob, id: `op${op}`, command })
      }
    }
    const acks = new Map<string, number[]>()
    const failures: string[] = []
    let next = 0
    const worker = async () => {
      while (next < plan.length) {
        const { sender, addr, user, id, command } = plan[next++]!
        const key = `${addr.id}/${user.id}:${id}`
        const exit = await Effect.runPromiseExit(sender.runtime.send(addr, user, id, command))
        if (Exit.isFailure(exit)) failures.push(`${key} via ${sender.id}: ${String(exit.cause)}`)
        else acks.set(key, [...(acks.get(key) ?? []), exit.value.seq])
      }
    }
    await Promise.all(Array.from({ length: 12 }, worker))

    const hint = replayHint(seed)
    expect(failures, hint).toEqual([])
    for (const [key, seqs] of acks) expect(new Set(seqs).size, `${key} acked ${seqs} (${hint})`).toBe(1)
    const found = await readBack(nodes[0]!.log, addresses)
    expect(found.gaps, hint).toEqual([])
    expect(found.duplicates, hint).toEqual([])
    for (const [key, seqs] of acks) expect(found.lastSeqOf.get(key), `${key} (${hint})`).toBe(seqs[0])
    expect(found.lastSeqOf.size, hint).toBe(acks.size)
  })
})
