/**
 * The in-memory index of the embedded log, rebuilt by scanning on open.
 *
 * Per stream: the durable last sequence, the tail sequence (including appends
 * queued for the next flush, which the optimistic concurrency check must see),
 * and the commits as a flat number array of `[lastSeq, location, frameBytes]`
 * triples. A location packs the segment ordinal and the byte offset into one
 * number, so the index costs 24 bytes per commit.
 *
 * Globally: the durable head position and, because positions run 1, 2, 3...
 * without gaps, a sparse array with the location of every SPARSE_STEP-th
 * position, so `readAll` starts near its target instead of at the beginning.
 */
import { isName, type Address } from "../../address.ts"

export const SPARSE_STEP = 256
const OFFSET_RANGE = 2 ** 32

/** The same key as `addressKey` in address.ts, built without an Address object. */
export const streamKey = (tenant: string, kind: string, id: string): string => `${tenant}.${kind}.${id}`

interface CheckedAddress {
  readonly tenant: string
  readonly kind: string
  readonly id: string
  readonly key: string
}
const checkedAddresses = new WeakMap<Address, CheckedAddress>()

/**
 * The stream key of `addr`, or undefined when a name is not valid. Actors
 * reuse their Address object for every append, so the result is remembered
 * per object (and re-checked if the object's fields were replaced).
 */
export const validStreamKey = (addr: Address): string | undefined => {
  const known = checkedAddresses.get(addr)
  if (known && known.tenant === addr.tenant && known.kind === addr.kind && known.id === addr.id) return known.key
  if (!isName(addr.tenant) || !isName(addr.kind) || !isName(addr.id)) return undefined
  const key = streamKey(addr.tenant, addr.kind, addr.id)
  checkedAddresses.set(addr, { tenant: addr.tenant, kind: addr.kind, id: addr.id, key })
  return key
}

export interface StreamEntry {
  /** Last sequence including queued appends: what a new append must expect. */
  tail: number
  /** Last sequence that is durable and readable. */
  durable: number
  readonly commits: number[]
}

export const makeLocation = (segment: number, offset: number): number => segment * OFFSET_RANGE + offset
export const segmentOf = (location: number): number => Math.floor(location / OFFSET_RANGE)
export const offsetOf = (location: number): number => location % OFFSET_RANGE

export interface CommitLocation {
  readonly location: number
  readonly frameBytes: number
}

export class LogIndex {
  readonly streams = new Map<string, StreamEntry>()
  private readonly sparse: number[] = []
  /** Newest durable position; 0 while the log is empty. */
  head = 0

  stream(key: string): StreamEntry {
    let entry = this.streams.get(key)
    if (entry === undefined) {
      entry = { tail: 0, durable: 0, commits: [] }
      this.streams.set(key, entry)
    }
    return entry
  }

  /** Records a durable commit; commits must arrive in position order. */
  addDurable(entry: StreamEntry, lastSeq: number, position: number, location: number, frameBytes: number): void {
    entry.commits.push(lastSeq, location, frameBytes)
    entry.durable = lastSeq
    if (entry.tail < lastSeq) entry.tail = lastSeq
    if ((position - 1) % SPARSE_STEP === 0) this.sparse.push(location)
    this.head = position
  }

  /** The nearest indexed position at or before `position` (1-based), with its location. */
  seekPosition(position: number): { position: number; location: number } | undefined {
    const slot = Math.floor((position - 1) / SPARSE_STEP)
    const location = this.sparse[slot]
    return location === undefined ? undefined : { position: slot * SPARSE_STEP + 1, location }
  }

  /** Locations of the stream's durable commits holding an event after `afterSeq`. */
  commitsAfter(key: string, afterSeq: number): CommitLocation[] {
    const entry = this.streams.get(key)
    if (entry === undefined) return []
    const commits = entry.commits
    const count = commits.length / 3
    let low = 0
    let high = count
    while (low < high) {
      const mid = (low + high) >>> 1
      if (commits[mid * 3]! > afterSeq) high = mid
      else low = mid + 1
    }
    const out: CommitLocation[] = []
    for (let i = low; i < count; i++) out.push({ location: commits[i * 3 + 1]!, frameBytes: commits[i * 3 + 2]! })
    return out
  }
}
