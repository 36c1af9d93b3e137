/**
 * For the cluster tests: a private nats-server with JetStream, fresh bucket
 * names per test, members that each get their own connection, and a wait
 * that re-checks a condition whenever a member's ownership or member list
 * changes (and every tick, for what only other nodes' leases change), with a
 * deadline and a message that shows the state it gave up on.
 */
import { randomBytes } from "node:crypto"
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { startClusterNode, type ClusterNode, type ClusterNodeOptions } from "../cluster-node.ts"
import { natsServerBinary, startPrivateServer, type PrivateServer } from "../../eventlog/jetstream/testing/private-server.ts"

/** Skip only outside CI when nats-server is missing; under CI the suites run and fail. */
export const skipWithoutNatsServer = natsServerBinary() === undefined && !process.env.CI

export { startPrivateServer, type PrivateServer }

export interface Buckets {
  readonly membersBucket: string
  readonly leasesBucket: string
}

export const uniqueBuckets = (): Buckets => {
  const tag = randomBytes(4).toString("hex")
  return { membersBucket: `T_MEMBERS_${tag}`, leasesBucket: `T_LEASES_${tag}` }
}

export interface Member {
  readonly node: ClusterNode
  readonly nc: NatsConnection
  /** Stops the node gracefully, then closes its connection. */
  close(): Promise<void>
}

export const startMember = async (url: string, options: Omit<ClusterNodeOptions, "nc">): Promise<Member> => {
  const nc = await connect({ servers: url, name: options.nodeId, maxReconnectAttempts: -1, reconnectTimeWait: 250 })
  const node = await startClusterNode({ ...options, nc, onProblem: options.onProblem ?? (() => {}) })
  return {
    node,
    nc,
    close: async () => {
      await node.stop()
      await nc.close()
    },
  }
}

export const waitUntil = (nodes: readonly ClusterNode[], condition: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> =>
  new Promise((resolve, reject) => {
    const unsubscribe: Array<() => void> = []
    let timer: ReturnType<typeof setTimeout> | undefined
    let interval: ReturnType<typeof setInterval> | undefined
    const finish = (error?: Error) => {
      for (const off of unsubscribe) off()
      clearTimeout(timer)
      clearInterval(interval)
      if (error) reject(error)
      else resolve()
    }
    const check = () => {
      if (condition()) finish()
    }
    for (const node of nodes) unsubscribe.push(node.onOwnershipChange(check), node.onMembersChange(check))
    interval = setInterval(check, 50)
    timer = setTimeout(() => finish(new Error(`gave up after ${timeoutMs} ms waiting until ${what()}`)), timeoutMs)
    check()
  })

/** Who each shard's owner is according to `viewer`, and the count per owner. */
export const ownership = (viewer: ClusterNode) => {
  const owners = Array.from({ length: viewer.shardCount }, (_, shard) => viewer.ownerOf(shard))
  const counts = new Map<string, number>()
  for (const owner of owners) if (owner !== undefined) counts.set(owner, (counts.get(owner) ?? 0) + 1)
  return { owners, counts }
}

/** Every shard believed owned by exactly one of `nodes`, and by nobody else (as the nodes themselves report it). */
export const ownedExactlyOnce = (nodes: readonly ClusterNode[]): boolean => {
  const shardCount = nodes[0]!.shardCount
  const holders = new Array<number>(shardCount).fill(0)
  for (const node of nodes) for (const shard of node.ownedShards()) holders[shard]!++
  return holders.every((count) => count === 1)
}

export const describeOwnership = (nodes: readonly ClusterNode[]): string =>
  nodes.map((node) => `${node.nodeId}: ${node.ownedShards().length} shards, sees members [${node.members().map((m) => m.node)}]`).join("; ")
