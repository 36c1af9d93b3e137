/**
 * The response cache as a property: under random reads, fills (some at a
 * version the tenant has since left) and invalidations, a hit is always the
 * answer stored at the tenant's current version, and the bounds hold.
 */
import { describe, expect, it } from "vitest"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import { ResponseCache } from "./response-cache.ts"

describe("response cache", () => {
  it("never serves an answer stored before the tenant's latest change, and stays within its bounds", () => {
    const random = makeRandom(testSeed("response cache"))
    const settings = { maxEntries: 40, maxBytes: 6_000, maxEntryBytes: 1_000 }
    const cache = new ResponseCache(settings)
    const tenants = ["A", "B", "C"]
    /** What was stored under each key, with the version it was read at. */
    const stored = new Map<string, { tenant: string; version: number; body: string }>()
    for (let step = 0; step < 20_000; step++) {
      const tenant = random.pick(tenants)
      const key = `${tenant}/${random.int(31)}`
      const roll = random.next()
      if (roll < 0.05) {
        cache.invalidate(random.next() < 0.1 ? "all" : [tenant])
      } else if (roll < 0.45) {
        // A query that started before an invalidation comes back with the version it started at.
        const version = Math.max(0, cache.version(tenant) - (random.next() < 0.2 ? 1 : 0))
        const body = `${key}@${version}#${step}`.padEnd(10 + random.int(1_190), ".")
        cache.set(key, tenant, version, body)
        if (version === cache.version(tenant) && body.length * 2 + key.length * 2 <= settings.maxEntryBytes)
          stored.set(key, { tenant, version, body })
      } else {
        const hit = cache.get(key, tenant)
        if (hit) {
          const expected = stored.get(key)
          expect(expected?.version).toBe(cache.version(tenant))
          expect(hit).toBe(expected?.body)
        }
      }
      const stats = cache.stats()
      expect(stats.entries).toBeLessThanOrEqual(settings.maxEntries)
      expect(stats.bytes).toBeLessThanOrEqual(settings.maxBytes)
    }
    expect(cache.stats().hits).toBeGreaterThan(100)
  })

  it("keeps each tenant's answers when another tenant changes", () => {
    const cache = new ResponseCache()
    cache.set("a", "A", cache.version("A"), "a")
    cache.set("b", "B", cache.version("B"), "b")
    cache.invalidate(["B"])
    expect(cache.get("a", "A")).toBe("a")
    expect(cache.get("b", "B")).toBeUndefined()
  })

  it("refuses an answer read at a version the tenant has already left", () => {
    const cache = new ResponseCache()
    const version = cache.version("A")
    cache.invalidate(["A"])
    cache.set("a", "A", version, "old")
    expect(cache.get("a", "A")).toBeUndefined()
  })
})
