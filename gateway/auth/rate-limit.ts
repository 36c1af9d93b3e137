/**
 * Token buckets (a burst of `capacity`, refilled at `perSecond`) and
 * failure back-off. Every method takes `now` (ms), so tests pass the clock.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity
    this.updatedAt = now
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond)
    this.updatedAt = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Whether a `take` now would succeed, without spending anything. */
  allows(now = Date.now()): boolean {
    return this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond >= 1
  }

  isFull(now = Date.now()): boolean {
    return this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond >= this.capacity
  }

  /** Milliseconds until a `take` would succeed; 0 when it would now. */
  waitMs(now = Date.now()): number {
    const tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond)
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.perSecond) * 1000)
  }
}

/** One bucket per key; full buckets are forgotten so the map stays small. */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>()

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, now = Date.now()): boolean {
    let bucket = this.buckets.get(key)
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now)
      bucket = new TokenBucket(this.capacity, this.perSecond, now)
      this.buckets.set(key, bucket)
    }
    return bucket.take(now)
  }

  allows(key: string, now = Date.now()): boolean {
    return this.buckets.get(key)?.allows(now) ?? true
  }

  waitMs(key: string, now = Date.now()): number {
    return this.buckets.get(key)?.waitMs(now) ?? 0
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key)
  }
}

export interface BackoffSettings {
  /** Failures allowed before any wait. */
  readonly free: number
  /** The wait after the first failure past `free`; each further one doubles it. */
  readonly baseMs: number
  readonly maxMs: number
  /** A key with no failure for this long starts again from zero. */
  readonly forgetMs: number
}

interface Failures {
  count: number
  lastAt: number
  until: number
}

/**
 * Failures per key with exponential back-off: after `free` failures each one
 * makes the key wait `baseMs`, then twice that, up to `maxMs`, and the count
 * is forgotten `forgetMs` after the last failure. Successes are not counted;
 * `reset` clears a key.
 */
export class FailureBackoff {
  private readonly entries = new Map<string, Failures>()

  constructor(
    readonly settings: BackoffSettings,
    private readonly maxKeys = 100_000,
  ) {}

  /** Failures still remembered for `key`. */
  failures(key: string, now = Date.now()): number {
    return this.current(key, now)?.count ?? 0
  }

  /** Milliseconds `key` must wait before its next attempt; 0 when it may try now. */
  waitMs(key: string, now = Date.now()): number {
    const entry = this.current(key, now)
    return entry ? Math.max(0, entry.until - now) : 0
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.current(key, now) ?? { count: 0, lastAt: now, until: now }
    this.entries.delete(key)
    if (this.entries.size >= this.maxKeys) this.sweep(now)
    entry.count += 1
    entry.lastAt = now
    const past = entry.count - this.settings.free
    if (past > 0) entry.until = now + Math.min(this.settings.maxMs, this.settings.baseMs * 2 ** Math.min(past - 1, 40))
    // Re-inserted, so the map's order is least recently failed first.
    this.entries.set(key, entry)
  }

  reset(key: string): void {
    this.entries.delete(key)
  }

  private current(key: string, now: number): Failures | undefined {
    const entry = this.entries.get(key)
    if (entry && now - entry.lastAt >= this.settings.forgetMs && now >= entry.until) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }

  /** Drops forgotten keys; if the map is still nearly full, the least recently failed tenth (so a flood sweeps rarely). */
  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.lastAt >= this.settings.forgetMs && now >= entry.until) this.entries.delete(key)
    const target = Math.floor(this.maxKeys * 0.9)
    for (const key of this.entries.keys()) {
      if (this.entries.size <= target) break
      this.entries.delete(key)
    }
  }
}
