import { describe, expect, it } from "vitest"
import { makeAddress } from "../address.ts"
import { DEFAULT_SHARD_COUNT, fnv1a32, leaseKey, shardOf, shardOfLeaseKey } from "./shards.ts"

describe("shards", () => {
  it("hash with 32-bit FNV-1a, whose published test vectors pin the function for every node", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5)
    expect(fnv1a32("a")).toBe(0xe40c292c)
    expect(fnv1a32("foobar")).toBe(0xbf9cf968)
  })

  it("place an address by its tenant too, so equal ids in two tenants may land apart", () => {
    const a = makeAddress("acme", "canvas", "c1")
    expect(shardOf(a)).toBe(fnv1a32("acme.canvas.c1") % DEFAULT_SHARD_COUNT)
    expect(shardOf(a)).not.toBe(shardOf(makeAddress("globex", "canvas", "c1")))
  })

  it("spread many addresses over every shard without a shard taking far more than its share", () => {
    const counts = new Array<number>(64).fill(0)
    for (let i = 0; i < 64_000; i++) counts[shardOf(makeAddress(`t${i % 13}`, "session", `s${i}`), 64)]!++
    expect(Math.min(...counts)).toBeGreaterThan(800)
    expect(Math.max(...counts)).toBeLessThan(1_200)
  })

  it("name each shard's lease key and read it back", () => {
    expect(leaseKey(17)).toBe("shard.17")
    expect(shardOfLeaseKey("shard.17")).toBe(17)
    expect(shardOfLeaseKey("cluster.settings")).toBeUndefined()
  })
})
