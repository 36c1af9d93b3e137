/**
 * A bounded first-in first-out queue (an actor's mailbox, the order of its recent commands). An array with a
 * moving head, compacted now and then, so taking the oldest message is O(1)
 * (Array#shift copies the rest on every call once arrays grow past V8's fast path).
 */
export class BoundedQueue<T> {
  private items: Array<T | undefined> = []
  private head = 0

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head
  }

  /** False when full. */
  offer(item: T): boolean {
    if (this.size >= this.capacity) return false
    this.items.push(item)
    return true
  }

  /** Adds past the capacity: for the one message that must always get in (stop). */
  force(item: T): void {
    this.items.push(item)
  }

  take(): T | undefined {
    if (this.head === this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }

  /** Empties the mailbox, oldest first. */
  drain(): T[] {
    const rest = this.items.slice(this.head) as T[]
    this.items = []
    this.head = 0
    return rest
  }
}
