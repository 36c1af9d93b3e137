/**
 * How a node judges that a record is stale, and how a holder judges that its
 * own lease may no longer be relied on, without comparing two machines'
 * clocks.
 *
 * A reader notes, on its own monotonic clock, when it first saw each revision
 * of a key. A record whose revision has not changed for longer than its stated
 * expiry since then is stale: the server assigns revisions, so "unchanged for
 * X" needs no clock but the reader's, and no skew between machines or step of
 * a wall clock can make a fresh record look old. The reader cannot have seen
 * a revision before the server stored it, so its judgement is never early.
 *
 * The holder measures from the moment it *sent* the write that produced its
 * current revision (before the server stored it), and gives up its belief a
 * safety margin before that plus the expiry. So, on clocks that run at the
 * same rate, a holder stops believing at least `marginMs` before any reader
 * can judge its lease expired, let alone write a takeover. The margin is what
 * a holder may be paused (GC, a busy event loop) between asking "do I own
 * it?" and acting on the answer; a longer pause is caught by the event log's
 * expected-sequence check.
 */

/** Milliseconds on a monotonic clock; tests inject their own. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => performance.now() }

/** A key's revision and when this reader first saw it. */
export interface Sighting {
  readonly revision: number
  readonly observedAt: number
}

export const hasExpired = (sighting: Sighting, expiresInMs: number, now: number): boolean => now - sighting.observedAt > expiresInMs

/** The last moment a holder may believe in the lease whose current revision it sent at `sentAt`. */
export const holderDeadline = (sentAt: number, ttlMs: number, marginMs: number): number => sentAt + ttlMs - marginMs
