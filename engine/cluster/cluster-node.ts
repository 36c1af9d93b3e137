/**
 * A node of the cluster: it registers and heartbeats in the members bucket,
 * watches members and leases, and every tick applies the assignment policy
 * (policy.ts) to the live view, taking and giving up shard leases through
 * compare-and-set writes (shard-holder.ts). What routing needs: `ownerOf`,
 * `owns`, `members`, and the stream of ownership changes; `stop` hands every
 * shard back at once.
 */
import { jetstream, StorageType } from "@nats-io/jetstream"
import { Kvm } from "@nats-io/kv"
import type { Address } from "../address.ts"
import { ClusterSettingsMismatch, checkClusterSettings } from "./cluster-settings.ts"
import { hasExpired, type Sighting } from "./freshness.ts"
import { watchTable, type TableEntry } from "./kv-table.ts"
import { leaseStore } from "./leases.ts"
import { liveMembers, removeMember, writeMember } from "./membership.ts"
import { planShards } from "./policy.ts"
import { decodeRecord, LeaseRecord, type MemberRecord } from "./records.ts"
import { makeShardHolder, type OwnershipChange } from "./shard-holder.ts"
import { resolveSettings, type ClusterNodeOptions } from "./settings.ts"
import { shardOf, shardOfLeaseKey } from "./shards.ts"

export { ClusterSettingsMismatch, type ClusterNodeOptions, type MemberRecord, type OwnershipChange }

export interface ClusterNode {
  readonly nodeId: string
  readonly inbox: string
  readonly shardCount: number
  shardOf(address: Address): number
  /** Whether this node may act for the shard now (its lease's deadline has not passed). */
  owns(shard: number): boolean
  ownedShards(): number[]
  /** The node holding a live lease on the shard, or undefined while nobody does (free, expired, or unreadable). */
  ownerOf(shard: number): string | undefined
  /** The live members, this node included once its heartbeat is seen, sorted by id. */
  members(): MemberRecord[]
  /** Every gain and loss of a shard, in order; a loss is announced before anything acts on it. */
  onOwnershipChange(listener: (change: OwnershipChange) => void): () => void
  onMembersChange(listener: (members: readonly MemberRecord[]) => void): () => void
  /** Releases every lease and leaves the members bucket, so others take over at once; idempotent. */
  stop(): Promise<void>
}

interface SeenLease extends Sighting {
  readonly lease: LeaseRecord | undefined
  readonly deleted: boolean
}

/** Holders the policy must treat as occupying a shard without being a member it could count. */
const UNREADABLE_HOLDER = "?unreadable"
const STALE_SELF = "?stale-self"
const READY_TIMEOUT_MS = 10_000

export const startClusterNode = async (options: ClusterNodeOptions): Promise<ClusterNode> => {
  const settings = resolveSettings(options)
  const { nodeId, clock, shardCount } = settings
  const kvm = new Kvm(options.nc)
  const bucket = { history: 1, storage: StorageType.File, replicas: settings.replicas }
  const [membersKv, leasesKv] = await Promise.all([kvm.create(settings.membersBucket, bucket), kvm.create(settings.leasesBucket, bucket)])
  await checkClusterSettings(leasesKv, settings.leasesBucket, shardCount)

  const ownershipListeners = new Set<(change: OwnershipChange) => void>()
  const membersListeners = new Set<(members: readonly MemberRecord[]) => void>()
  const notify = <A>(listeners: Set<(value: A) => void>, value: A) => {
    for (const listener of listeners) {
      try {
        listener(value)
      } catch (error) {
        settings.onProblem(`a cluster listener threw: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  // Lease writes time out well before the deadline, so a stuck one leaves time for another attempt.
  const leaseWrites = await new Kvm(jetstream(options.nc, { timeout: Math.max(100, Math.round(settings.leaseTtlMs / 4)) })).open(
    settings.leasesBucket,
  )
  const holder = makeShardHolder(leaseStore(leaseWrites), settings, (change) => notify(ownershipListeners, change))

  // Watch events can ask for an early tick only once the node runs; until then they just fill the tables.
  let running = false
  let stopping = false
  let tickSoon: ReturnType<typeof setTimeout> | undefined
  const soon = () => {
    if (tickSoon === undefined && running && !stopping) tickSoon = setTimeout(() => tick(), 0)
  }
  const seen = new Map<number, SeenLease>()
  const onLease = (entry: TableEntry) => {
    const shard = shardOfLeaseKey(entry.key)
    if (shard === undefined || shard >= shardCount) return
    const lease = entry.value === undefined ? undefined : decodeRecord(LeaseRecord, entry.value)
    seen.set(shard, { revision: entry.revision, observedAt: entry.observedAt, lease, deleted: entry.value === undefined })
    holder.observe(shard, entry.revision, lease)
    // A released shard is for taking now, not at the next tick.
    if (entry.value === undefined) soon()
  }
  const membersTable = await watchTable(membersKv, clock, soon)
  const leasesTable = await watchTable(leasesKv, clock, onLease)
  await withTimeout(Promise.all([membersTable.ready, leasesTable.ready]), READY_TIMEOUT_MS, "the cluster buckets' watches did not catch up").catch(
    (error: unknown) => {
      membersTable.stop()
      leasesTable.stop()
      throw error
    },
  )

  const holderOf = (shard: number, now: number): string | undefined => {
    if (holder.owns(shard, now)) return nodeId
    const last = seen.get(shard)
    if (last === undefined || last.deleted || hasExpired(last, last.lease?.ttlMs ?? settings.leaseTtlMs, now)) return undefined
    if (last.lease === undefined) return UNREADABLE_HOLDER
    return last.lease.holder === nodeId ? STALE_SELF : last.lease.holder
  }

  const startedAt = Date.now()
  let heartbeat: Promise<unknown> | undefined
  let heartbeatSentAt = Number.NEGATIVE_INFINITY
  const sendHeartbeat = (now: number) => {
    heartbeatSentAt = now
    const record: MemberRecord = {
      node: nodeId,
      inbox: settings.inbox,
      startedAt,
      heartbeatAt: Date.now(),
      expiresInMs: settings.memberTtlMs,
      load: settings.load(),
    }
    const write = writeMember(membersKv, record)
    heartbeat = write
      .catch((error: unknown) => settings.onProblem(`heartbeat: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (heartbeat = undefined))
    return write
  }

  let lastMembers = ""
  const tick = () => {
    clearTimeout(tickSoon)
    tickSoon = undefined
    if (stopping) return
    const now = clock.now()
    holder.maintain(now)
    if (heartbeat === undefined && now - heartbeatSentAt >= settings.memberTtlMs / 3) void sendHeartbeat(now)

    const members = liveMembers(membersTable.entries(), now)
    const memberIds = members.map((m) => m.node)
    if (memberIds.join(",") !== lastMembers) {
      lastMembers = memberIds.join(",")
      notify(membersListeners, members)
    }
    const owners = new Map<number, string>()
    for (let shard = 0; shard < shardCount; shard++) {
      const owner = holder.isBusy(shard) ? nodeId : holderOf(shard, now)
      if (owner !== undefined) owners.set(shard, owner)
    }
    const plan = planShards({ shardCount, members: memberIds, owners }, nodeId, settings)
    for (const shard of plan.release) void holder.release(shard, "released")
    for (const shard of plan.acquire) holder.acquire(shard, seen.get(shard)?.revision ?? 0)
  }

  await withTimeout(
    sendHeartbeat(clock.now()).then((revision) => membersTable.reached(nodeId, revision)),
    READY_TIMEOUT_MS,
    "this node's first heartbeat was not seen",
  )
  const timer = setInterval(tick, settings.tickMs)
  running = true
  tick()

  let stopped: Promise<void> | undefined
  const stop = async () => {
    stopping = true
    clearInterval(timer)
    clearTimeout(tickSoon)
    await holder.releaseAll()
    await heartbeat
    await removeMember(membersKv, nodeId).catch((error: unknown) =>
      settings.onProblem(`leaving: ${error instanceof Error ? error.message : String(error)}`),
    )
    membersTable.stop()
    leasesTable.stop()
  }

  return {
    nodeId,
    inbox: settings.inbox,
    shardCount,
    shardOf: (address) => shardOf(address, shardCount),
    owns: (shard) => holder.owns(shard, clock.now()),
    ownedShards: () => holder.owned(clock.now()).sort((a, b) => a - b),
    ownerOf: (shard) => {
      const owner = holderOf(shard, clock.now())
      return owner === UNREADABLE_HOLDER || owner === STALE_SELF ? undefined : owner
    },
    members: () => liveMembers(membersTable.entries(), clock.now()),
    onOwnershipChange: (listener) => {
      ownershipListeners.add(listener)
      return () => ownershipListeners.delete(listener)
    },
    onMembersChange: (listener) => {
      membersListeners.add(listener)
      return () => membersListeners.delete(listener)
    },
    stop: () => (stopped ??= stop()),
  }
}

const withTimeout = <A>(promise: Promise<A>, ms: number, what: string): Promise<A> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
