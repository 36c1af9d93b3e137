/** Counts the requests still running, so closing can let them finish before the connection drains. */
export class InFlight {
  #count = 0
  #waiters: Array<() => void> = []

  track<A>(work: Promise<A>): Promise<A> {
    this.#count++
    return work.finally(() => {
      if (--this.#count === 0) for (const wake of this.#waiters.splice(0)) wake()
    })
  }

  /** Resolves once nothing is running (each request ends by its own timeout at worst). */
  settled(): Promise<void> {
    return this.#count === 0 ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve))
  }
}
