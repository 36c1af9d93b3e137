/**
 * For the routing tests: routed runtimes in one process on a private
 * nats-server, each with its own connection, cluster node and JetStream
 * event log on one shared stream, running the runtime's test kind (notes);
 * and the checks the tests make of what the log holds.
 */
import { Effect } from "effect"
import { connect } from "@nats-io/transport-node"
import { startClusterNode, type ClusterNode } from "../../cluster-node.ts"
import { openJetStreamLog } from "../../../eventlog/jetstream/jetstream-log.ts"
import type { Commit, EventLog } from "../../../eventlog/port.ts"
import type { Address } from "../../../address.ts"
import { notesKind } from "../../../runtime/testing/test-kind.ts"
import type { Buckets } from "../../testing/cluster-fixture.ts"
import { startRoutedRuntime, type RoutedRuntime } from "../routed-runtime.ts"
import type { RouterSettings } from "../router.ts"

export const ROUTING_SHARDS = 16
/** Short leases, so a takeover in a test takes about a second. */
export const FAST_LEASES = { shardCount: ROUTING_SHARDS, leaseTtlMs: 1_200, tickMs: 40 }

export interface LogNames {
  readonly stream: string
  readonly subjectPrefix: string
  readonly snapshotBucket: string
}

export interface RoutedNode {
  readonly id: string
  readonly runtime: RoutedRuntime
  readonly cluster: ClusterNode
  readonly log: EventLog
  /** Errors the node's actors logged, for a failing test to show. */
  readonly errors: string[]
  /** Shuts the runtime down (handing its shards over), then closes the log and the connection; idempotent. */
  close(): Promise<void>
}

export const startRoutedNode = async (
  url: string,
  nodeId: string,
  names: LogNames & Buckets,
  router: Partial<RouterSettings> = {},
): Promise<RoutedNode> => {
  const { membersBucket, leasesBucket, ...logNames } = names
  const nc = await connect({ servers: url, name: nodeId, maxReconnectAttempts: -1, reconnectTimeWait: 250 })
  const cluster = await startClusterNode({ nc, nodeId, membersBucket, leasesBucket, ...FAST_LEASES })
  const log = await openJetStreamLog({ url, ...logNames })
  const errors: string[] = []
  const logger = {
    info: () => {},
    error: (message: string, fields?: Record<string, unknown>) => void errors.push(`${message} ${JSON.stringify(fields)}`),
  }
  const runtime = await startRoutedRuntime({ nc, cluster, local: { log, kinds: { notes: notesKind }, logger }, ...router })
  let closed: Promise<void> | undefined
  return {
    id: nodeId,
    runtime,
    cluster,
    log,
    errors,
    close: () =>
      (closed ??= (async () => {
        await Effect.runPromise(runtime.shutdown())
        await Effect.runPromise(log.close())
        await nc.close()
      })()),
  }
}

/** An address of the `notes` kind whose shard `owner` holds now, found by trying ids in order. */
export const addressOwnedBy = (owner: ClusterNode, tenant: string, prefix: string): Address => {
  for (let i = 0; i < 10_000; i++) {
    const addr = { tenant, kind: "notes", id: `${prefix}${i}` }
    if (owner.owns(owner.shardOf(addr))) return addr
  }
  throw new Error(`${owner.nodeId} owns none of the first 10,000 ids`)
}

export interface LogFindings {
  /** Every commit's command key, with the seq it ended at. */
  readonly lastSeqOf: ReadonlyMap<string, number>
  /** Command keys the stream holds more than once (a command applied twice). */
  readonly duplicates: readonly string[]
  /** Where a commit did not start right after the one before it. */
  readonly gaps: readonly string[]
}

/** What the log holds for these actors: sequences must run 1..n without gaps, and each command key once. */
export const readBack = async (log: EventLog, addresses: readonly Address[]): Promise<LogFindings> => {
  const lastSeqOf = new Map<string, number>()
  const duplicates: string[] = []
  const gaps: string[] = []
  for (const addr of addresses) {
    const commits: readonly Commit[] = await Effect.runPromise(log.readStream(addr, 0))
    let next = 1
    for (const commit of commits) {
      if (commit.firstSeq !== next) gaps.push(`${addr.id}: expected seq ${next}, found ${commit.firstSeq}`)
      next = commit.firstSeq + commit.events.length
      const key = `${addr.id}/${commit.commandKey}`
      if (lastSeqOf.has(key)) duplicates.push(key)
      lastSeqOf.set(key, next - 1)
    }
  }
  return { lastSeqOf, duplicates, gaps }
}
