/** A clock tests move by hand: `advanceTo` runs every timer that falls due on the way, in order. */
import type { Clock } from "../clock.ts"

export class ManualClock implements Clock {
  private timers: Array<{ every: number; next: number; run: () => void }> = []

  constructor(private time = 0) {}

  now(): number {
    return this.time
  }

  every(ms: number, run: () => void): () => void {
    const timer = { every: ms, next: this.time + ms, run }
    this.timers.push(timer)
    return () => (this.timers = this.timers.filter((t) => t !== timer))
  }

  advanceTo(target: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.next <= target).sort((a, b) => a.next - b.next)[0]
      if (!due) break
      this.time = Math.max(this.time, due.next)
      due.next += due.every
      due.run()
    }
    this.time = Math.max(this.time, target)
  }
}
