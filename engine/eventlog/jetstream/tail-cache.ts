/**
 * What this process last saw at the tail of each actor's subject: its last
 * event sequence and the stream sequence of the message holding it. The
 * expected-last-subject-sequence check takes the stream sequence, so an
 * append needs it; keeping it here spares a lookup per append.
 *
 * Entries only move forward (a read that started before an append must not
 * roll the entry back), and the cache is bounded: the oldest entries go first,
 * and a miss costs one lookup, never a wrong answer.
 */
export interface Tail {
  readonly lastEventSeq: number
  /** 0 when the subject has no message yet. */
  readonly lastStreamSeq: number
}

export class TailCache {
  readonly #entries = new Map<string, Tail>()

  constructor(private readonly capacity = 100_000) {}

  get(key: string): Tail | undefined {
    return this.#entries.get(key)
  }

  /** Records a tail seen in the log, unless a newer one is already known. */
  observe(key: string, tail: Tail): void {
    const known = this.#entries.get(key)
    if (known !== undefined && known.lastStreamSeq >= tail.lastStreamSeq) return
    this.#entries.delete(key)
    this.#entries.set(key, tail)
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
  }

  /** Forgets what we knew: another writer moved the subject, or an append's outcome is unknown. */
  forget(key: string): void {
    this.#entries.delete(key)
  }
}
