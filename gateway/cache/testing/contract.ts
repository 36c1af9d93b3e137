/**
 * The one contract every adapter of the cache/presence port passes
 * (in-process.test.ts, redis.test.ts). Two nodes of one deployment, `a` and
 * `b`: what one publishes, stores or counts, the other sees.
 *
 * Expiry is never waited for by a guessed sleep: `eventually` polls until a
 * deadline, letting the adapter's time pass (`elapse` moves the in-process
 * adapter's clock; Redis's time is real, so its TTLs are short). A check
 * that something did not happen waits for a later change on the same
 * connection instead, which would have come after it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAddress, type Address } from "../../../engine/address.ts"
import { makeRandom, replayHint, testSeed } from "../../../engine/testing/random.ts"
import { cacheKey, type CachePort, type PresenceRecord } from "../port.ts"

export interface ContractNodes {
  readonly a: CachePort
  readonly b: CachePort
  /** Lets `ms` of the port's time pass where the test controls it; nothing where time is real. */
  elapse(ms: number): void
  /** A TTL short enough to watch expire here. */
  readonly shortTtlMs: number
  close(): Promise<void>
}

const LONG_TTL_MS = 600_000
const DEADLINE_MS = 10_000
const POLL_MS = 10

let nodes: ContractNodes
let actorSerial = 0
const freshActor = (tenant = "t1"): Address => makeAddress(tenant, "canvas", `c${Date.now().toString(36)}${actorSerial++}`)
const record = (member: string, data: unknown, node = "node-a", user = member): PresenceRecord => ({ member, node, user, data })

/** Polls `check` until it holds, letting `step` ms of the port's time pass between tries; fails at the deadline. */
const eventually = async (check: () => Promise<boolean>, what: string, step = nodes.shortTtlMs / 4): Promise<void> => {
  const deadline = Date.now() + DEADLINE_MS
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${DEADLINE_MS} ms: ${what}`)
    nodes.elapse(step)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

const collect = () => {
  const changes: PresenceRecord[] = []
  return { changes, listener: (change: PresenceRecord) => void changes.push(change) }
}

/** Runs the contract against the nodes `open` makes; `skipBecause` (printed) skips it where the service cannot run. */
export const cachePortContract = (name: string, open: () => Promise<ContractNodes>, skipBecause?: string): void => {
  if (skipBecause) console.warn(skipBecause)
  describe.skipIf(skipBecause !== undefined)(`cache/presence port contract: ${name}`, () => {
    beforeAll(async () => {
      nodes = await open()
    })
    afterAll(() => nodes?.close())

    describe("presence", () => {
      it("what one node publishes reaches the other node's subscriber and its read", async () => {
        const actor = freshActor()
        const seen = collect()
        const subscription = await nodes.b.presence.subscribe(actor, seen.listener)
        const shown = record("a/1", { cursor: [1, 2], label: "é", nested: { list: [true, null, 3.5] } })
        await nodes.a.presence.publish(actor, shown, LONG_TTL_MS)
        await eventually(async () => seen.changes.length > 0, "the change reaches b")
        expect(seen.changes).toEqual([shown])
        expect(await nodes.b.presence.read(actor)).toEqual([shown])
        await subscription.unsubscribe()
      })

      it("bytes in presence data survive the trip", async () => {
        const actor = freshActor()
        await nodes.a.presence.publish(actor, record("a/1", { ink: new Uint8Array([0, 255, 7]) }), LONG_TTL_MS)
        const [read] = await nodes.b.presence.read(actor)
        expect([...((read?.data as { ink: Uint8Array }).ink ?? [])]).toEqual([0, 255, 7])
      })

      it("a member removed is gone for subscribers and reads, and a later publish replaces the earlier", async () => {
        const actor = freshActor()
        const seen = collect()
        const subscription = await nodes.b.presence.subscribe(actor, seen.listener)
        await nodes.a.presence.publish(actor, record("a/1", { x: 1 }), LONG_TTL_MS)
        await nodes.a.presence.publish(actor, record("a/1", { x: 2 }), LONG_TTL_MS)
        await nodes.a.presence.publish(actor, record("a/2", { x: 9 }), LONG_TTL_MS)
        expect(await nodes.b.presence.read(actor)).toEqual(expect.arrayContaining([record("a/1", { x: 2 }), record("a/2", { x: 9 })]))
        await nodes.a.presence.remove(actor, { member: "a/1", node: "node-a", user: "a/1" })
        await eventually(async () => seen.changes.length === 4, "four changes reach b")
        expect(seen.changes.at(-1)).toEqual(record("a/1", null))
        expect(await nodes.b.presence.read(actor)).toEqual([record("a/2", { x: 9 })])
        await subscription.unsubscribe()
      })

      it("an entry its node stops refreshing expires, while a refreshed one lives on", async () => {
        const actor = freshActor()
        await nodes.a.presence.publish(actor, record("a/kept", 1), nodes.shortTtlMs)
        await nodes.a.presence.publish(actor, record("a/dead", 2), nodes.shortTtlMs)
        expect(await nodes.a.presence.refresh(actor, ["a/kept"], LONG_TTL_MS)).toEqual([])
        await eventually(async () => (await nodes.b.presence.read(actor)).every((r) => r.member !== "a/dead"), "a/dead expires")
        expect(await nodes.b.presence.read(actor)).toEqual([record("a/kept", 1)])
      })

      it("refresh names the members that have no live entry, so their node publishes them again", async () => {
        const actor = freshActor()
        await nodes.a.presence.publish(actor, record("a/1", 1), nodes.shortTtlMs)
        await eventually(async () => (await nodes.a.presence.read(actor)).length === 0, "a/1 expires")
        expect(await nodes.a.presence.refresh(actor, ["a/1", "a/never"], LONG_TTL_MS)).toEqual(["a/1", "a/never"])
        expect(await nodes.a.presence.read(actor)).toEqual([])
      })

      it("a subscriber hears only its actor, and nothing after it unsubscribed", async () => {
        const [mine, other, later] = [freshActor(), freshActor(), freshActor()]
        const heard = collect()
        const marker = collect()
        const subscription = await nodes.b.presence.subscribe(mine, heard.listener)
        const twice = await nodes.b.presence.subscribe(mine, marker.listener)
        await nodes.a.presence.publish(other, record("a/1", "other actor"), LONG_TTL_MS)
        await nodes.a.presence.publish(mine, record("a/1", "mine"), LONG_TTL_MS)
        await eventually(async () => marker.changes.length === 1, "the change reaches both listeners")
        expect(heard.changes).toEqual([record("a/1", "mine")])
        await subscription.unsubscribe()
        await twice.unsubscribe()
        const afterwards = await nodes.b.presence.subscribe(later, marker.listener)
        await nodes.a.presence.publish(mine, record("a/1", "after unsubscribing"), LONG_TTL_MS)
        await nodes.a.presence.publish(later, record("a/1", "marker"), LONG_TTL_MS)
        // The marker was published after, to the same node: had the first reached b, it would have come before it.
        await eventually(async () => marker.changes.length === 2, "the marker reaches b")
        expect(marker.changes.at(-1)).toEqual(record("a/1", "marker"))
        expect(heard.changes).toEqual([record("a/1", "mine")])
        await afterwards.unsubscribe()
      })
    })

    describe("shared cache", () => {
      it("a value set on one node is read on the other until deleted", async () => {
        const key = cacheKey("t1", "answer", String(actorSerial++))
        expect(await nodes.b.cache.get(key)).toBeUndefined()
        await nodes.a.cache.set(key, "42", LONG_TTL_MS)
        expect(await nodes.b.cache.get(key)).toBe("42")
        await nodes.b.cache.delete(key)
        expect(await nodes.a.cache.get(key)).toBeUndefined()
      })

      it("a value expires with its TTL, and one with a longer TTL stays", async () => {
        const [short, long] = [cacheKey("t1", "short", String(actorSerial++)), cacheKey("t1", "long", String(actorSerial++))]
        await nodes.a.cache.set(short, "soon gone", nodes.shortTtlMs)
        await nodes.a.cache.set(long, "stays", LONG_TTL_MS)
        await eventually(async () => (await nodes.b.cache.get(short)) === undefined, "the short value expires")
        expect(await nodes.b.cache.get(long)).toBe("stays")
      })

      it("increments from both nodes at once each get their own count", async () => {
        const key = cacheKey("t1", "rate", String(actorSerial++))
        const counts = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? nodes.a : nodes.b).cache.increment(key, LONG_TTL_MS)))
        expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
        for (const { resetsInMs } of counts) expect(resetsInMs).toBeGreaterThan(0)
        for (const { resetsInMs } of counts) expect(resetsInMs).toBeLessThanOrEqual(LONG_TTL_MS)
      })

      it("a counter counts from 1 again once its window is over", async () => {
        const key = cacheKey("t1", "window", String(actorSerial++))
        expect((await nodes.a.cache.increment(key, nodes.shortTtlMs)).count).toBe(1)
        expect((await nodes.b.cache.increment(key, nodes.shortTtlMs)).count).toBe(2)
        // Later increments do not extend a window: it ends when the first one's does.
        await eventually(async () => (await nodes.b.cache.increment(key, nodes.shortTtlMs)).count === 1, "the window ends")
      })
    })

    it("no tenant ever sees another's keys or presence (seeded random keys)", async () => {
      const seed = testSeed(`cache tenant isolation (${name})`)
      const random = makeRandom(seed)
      const tenants = Array.from({ length: 3 }, (_, i) => `t${i}${seed.toString(36)}`)
      // Parts chosen to collide across tenants, and to try to spell a key of another tenant or another list of parts.
      const parts = [["x"], ["x", "y"], ["x:y"], [`${tenants[1]}:x`], ["%3A"], [""], ["a/b", "c"]] as const
      const ids = ["c1", "c2"]
      const values = new Map<string, string>()
      const counts = new Map<string, number>()
      const shown = new Map<string, PresenceRecord[]>()
      const node = () => random.pick([nodes.a, nodes.b])
      for (let step = 0; step < 60; step++) {
        const tenant = random.pick(tenants)
        const path = random.pick(parts)
        const id = `${tenant} ${path.join("|")}`
        const roll = random.int(3)
        if (roll === 0) {
          const value = `v${step}`
          values.set(id, value)
          await node().cache.set(cacheKey(tenant, "v", ...path), value, LONG_TTL_MS)
        } else if (roll === 1) {
          counts.set(id, (counts.get(id) ?? 0) + 1)
          await node().cache.increment(cacheKey(tenant, "n", ...path), LONG_TTL_MS)
        } else {
          const actorId = random.pick(ids)
          const entry = record(`m${step}`, { step })
          const actor = `${tenant} ${actorId}`
          shown.set(actor, [...(shown.get(actor) ?? []), entry])
          await node().presence.publish(makeAddress(tenant, "canvas", actorId), entry, LONG_TTL_MS)
        }
      }
      const hint = `tenant isolation, ${replayHint(seed)}`
      for (const tenant of tenants) {
        for (const path of parts) {
          const id = `${tenant} ${path.join("|")}`
          expect(await node().cache.get(cacheKey(tenant, "v", ...path)), hint).toBe(values.get(id))
          const count = counts.get(id)
          const next = await node().cache.increment(cacheKey(tenant, "n", ...path), LONG_TTL_MS)
          expect(next.count, hint).toBe((count ?? 0) + 1)
        }
        for (const actorId of ids) {
          const read = await node().presence.read(makeAddress(tenant, "canvas", actorId))
          const byMember = (x: PresenceRecord, y: PresenceRecord) => x.member.localeCompare(y.member)
          expect([...read].sort(byMember), hint).toEqual([...(shown.get(`${tenant} ${actorId}`) ?? [])].sort(byMember))
        }
      }
    })
  })
}
