/**
 * Commands and joins sent to the runtime and not yet answered: graceful
 * shutdown waits for them before closing sockets, so an ack that is due still
 * goes out. A counter rather than a set of promises, since the live path
 * answers through callbacks and should not allocate per command for this.
 */
export class InFlight {
  private count = 0
  private waiters: Array<() => void> = []

  get size(): number {
    return this.count
  }

  begin(): void {
    this.count++
  }

  end(): void {
    if (--this.count > 0) return
    this.count = 0
    for (const resolve of this.waiters.splice(0)) resolve()
  }

  /** Resolves once nothing is in flight. */
  whenIdle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve))
  }
}
