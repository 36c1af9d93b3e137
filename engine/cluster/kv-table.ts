/**
 * A local, always-current copy of a KV bucket, kept by a watch: the last
 * revision of every key, when this process first saw it (freshness.ts), and
 * its value (undefined once deleted). `ready` resolves once the values that
 * existed when the watch started have all arrived.
 */
import { KvWatchInclude, type KV } from "@nats-io/kv"
import type { Clock, Sighting } from "./freshness.ts"

export interface TableEntry extends Sighting {
  readonly key: string
  /** undefined for a deleted or purged key. */
  readonly value: Uint8Array | undefined
}

export interface WatchedTable {
  readonly ready: Promise<void>
  get(key: string): TableEntry | undefined
  entries(): IterableIterator<TableEntry>
  /** Resolves once the table holds `key` at `revision` or later. */
  reached(key: string, revision: number): Promise<void>
  stop(): void
}

/** `onChange` sees every entry as it arrives, from the first one on. */
export const watchTable = async (kv: KV, clock: Clock, onChange: (entry: TableEntry) => void = () => {}): Promise<WatchedTable> => {
  const entries = new Map<string, TableEntry>()
  const waiters = new Set<{ key: string; revision: number; resolve: () => void }>()
  // The newest revision at the start: the replay is complete once it (or anything newer) has arrived.
  const { state } = (await kv.status()).streamInfo
  const lastAtStart = state.last_seq
  let markReady = () => {}
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  if (state.messages === 0) markReady()

  const watch = await kv.watch({ include: KvWatchInclude.LastValue })
  const arrive = (entry: TableEntry) => {
    entries.set(entry.key, entry)
    onChange(entry)
    for (const waiter of waiters) {
      if (waiter.key === entry.key && entry.revision >= waiter.revision) {
        waiters.delete(waiter)
        waiter.resolve()
      }
    }
  }
  void (async () => {
    for await (const change of watch) {
      const previous = entries.get(change.key)
      // A redelivery after the watch's consumer was recreated must not make an old revision look new.
      if (previous !== undefined && previous.revision >= change.revision) continue
      const entry: TableEntry = {
        key: change.key,
        revision: change.revision,
        observedAt: clock.now(),
        value: change.operation === "PUT" ? change.value : undefined,
      }
      arrive(entry)
      if (change.revision >= lastAtStart) markReady()
    }
  })().catch(() => {
    // The watch ends with its connection; its entries then stop changing and, judged by age, expire.
  })

  return {
    ready,
    get: (key) => entries.get(key),
    entries: () => entries.values(),
    reached: (key, revision) =>
      (entries.get(key)?.revision ?? 0) >= revision ? Promise.resolve() : new Promise((resolve) => waiters.add({ key, revision, resolve })),
    stop: () => watch.stop(),
  }
}
