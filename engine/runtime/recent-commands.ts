/**
 * The window of recent command keys per actor, so a retried command gets its
 * original ack instead of running again. It is rebuilt from the log tail and
 * kept in snapshots, so the guarantee survives restarts; it is bounded, so a
 * retry older than `capacity` later commands runs again (documented in the
 * README as the idempotency window).
 */
export class RecentCommands {
  private readonly acks = new Map<string, number>()

  constructor(private readonly capacity: number) {}

  get(commandKey: string): number | undefined {
    return this.acks.get(commandKey)
  }

  remember(commandKey: string, lastSeq: number): void {
    this.acks.delete(commandKey)
    this.acks.set(commandKey, lastSeq)
    if (this.acks.size > this.capacity) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.acks.keys().next().value
      if (oldest !== undefined) this.acks.delete(oldest)
    }
  }

  toEntries(): Array<[string, number]> {
    return [...this.acks.entries()]
  }

  static fromEntries(capacity: number, entries: ReadonlyArray<readonly [string, number]>): RecentCommands {
    const recent = new RecentCommands(capacity)
    for (const [key, seq] of entries) recent.remember(key, seq)
    return recent
  }
}
