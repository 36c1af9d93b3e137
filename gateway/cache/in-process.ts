/**
 * The cache/presence port in this process: the single-node default when
 * REDIS_URL is unset, and, shared by several gateways in one process, a
 * cluster in miniature for tests. `now` is injectable so tests expire
 * entries by moving a clock instead of waiting.
 *
 * Changes reach subscribers in a later microtask, never inside `publish`,
 * as they would from Redis: a listener that publishes again cannot re-enter
 * the publisher.
 */
import {
  presenceKey,
  type CacheKey,
  type CachePort,
  type PresenceBus,
  type PresenceListener,
  type PresenceRecord,
  type SharedCache,
  type WindowCount,
} from "./port.ts"

interface Expiring<T> {
  value: T
  expiresAt: number
}

/** Writes between sweeps of expired cache entries, so keys nobody reads again do not pile up. */
const SWEEP_EVERY = 1_024

export class InProcessCache implements CachePort {
  readonly name = "in-process"
  readonly presence: PresenceBus
  readonly cache: SharedCache
  private readonly actors = new Map<string, Map<string, Expiring<PresenceRecord>>>()
  private readonly listeners = new Map<string, Set<PresenceListener>>()
  private readonly values = new Map<string, Expiring<string | number>>()
  private writes = 0

  constructor(private readonly now: () => number = Date.now) {
    this.presence = {
      publish: async (actor, record, ttlMs) => {
        this.wrote()
        const key = presenceKey(actor)
        let entries = this.actors.get(key)
        if (!entries) this.actors.set(key, (entries = new Map()))
        entries.set(record.member, { value: record, expiresAt: this.now() + ttlMs })
        this.tell(key, record)
      },
      remove: async (actor, member) => {
        const key = presenceKey(actor)
        this.forget(key, member.member)
        this.tell(key, { ...member, data: null })
      },
      refresh: async (actor, members, ttlMs) => {
        const entries = this.liveEntries(presenceKey(actor))
        const missing: string[] = []
        for (const member of members) {
          const entry = entries?.get(member)
          if (entry) entry.expiresAt = this.now() + ttlMs
          else missing.push(member)
        }
        return missing
      },
      read: async (actor) => [...(this.liveEntries(presenceKey(actor))?.values() ?? [])].map((entry) => entry.value),
      subscribe: async (actor, listener) => {
        const key = presenceKey(actor)
        let set = this.listeners.get(key)
        if (!set) this.listeners.set(key, (set = new Set()))
        // A listener object of its own, so one function subscribed twice is two subscriptions.
        const own: PresenceListener = (change) => listener(change)
        set.add(own)
        return { unsubscribe: async () => this.unsubscribe(key, own) }
      },
    }
    this.cache = {
      get: async (key) => {
        const value = this.liveValue(key)?.value
        return value === undefined ? undefined : String(value)
      },
      set: async (key, value, ttlMs) => {
        this.wrote()
        this.values.set(key, { value, expiresAt: this.now() + ttlMs })
      },
      delete: async (key) => void this.values.delete(key),
      increment: async (key, windowMs) => this.increment(key, windowMs),
    }
  }

  async close(): Promise<void> {
    this.listeners.clear()
  }

  private increment(key: CacheKey, windowMs: number): WindowCount {
    this.wrote()
    const entry = this.liveValue(key)
    if (!entry) {
      this.values.set(key, { value: 1, expiresAt: this.now() + windowMs })
      return { count: 1, resetsInMs: windowMs }
    }
    const count = Number(entry.value) + 1
    if (!Number.isInteger(count)) throw new TypeError(`cache key ${key} holds a value that is not a counter`)
    entry.value = count
    return { count, resetsInMs: entry.expiresAt - this.now() }
  }

  private liveValue(key: string): Expiring<string | number> | undefined {
    const entry = this.values.get(key)
    if (entry && entry.expiresAt <= this.now()) {
      this.values.delete(key)
      return undefined
    }
    return entry
  }

  /** An actor's entries with the expired ones dropped. */
  private liveEntries(key: string): Map<string, Expiring<PresenceRecord>> | undefined {
    const entries = this.actors.get(key)
    if (!entries) return undefined
    const now = this.now()
    for (const [member, entry] of entries) if (entry.expiresAt <= now) entries.delete(member)
    if (entries.size > 0) return entries
    this.actors.delete(key)
    return undefined
  }

  private forget(key: string, member: string): void {
    const entries = this.actors.get(key)
    entries?.delete(member)
    if (entries?.size === 0) this.actors.delete(key)
  }

  private tell(key: string, change: PresenceRecord): void {
    const set = this.listeners.get(key)
    if (!set) return
    for (const listener of set) queueMicrotask(() => this.listeners.get(key)?.has(listener) && listener(change))
  }

  private unsubscribe(key: string, listener: PresenceListener): void {
    const set = this.listeners.get(key)
    set?.delete(listener)
    if (set?.size === 0) this.listeners.delete(key)
  }

  private wrote(): void {
    if (++this.writes % SWEEP_EVERY !== 0) return
    for (const key of [...this.values.keys()]) this.liveValue(key)
    for (const key of [...this.actors.keys()]) this.liveEntries(key)
  }
}
