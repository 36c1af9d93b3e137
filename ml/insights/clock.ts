/** Time for the insights engine, injectable so tests drive it instead of sleeping. */
export interface Clock {
  now(): number
  /** Runs `run` every `ms` until the returned function is called. */
  every(ms: number, run: () => void): () => void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every: (ms, run) => {
    const timer = setInterval(run, ms)
    // The engine's timer never keeps a process alive by itself.
    timer.unref?.()
    return () => clearInterval(timer)
  },
}
