import { Kvm, type KV } from "@nats-io/kv"
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { leaseStore, type LeaseStore } from "./leases.ts"
import type { LeaseRecord } from "./records.ts"
import { skipWithoutNatsServer, startPrivateServer, uniqueBuckets, type PrivateServer } from "./testing/cluster-fixture.ts"

const lease = (holder: string): LeaseRecord => ({ holder, token: `${holder}-token`, ttlMs: 5_000, renewedAt: Date.now() })

describe.skipIf(skipWithoutNatsServer)("shard leases in a JetStream KV bucket", () => {
  let server: PrivateServer
  const connections: NatsConnection[] = []
  let storeA: LeaseStore
  let storeB: LeaseStore
  let kv: KV

  beforeAll(async () => {
    server = await startPrivateServer({ jetstream: true })
    const { leasesBucket } = uniqueBuckets()
    const open = async () => {
      const nc = await connect({ servers: server.url })
      connections.push(nc)
      return new Kvm(nc).create(leasesBucket, { history: 1 })
    }
    kv = await open()
    storeA = leaseStore(kv)
    storeB = leaseStore(await open())
  })
  afterAll(async () => {
    for (const nc of connections) await nc.close()
    await server?.dispose()
  })

  it("lets exactly one of two members racing for a free shard win, every time", async () => {
    for (let shard = 0; shard < 40; shard++) {
      const [a, b] = await Promise.all([storeA.acquire(shard, lease("a"), 0), storeB.acquire(shard, lease("b"), 0)])
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
      expect([a, b].find((outcome) => !outcome.ok)).toEqual({ ok: false, reason: "conflict" })
      const winner = a.ok ? "a" : "b"
      expect((await storeA.read(shard))?.lease?.holder).toBe(winner)
    }
  })

  it("lets exactly one win a released shard, racing from the revision of the release", async () => {
    const shard = 100
    const taken = await storeA.acquire(shard, lease("a"), 0)
    if (!taken.ok) throw new Error("setup: acquire failed")
    expect((await storeA.release(shard, taken.revision)).ok).toBe(true)
    const released = (await storeA.read(shard))!
    expect(released.lease).toBeUndefined()
    const [a, b] = await Promise.all([storeA.acquire(shard, lease("a"), released.revision), storeB.acquire(shard, lease("b"), released.revision)])
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
  })

  it("refuses a renewal or a release based on a stale revision", async () => {
    const shard = 200
    const first = await storeA.acquire(shard, lease("a"), 0)
    if (!first.ok) throw new Error("setup: acquire failed")
    const renewed = await storeA.renew(shard, lease("a"), first.revision)
    expect(renewed.ok).toBe(true)
    expect(await storeA.renew(shard, lease("a"), first.revision)).toEqual({ ok: false, reason: "conflict" })
    expect(await storeA.release(shard, first.revision)).toEqual({ ok: false, reason: "conflict" })
    expect((await storeA.read(shard))?.lease?.holder).toBe("a")
  })

  it("takes over a lease only at the revision judged expired, so a holder's late renewal defeats the takeover", async () => {
    const shard = 300
    const held = await storeA.acquire(shard, lease("a"), 0)
    if (!held.ok) throw new Error("setup: acquire failed")
    // b judged revision `held` expired, but a renewed before b wrote.
    const renewed = await storeA.renew(shard, lease("a"), held.revision)
    expect(renewed.ok).toBe(true)
    expect(await storeB.acquire(shard, lease("b"), held.revision)).toEqual({ ok: false, reason: "conflict" })
    // Judged again at the current revision, the takeover wins, and a's next renewal fails.
    if (!renewed.ok) return
    expect((await storeB.acquire(shard, lease("b"), renewed.revision)).ok).toBe(true)
    expect(await storeA.renew(shard, lease("a"), renewed.revision)).toEqual({ ok: false, reason: "conflict" })
  })

  it("calls an unreachable server unavailable, not a conflict", async () => {
    const nc = await connect({ servers: server.url })
    const store = leaseStore(await new Kvm(nc).open((await kv.status()).bucket))
    await nc.close()
    const outcome = await store.acquire(400, lease("c"), 0)
    expect(outcome.ok).toBe(false)
    expect(!outcome.ok && outcome.reason).toBe("unavailable")
  })
})
