/**
 * What the cluster buckets record, for a person trying the cluster out: the
 * members with their inboxes and load, and how many shard leases each holder
 * has. It only reads; it does not join. Ages come from the writers' clocks,
 * so across machines they are a hint, not a verdict (nodes judge liveness by
 * revisions, see freshness.ts).
 */
import { Kvm } from "@nats-io/kv"
import type { NatsConnection } from "@nats-io/transport-node"
import { systemClock } from "./freshness.ts"
import { watchTable } from "./kv-table.ts"
import { decodeRecord, LeaseRecord, MemberRecord } from "./records.ts"
import { shardOfLeaseKey } from "./shards.ts"

export const clusterStatus = async (nc: NatsConnection, buckets: { membersBucket: string; leasesBucket: string }): Promise<string[]> => {
  const kvm = new Kvm(nc)
  const [members, leases] = await Promise.all([
    kvm.open(buckets.membersBucket).then((kv) => watchTable(kv, systemClock)),
    kvm.open(buckets.leasesBucket).then((kv) => watchTable(kv, systemClock)),
  ])
  try {
    await Promise.all([members.ready, leases.ready])
    const held = new Map<string, number>()
    for (const entry of leases.entries()) {
      const lease = entry.value === undefined ? undefined : decodeRecord(LeaseRecord, entry.value)
      if (shardOfLeaseKey(entry.key) !== undefined && lease !== undefined) held.set(lease.holder, (held.get(lease.holder) ?? 0) + 1)
    }
    const now = Date.now()
    const lines: string[] = []
    for (const entry of members.entries()) {
      const member = entry.value === undefined ? undefined : decodeRecord(MemberRecord, entry.value)
      if (member === undefined) continue
      const { actorsAlive, sockets, commandsPerSecond } = member.load
      lines.push(
        `${member.node}  inbox ${member.inbox}  heartbeat ${now - member.heartbeatAt} ms ago (expires after ${member.expiresInMs})  ` +
          `shards ${held.get(member.node) ?? 0}  actors ${actorsAlive}  sockets ${sockets}  commands/s ${commandsPerSecond}`,
      )
      held.delete(member.node)
    }
    for (const [holder, count] of held) lines.push(`${holder}  (no member record)  shards ${count}`)
    return lines
  } finally {
    members.stop()
    leases.stop()
  }
}
