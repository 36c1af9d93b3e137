/**
 * A LeaseStore in memory with the same compare-and-set rules as the KV
 * bucket (revisions from one counter, a delete leaves a marker), for tests of
 * the holder's logic under a clock the test moves. `unreachable` makes every
 * write fail as a lost server would.
 */
import type { CasOutcome, LeaseStore } from "../leases.ts"
import type { LeaseRecord } from "../records.ts"

export interface MemoryLeaseStore extends LeaseStore {
  unreachable: boolean
  /** What the bucket holds for a shard: its last revision and value (undefined when deleted). */
  current(shard: number): { readonly revision: number; readonly lease: LeaseRecord | undefined } | undefined
  /** A write by someone else, as a takeover or an operator would make it. */
  overwrite(shard: number, lease: LeaseRecord): number
}

export const memoryLeaseStore = (): MemoryLeaseStore => {
  let revision = 0
  const keys = new Map<number, { revision: number; lease: LeaseRecord | undefined }>()
  const write = (shard: number, expected: number, lease: LeaseRecord | undefined): Promise<CasOutcome> => {
    if (store.unreachable) return Promise.resolve({ ok: false, reason: "unavailable", error: new Error("server unreachable") })
    const last = keys.get(shard)
    if ((last?.revision ?? 0) !== expected) return Promise.resolve({ ok: false, reason: "conflict" })
    keys.set(shard, { revision: ++revision, lease })
    return Promise.resolve({ ok: true, revision })
  }
  const store: MemoryLeaseStore = {
    unreachable: false,
    acquire: (shard, lease, basedOn) => write(shard, basedOn, lease),
    renew: (shard, lease, expected) => write(shard, expected, lease),
    release: (shard, expected) => write(shard, expected, undefined),
    read: (shard) => Promise.resolve(keys.get(shard)),
    current: (shard) => keys.get(shard),
    overwrite: (shard, lease) => {
      keys.set(shard, { revision: ++revision, lease })
      return revision
    },
  }
  return store
}
