/**
 * The leases this node holds, and the writes that take, keep and give them
 * up. Ownership is a belief with a deadline (freshness.ts): `owns` answers
 * from the clock at the moment it is asked, and the deadline passes whenever
 * a renewal does not succeed in time, whatever the reason. Every change of
 * belief is announced once, as `gained` or `lost`, before any write that
 * follows from it (a release announces `lost` before it deletes the key).
 */
import { randomBytes } from "node:crypto"
import { holderDeadline } from "./freshness.ts"
import type { CasOutcome, LeaseStore } from "./leases.ts"
import type { LeaseRecord } from "./records.ts"
import type { ClusterSettings } from "./settings.ts"

export type LossReason = "released" | "expired" | "taken" | "stopped"

export type OwnershipChange =
  | { readonly type: "gained"; readonly shard: number }
  | { readonly type: "lost"; readonly shard: number; readonly reason: LossReason }

interface Held {
  readonly token: string
  revision: number
  /** When the write that produced `revision` was sent. */
  sentAt: number
  renewing: boolean
}

export interface ShardHolder {
  owns(shard: number, now: number): boolean
  owned(now: number): number[]
  isBusy(shard: number): boolean
  /** Drops every lease past its deadline, renews those a third of the way through. */
  maintain(now: number): void
  acquire(shard: number, basedOn: number): void
  release(shard: number, reason: "released" | "stopped"): Promise<void>
  /** What the leases watch saw: anyone else's write on a held shard means it is no longer ours. */
  observe(shard: number, revision: number, lease: LeaseRecord | undefined): void
  /** Waits for the writes in flight, then releases every lease still held (a graceful stop). */
  releaseAll(): Promise<void>
}

export const makeShardHolder = (store: LeaseStore, settings: ClusterSettings, emit: (change: OwnershipChange) => void): ShardHolder => {
  const { nodeId, leaseTtlMs, safetyMarginMs, clock } = settings
  const held = new Map<number, Held>()
  const acquiring = new Set<number>()
  const inFlight = new Set<Promise<unknown>>()
  const deadlineOf = (lease: Held) => holderDeadline(lease.sentAt, leaseTtlMs, safetyMarginMs)
  const record = (token: string): LeaseRecord => ({ holder: nodeId, token, ttlMs: leaseTtlMs, renewedAt: Date.now() })

  const settled = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight])
  }
  const track = <A>(write: Promise<A>): Promise<A> => {
    inFlight.add(write)
    void write.finally(() => inFlight.delete(write))
    return write
  }
  const lose = (shard: number, reason: LossReason) => {
    if (held.delete(shard)) emit({ type: "lost", shard, reason })
  }
  const hold = (shard: number, token: string, revision: number, sentAt: number) => {
    if (clock.now() >= holderDeadline(sentAt, leaseTtlMs, safetyMarginMs)) return
    held.set(shard, { token, revision, sentAt, renewing: false })
    emit({ type: "gained", shard })
  }
  const problem = (shard: number, outcome: CasOutcome) => {
    if (!outcome.ok && outcome.reason === "unavailable") {
      settings.onProblem(`lease of shard ${shard}: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`)
    }
  }

  const renew = async (shard: number, lease: Held) => {
    lease.renewing = true
    const sentAt = clock.now()
    const outcome = await track(store.renew(shard, record(lease.token), lease.revision))
    lease.renewing = false
    problem(shard, outcome)
    const current = held.get(shard)
    if (outcome.ok) {
      if (current === lease) {
        lease.revision = outcome.revision
        lease.sentAt = sentAt
      } else if (current === undefined) {
        // The reply came after the deadline had passed: the lease is ours again on the server.
        hold(shard, lease.token, outcome.revision, sentAt)
      }
      return
    }
    if (outcome.reason !== "conflict" || current !== lease) return
    // A conflict is also what a renewal sees when an earlier one landed but its reply was lost.
    const now = await track(store.read(shard)).catch(() => undefined)
    if (held.get(shard) !== lease) return
    if (now?.lease?.holder === nodeId && now.lease.token === lease.token) lease.revision = now.revision
    else lose(shard, "taken")
  }

  const release = async (shard: number, reason: "released" | "stopped") => {
    const lease = held.get(shard)
    if (lease === undefined || lease.renewing) return
    lose(shard, reason)
    problem(shard, await track(store.release(shard, lease.revision)))
  }

  return {
    owns: (shard, now) => {
      const lease = held.get(shard)
      return lease !== undefined && now < deadlineOf(lease)
    },
    owned: (now) => [...held].filter(([, lease]) => now < deadlineOf(lease)).map(([shard]) => shard),
    isBusy: (shard) => acquiring.has(shard) || held.get(shard)?.renewing === true,
    maintain: (now) => {
      for (const [shard, lease] of held) {
        if (now >= deadlineOf(lease)) lose(shard, "expired")
        else if (!lease.renewing && now - lease.sentAt >= leaseTtlMs / 3) void renew(shard, lease)
      }
    },
    acquire: (shard, basedOn) => {
      if (acquiring.has(shard) || held.has(shard)) return
      acquiring.add(shard)
      const token = randomBytes(6).toString("hex")
      const sentAt = clock.now()
      void track(store.acquire(shard, record(token), basedOn)).then((outcome) => {
        acquiring.delete(shard)
        problem(shard, outcome)
        if (outcome.ok) hold(shard, token, outcome.revision, sentAt)
      })
    },
    release,
    observe: (shard, revision, lease) => {
      const mine = held.get(shard)
      if (mine === undefined || revision <= mine.revision) return
      // Our own renewal can show up in the watch before its reply does.
      if (lease?.holder === nodeId && lease.token === mine.token) return
      lose(shard, "taken")
    },
    releaseAll: async () => {
      await settled()
      await Promise.all([...held.keys()].map((shard) => release(shard, "stopped")))
    },
  }
}
