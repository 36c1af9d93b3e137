import type { NatsConnection } from "@nats-io/transport-node"
import { describe, expect, it } from "vitest"
import { hasExpired } from "./freshness.ts"
import { makeShardHolder, type OwnershipChange } from "./shard-holder.ts"
import { resolveSettings } from "./settings.ts"
import { memoryLeaseStore } from "./testing/memory-lease-store.ts"

const TTL = 3_000

const setup = () => {
  const clock = { time: 1_000, now: () => clock.time }
  const settings = resolveSettings({ nc: {} as NatsConnection, nodeId: "me", leaseTtlMs: TTL, tickMs: 100, clock })
  const store = memoryLeaseStore()
  const changes: OwnershipChange[] = []
  const holder = makeShardHolder(store, settings, (change) => changes.push(change))
  /** Lets the store's answers (already resolved promises) reach the holder. */
  const settle = () => new Promise((resolve) => setImmediate(resolve))
  return { clock, store, changes, holder, settle }
}

describe("a shard holder", () => {
  it("announces a gain once its compare-and-set write wins, and owns the shard until its deadline", async () => {
    const { clock, changes, holder, settle } = setup()
    holder.acquire(7, 0)
    await settle()
    expect(changes).toEqual([{ type: "gained", shard: 7 }])
    expect(holder.owns(7, clock.now())).toBe(true)
    expect(holder.owned(clock.now())).toEqual([7])
  })

  it("renews a third of the way through, moving its deadline with the renewal", async () => {
    const { clock, store, holder, settle } = setup()
    holder.acquire(1, 0)
    await settle()
    const first = store.current(1)!.revision
    clock.time += TTL / 3
    holder.maintain(clock.now())
    await settle()
    expect(store.current(1)!.revision).toBeGreaterThan(first)
    clock.time += TTL / 2
    expect(holder.owns(1, clock.now())).toBe(true)
  })

  it("stops believing it owns a shard it cannot renew, before any reader may judge the lease expired", async () => {
    const { clock, store, changes, holder, settle } = setup()
    holder.acquire(3, 0)
    await settle()
    // A reader that saw the lease's revision the instant it was stored.
    const sighting = { revision: store.current(3)!.revision, observedAt: clock.now() }
    store.unreachable = true
    let lostAt: number | undefined
    for (let step = 0; step < 40 && lostAt === undefined; step++) {
      clock.time += 100
      holder.maintain(clock.now())
      await settle()
      if (!holder.owns(3, clock.now())) lostAt = clock.now()
      expect(hasExpired(sighting, TTL, clock.now()) && holder.owns(3, clock.now()), "two holders at once").toBe(false)
    }
    expect(lostAt).toBeDefined()
    expect(hasExpired(sighting, TTL, lostAt!)).toBe(false)
    expect(changes.at(-1)).toEqual({ type: "lost", shard: 3, reason: "expired" })
  })

  it("reports the loss when its renewal meets a revision someone else wrote", async () => {
    const { clock, store, changes, holder, settle } = setup()
    holder.acquire(5, 0)
    await settle()
    store.overwrite(5, { holder: "other", token: "t", ttlMs: TTL, renewedAt: 0 })
    clock.time += TTL / 3
    holder.maintain(clock.now())
    await settle()
    await settle()
    expect(changes.at(-1)).toEqual({ type: "lost", shard: 5, reason: "taken" })
    expect(holder.owns(5, clock.now())).toBe(false)
  })

  it("keeps a lease whose renewal landed although its reply was lost", async () => {
    const { clock, store, changes, holder, settle } = setup()
    holder.acquire(2, 0)
    await settle()
    // The renewal landed (same holder and token), but the holder never learnt the new revision.
    store.overwrite(2, { ...store.current(2)!.lease!, renewedAt: 1 })
    clock.time += TTL / 3
    holder.maintain(clock.now())
    await settle()
    await settle()
    expect(changes).toEqual([{ type: "gained", shard: 2 }])
    expect(holder.owns(2, clock.now())).toBe(true)
  })

  it("announces a release before it deletes the lease, and the delete is compare-and-set", async () => {
    const { store, changes, holder, settle } = setup()
    holder.acquire(4, 0)
    await settle()
    const release = holder.release(4, "released")
    expect(changes.at(-1)).toEqual({ type: "lost", shard: 4, reason: "released" })
    await release
    expect(store.current(4)!.lease).toBeUndefined()
  })

  it("loses a shard the moment the watch shows someone else's write on it", async () => {
    const { clock, store, changes, holder, settle } = setup()
    holder.acquire(6, 0)
    await settle()
    const revision = store.overwrite(6, { holder: "ops", token: "x", ttlMs: TTL, renewedAt: 0 })
    holder.observe(6, revision, store.current(6)!.lease)
    expect(changes.at(-1)).toEqual({ type: "lost", shard: 6, reason: "taken" })
    expect(holder.owns(6, clock.now())).toBe(false)
  })
})
