/**
 * Token buckets: a burst of `capacity`, refilled at `perSecond`. Used per
 * connection for commands and per email and per IP for sign-in.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(private readonly capacity: number, private readonly perSecond: number, now = Date.now()) {
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
}

/** One bucket per key; full buckets are forgotten so the map stays small. */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>()

  constructor(private readonly capacity: number, private readonly perSecond: number, private readonly maxKeys = 10_000) {}

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

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key)
  }
}
