/**
 * Answers of the read queries (JSON text), kept until the read model they came from changes.
 *
 * Freshness is a version per tenant, bumped whenever a projection commits a
 * transaction touching that tenant's rows (or every tenant's, after a
 * rebuild or a read-side restart). An entry is valid only at the version it
 * was read at; the version is taken *before* the query is sent, so an entry
 * can only be older than its version says, never newer. Every answer still
 * reflects at least what the read model held when the request arrived, so
 * the cache adds no staleness beyond the read model's own lag.
 *
 * Bounded by entries and bytes, least recently used first out.
 */

export interface ResponseCacheSettings {
  readonly maxEntries: number
  readonly maxBytes: number
  /** Larger answers are not kept (they would push out many small ones). */
  readonly maxEntryBytes: number
}

export const DEFAULT_CACHE_SETTINGS: ResponseCacheSettings = { maxEntries: 10_000, maxBytes: 64 * 2 ** 20, maxEntryBytes: 512 * 2 ** 10 }

interface Entry {
  readonly tenant: string
  readonly version: number
  readonly answer: string
  readonly bytes: number
}

export interface CacheStats {
  readonly hits: number
  readonly misses: number
  readonly entries: number
  readonly bytes: number
}

export class ResponseCache {
  readonly #entries = new Map<string, Entry>()
  readonly #tenantVersions = new Map<string, number>()
  #clock = 0
  /** Version every tenant is at least: moved by a change to all tenants. */
  #floor = 0
  #bytes = 0
  #hits = 0
  #misses = 0

  constructor(private readonly settings: ResponseCacheSettings = DEFAULT_CACHE_SETTINGS) {}

  version(tenant: string): number {
    return Math.max(this.#tenantVersions.get(tenant) ?? 0, this.#floor)
  }

  /** The read model of these tenants (or of all) changed: their entries are no longer answers. */
  invalidate(tenants: Iterable<string> | "all"): void {
    const version = ++this.#clock
    if (tenants === "all") {
      this.#floor = version
      this.#tenantVersions.clear()
      this.#entries.clear()
      this.#bytes = 0
      return
    }
    for (const tenant of tenants) this.#tenantVersions.set(tenant, version)
  }

  get(key: string, tenant: string): string | undefined {
    const entry = this.#entries.get(key)
    if (entry && entry.tenant === tenant && entry.version === this.version(tenant)) {
      this.#hits++
      // Re-inserting moves it to the young end of the Map's order.
      this.#entries.delete(key)
      this.#entries.set(key, entry)
      return entry.answer
    }
    if (entry) this.#drop(key, entry)
    this.#misses++
    return undefined
  }

  /** Keeps `answer` as read at `version`; ignored when the tenant has moved on since. */
  set(key: string, tenant: string, version: number, answer: string): void {
    if (version !== this.version(tenant) || this.settings.maxEntries === 0) return
    const bytes = key.length * 2 + answer.length * 2
    if (bytes > this.settings.maxEntryBytes) return
    const previous = this.#entries.get(key)
    if (previous) this.#drop(key, previous)
    this.#entries.set(key, { tenant, version, answer, bytes })
    this.#bytes += bytes
    for (const [oldKey, old] of this.#entries) {
      if (this.#entries.size <= this.settings.maxEntries && this.#bytes <= this.settings.maxBytes) break
      this.#drop(oldKey, old)
    }
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size, bytes: this.#bytes }
  }

  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key)
    this.#bytes -= entry.bytes
  }
}
