/**
 * A cluster node's settings, with their defaults and the checks that keep
 * them consistent. Durations are in milliseconds.
 */
import { randomBytes } from "node:crypto"
import type { NatsConnection } from "@nats-io/transport-node"
import { isName } from "../address.ts"
import { systemClock, type Clock } from "./freshness.ts"
import { DEFAULT_PLAN_LIMITS } from "./policy.ts"
import { NO_LOAD, type LoadSummary } from "./records.ts"
import { DEFAULT_SHARD_COUNT } from "./shards.ts"

export interface ClusterNodeOptions {
  /** The node's own connection; the node never closes it. */
  readonly nc: NatsConnection
  /** Unique among live nodes; a random `node-<hex>` by default. */
  readonly nodeId?: string
  /** Subject prefix routing will send this node's requests to; `studio.node.<id>` by default. */
  readonly inbox?: string
  readonly membersBucket?: string
  readonly leasesBucket?: string
  readonly replicas?: number
  /** Must be the same on every node of a cluster; a node that disagrees with the bucket refuses to start. */
  readonly shardCount?: number
  /** A lease not renewed for this long may be taken over; renewed every third of it. */
  readonly leaseTtlMs?: number
  /** A member whose record has not changed for this long counts as dead. */
  readonly memberTtlMs?: number
  /** A holder stops believing in a lease this long before others may judge it expired (freshness.ts). */
  readonly safetyMarginMs?: number
  /** How often the node renews, judges expiry and applies the assignment policy. */
  readonly tickMs?: number
  readonly maxReleasesPerRound?: number
  readonly clock?: Clock
  /** Read at every heartbeat. */
  readonly load?: () => LoadSummary
  /** Failures the node rides out (an unreachable server, a lost reply); deduplicated. */
  readonly onProblem?: (message: string) => void
}

export type ClusterSettings = Required<Omit<ClusterNodeOptions, "nc">>

export const DEFAULT_MEMBERS_BUCKET = "STUDIO_MEMBERS"
export const DEFAULT_LEASES_BUCKET = "STUDIO_SHARD_LEASES"
/** Failover takes about this plus one tick: within the 3 s the scale-out issue aims for, at ~1,000 renewals/s across a 1,024-shard cluster. */
export const DEFAULT_LEASE_TTL_MS = 2_000

export const resolveSettings = (options: ClusterNodeOptions): ClusterSettings => {
  const nodeId = options.nodeId ?? `node-${randomBytes(6).toString("hex")}`
  if (!isName(nodeId)) throw new RangeError(`nodeId ${JSON.stringify(nodeId)} must match [A-Za-z0-9_-]{1,64}`)
  const leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS
  const settings: ClusterSettings = {
    nodeId,
    inbox: options.inbox ?? `studio.node.${nodeId}`,
    membersBucket: options.membersBucket ?? DEFAULT_MEMBERS_BUCKET,
    leasesBucket: options.leasesBucket ?? DEFAULT_LEASES_BUCKET,
    replicas: options.replicas ?? 1,
    shardCount: options.shardCount ?? DEFAULT_SHARD_COUNT,
    leaseTtlMs,
    memberTtlMs: options.memberTtlMs ?? leaseTtlMs,
    safetyMarginMs: options.safetyMarginMs ?? Math.round(leaseTtlMs / 4),
    tickMs: options.tickMs ?? Math.max(10, Math.round(leaseTtlMs / 8)),
    maxReleasesPerRound: options.maxReleasesPerRound ?? DEFAULT_PLAN_LIMITS.maxReleasesPerRound,
    clock: options.clock ?? systemClock,
    load: options.load ?? (() => NO_LOAD),
    onProblem: options.onProblem ?? (() => {}),
  }
  const renewEvery = settings.leaseTtlMs / 3
  if (!Number.isInteger(settings.shardCount) || settings.shardCount < 1 || settings.shardCount > 65_536) {
    throw new RangeError(`shardCount must be a whole number from 1 to 65536, got ${settings.shardCount}`)
  }
  // A holder must get at least one renewal in before it gives the lease up.
  if (settings.safetyMarginMs < 0 || settings.leaseTtlMs - settings.safetyMarginMs <= renewEvery + settings.tickMs) {
    throw new RangeError(
      `leaseTtlMs ${settings.leaseTtlMs} leaves no time to renew: it must exceed a third of itself plus safetyMarginMs ${settings.safetyMarginMs} plus tickMs ${settings.tickMs}`,
    )
  }
  return settings
}
