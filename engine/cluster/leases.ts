/**
 * The four compare-and-set writes on a shard's lease, one key per shard in
 * the leases bucket. Each either wins (and returns the new revision) or says
 * why not: `conflict` when the key is not at the revision the caller based
 * its write on (someone else wrote it), `unavailable` when the server could
 * not be asked or did not answer (the write may or may not have happened).
 */
import { JetStreamApiError } from "@nats-io/jetstream"
import type { KV } from "@nats-io/kv"
import { leaseKey } from "./shards.ts"
import { decodeRecord, encodeRecord, LeaseRecord } from "./records.ts"

export type CasOutcome =
  | { readonly ok: true; readonly revision: number }
  | { readonly ok: false; readonly reason: "conflict" }
  | { readonly ok: false; readonly reason: "unavailable"; readonly error: unknown }

/** JetStream's err_codes for "the subject's last sequence is not the one you expected". */
const WRONG_LAST_SEQUENCE = new Set([10071, 10164])

export const isConflict = (error: unknown): boolean => error instanceof JetStreamApiError && WRONG_LAST_SEQUENCE.has(error.code)

const outcomeOf = async (write: Promise<number | void>, revisionOnDelete = 0): Promise<CasOutcome> => {
  try {
    const revision = await write
    return { ok: true, revision: revision ?? revisionOnDelete }
  } catch (error) {
    if (isConflict(error)) return { ok: false, reason: "conflict" }
    return { ok: false, reason: "unavailable", error }
  }
}

export interface LeaseStore {
  /** Takes a shard whose key was never written (`basedOn` 0) or was deleted or judged expired at revision `basedOn`. */
  acquire(shard: number, lease: LeaseRecord, basedOn: number): Promise<CasOutcome>
  renew(shard: number, lease: LeaseRecord, revision: number): Promise<CasOutcome>
  release(shard: number, revision: number): Promise<CasOutcome>
  /** The lease as the server has it now, for a holder that lost a reply. */
  read(shard: number): Promise<{ readonly revision: number; readonly lease: LeaseRecord | undefined } | undefined>
}

export const leaseStore = (kv: KV): LeaseStore => ({
  acquire: (shard, lease, basedOn) =>
    outcomeOf(basedOn === 0 ? kv.create(leaseKey(shard), encodeRecord(lease)) : kv.update(leaseKey(shard), encodeRecord(lease), basedOn)),
  renew: (shard, lease, revision) => outcomeOf(kv.update(leaseKey(shard), encodeRecord(lease), revision)),
  release: (shard, revision) => outcomeOf(kv.delete(leaseKey(shard), { previousSeq: revision })),
  read: async (shard) => {
    const entry = await kv.get(leaseKey(shard))
    if (entry === null) return undefined
    return { revision: entry.revision, lease: entry.operation === "PUT" ? decodeRecord(LeaseRecord, entry.value) : undefined }
  },
})
