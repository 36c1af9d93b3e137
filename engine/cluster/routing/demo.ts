/**
 * `npm run cluster:routing`: two routed nodes in one process on NATS_URL,
 * each with its own connection, cluster node and JetStream log on one
 * private stream. It sends commands through node A to tallies owned by A
 * and by B, resends one (the same ack comes back), reads each tally through
 * the node that does not own it, then stops B mid-way so A takes its shards
 * over, and prints every answer. Everything it creates on the server is
 * removed at the end.
 */
import { randomBytes } from "node:crypto"
import { Effect, Exit } from "effect"
import { jetstreamManager } from "@nats-io/jetstream"
import type { User } from "../../actor-kind.ts"
import type { Address } from "../../address.ts"
import { connectToNats, URL_VARIABLE } from "../../eventlog/jetstream/connection.ts"
import { openJetStreamLog } from "../../eventlog/jetstream/jetstream-log.ts"
import { startClusterNode } from "../cluster-node.ts"
import { startRoutedRuntime, type RoutedRuntime } from "./routed-runtime.ts"
import { tallyKind } from "./tally-kind.ts"

const url = process.env[URL_VARIABLE]
if (url === undefined || url === "") {
  console.error(`Usage: ${URL_VARIABLE}=nats://127.0.0.1:4222 npm run cluster:routing`)
  process.exit(2)
}
const tag = randomBytes(4).toString("hex")
const names = { stream: `DEMO_ROUTING_${tag}`, subjectPrefix: `demo${tag}`, snapshotBucket: `DEMO_ROUTING_${tag}_SNAP` }
const buckets = { membersBucket: `DEMO_MEMBERS_${tag}`, leasesBucket: `DEMO_LEASES_${tag}` }
const user: User = { id: "demo", tenant: "demo", roles: ["facilitator"] }
const quiet = { info: () => {}, error: (message: string) => console.error(message) }

const startNode = async (nodeId: string) => {
  const nc = await connectToNats(url, nodeId)
  const cluster = await startClusterNode({ nc, nodeId, ...buckets, shardCount: 64, leaseTtlMs: 1_500 })
  const log = await openJetStreamLog({ url, ...names })
  const runtime = await startRoutedRuntime({ nc, cluster, local: { log, kinds: { tally: tallyKind }, logger: quiet } })
  return { nodeId, nc, cluster, log, runtime }
}
type DemoNode = Awaited<ReturnType<typeof startNode>>

const untilShared = async (nodes: readonly DemoNode[]) => {
  const deadline = Date.now() + 20_000
  const shared = () =>
    nodes.every((n) => n.cluster.ownedShards().length > 0) && nodes.reduce((sum, n) => sum + n.cluster.ownedShards().length, 0) === 64
  while (!shared()) {
    if (Date.now() > deadline) throw new Error("the two nodes did not share the shards within 20 s")
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const tallyOwnedBy = (node: DemoNode, label: string): Address => {
  for (let i = 0; ; i++) {
    const addr = { tenant: "demo", kind: "tally", id: `${label}${i}` }
    if (node.cluster.owns(node.cluster.shardOf(addr))) return addr
  }
}

const say = async (via: RoutedRuntime, addr: Address, id: string, amount: number, owner: () => string) => {
  const started = performance.now()
  const exit = await Effect.runPromiseExit(via.send(addr, user, id, { type: "add", amount }))
  const took = (performance.now() - started).toFixed(1)
  const error = Exit.findErrorOption(exit)
  const answer = Exit.isSuccess(exit)
    ? `ack seq ${exit.value.seq}`
    : error._tag === "Some"
      ? `${error.value.code}: ${error.value.message}`
      : "a defect"
  console.log(`${id}: ${addr.kind}/${addr.id} +${amount} via ${via.nodeId} (owner ${owner()}) -> ${answer} in ${took} ms`)
}

const a = await startNode("demo-a")
const b = await startNode("demo-b")
try {
  await untilShared([a, b])
  const ownerOf = (addr: Address) => () => a.cluster.ownerOf(a.cluster.shardOf(addr)) ?? "nobody"
  const onA = tallyOwnedBy(a, "on-a-")
  const onB = tallyOwnedBy(b, "on-b-")
  await say(a.runtime, onA, "c1", 1, ownerOf(onA))
  await say(a.runtime, onB, "c2", 2, ownerOf(onB))
  await say(a.runtime, onB, "c3", 3, ownerOf(onB))
  await say(b.runtime, onB, "c2", 2, ownerOf(onB))
  for (const [reader, addr] of [
    [b.runtime, onA],
    [a.runtime, onB],
  ] as const) {
    const { seq, state } = await Effect.runPromise(reader.inspect(addr))
    console.log(`read ${addr.id} via ${reader.nodeId}: seq ${seq}, ${JSON.stringify(state)}`)
  }
  const leaving = Effect.runPromise(b.runtime.shutdown())
  await say(a.runtime, onB, "c4", 4, ownerOf(onB))
  await leaving
  await say(a.runtime, onB, "c5", 5, ownerOf(onB))
  console.log(`after demo-b left, demo-a owns ${a.cluster.ownedShards().length} of 64 shards`)
} finally {
  for (const node of [a, b]) {
    await Effect.runPromise(node.runtime.shutdown())
    await Effect.runPromise(node.log.close())
  }
  const jsm = await jetstreamManager(a.nc)
  for (const stream of [names.stream, `KV_${names.snapshotBucket}`, `KV_${buckets.membersBucket}`, `KV_${buckets.leasesBucket}`]) {
    await jsm.streams.delete(stream).catch(() => false)
  }
  await a.nc.close()
  await b.nc.close()
}
