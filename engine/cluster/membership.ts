/**
 * Members: each node keeps one key in the members bucket (its id), rewritten
 * every third of its expiry with its inbox, start time and load. A member is
 * live while this reader has seen its record change within the expiry the
 * record states (freshness.ts); a node that stops gracefully deletes its key.
 */
import type { KV } from "@nats-io/kv"
import { hasExpired } from "./freshness.ts"
import type { TableEntry } from "./kv-table.ts"
import { decodeRecord, encodeRecord, MemberRecord } from "./records.ts"

export const writeMember = (kv: KV, record: MemberRecord): Promise<number> => kv.put(record.node, encodeRecord(record))

export const removeMember = (kv: KV, node: string): Promise<void> => kv.delete(node)

/** The live members among a members table's entries, sorted by id. */
export const liveMembers = (entries: Iterable<TableEntry>, now: number): MemberRecord[] => {
  const live: MemberRecord[] = []
  for (const entry of entries) {
    if (entry.value === undefined) continue
    const record = decodeRecord(MemberRecord, entry.value)
    if (record !== undefined && record.node === entry.key && !hasExpired(entry, record.expiresInMs, now)) live.push(record)
  }
  return live.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))
}
