/**
 * The window of recent command keys per actor, so a retried command gets its
 * original ack instead of running again. It is rebuilt from the log tail and
 * kept in snapshots, so the guarantee survives restarts; it is bounded, so a
 * retry older than `capacity` later commands runs again (documented in the
 * README as the idempotency window).
 *
 * The order of keys is kept in a queue beside the map, not read from the map:
 * taking a Map's oldest key walks past every entry deleted since V8 last
 * rehashed it, which made each eviction cost hundreds of steps.
 */
import { BoundedQueue } from "./bounded-queue.ts"

interface Remembered {
  seq: number
  /** Which of the key's entries in `order` is current (a key remembered again moves to the end). */
  stamp: number
}

export class RecentCommands {
  private readonly acks = new Map<string, Remembered>()
  private readonly order = new BoundedQueue<{ readonly key: string; readonly stamp: number }>(Infinity)
  private stamps = 0

  constructor(private readonly capacity: number) {}

  get(commandKey: string): number | undefined {
    return this.acks.get(commandKey)?.seq
  }

  remember(commandKey: string, lastSeq: number): void {
    const stamp = ++this.stamps
    const known = this.acks.get(commandKey)
    if (known) {
      known.seq = lastSeq
      known.stamp = stamp
    } else {
      this.acks.set(commandKey, { seq: lastSeq, stamp })
    }
    this.order.force({ key: commandKey, stamp })
    while (this.acks.size > this.capacity) {
      const oldest = this.order.take()!
      // An entry whose key was remembered again later is stale: the key lives on at its newer place.
      if (this.acks.get(oldest.key)?.stamp === oldest.stamp) this.acks.delete(oldest.key)
    }
    // Keys remembered again leave stale entries behind; keep the queue within twice the window.
    if (this.order.size > 2 * this.capacity + 16) {
      this.order.drain()
      for (const [key, { stamp }] of [...this.acks].sort((a, b) => a[1].stamp - b[1].stamp)) this.order.force({ key, stamp })
    }
  }

  /** Oldest first, as `fromEntries` expects. */
  toEntries(): Array<[string, number]> {
    return [...this.acks.entries()].sort((a, b) => a[1].stamp - b[1].stamp).map(([key, { seq }]) => [key, seq])
  }

  static fromEntries(capacity: number, entries: ReadonlyArray<readonly [string, number]>): RecentCommands {
    const recent = new RecentCommands(capacity)
    for (const [key, seq] of entries) recent.remember(key, seq)
    return recent
  }
}
