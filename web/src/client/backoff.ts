/** Reconnect delays: exponential with full jitter, so a restarted node is not hit by every client at once. */

export interface Backoff {
  readonly baseMs: number
  readonly capMs: number
}

/** A delay in [0, min(cap, base * 2^attempt)), at least a tenth of that bound so no retry spins. */
export const backoffDelay = (attempt: number, backoff: Backoff, random: () => number): number => {
  const bound = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempt, 30))
  return Math.round(bound * (0.1 + 0.9 * random()))
}
