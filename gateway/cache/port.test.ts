import { describe, expect, it } from "vitest"
import { makeAddress } from "../../engine/address.ts"
import { cacheKey, presenceKey } from "./port.ts"

describe("cache keys", () => {
  it("cannot be made without a tenant, or with one that is not a tenant name", () => {
    for (const tenant of ["", "a:b", "a b", "x".repeat(65)]) expect(() => cacheKey(tenant, "rate")).toThrow(/tenant/)
  })

  it("start with the tenant, and no parts spell another tenant's key or another list of parts", () => {
    expect(cacheKey("t1", "rate", "u1")).toBe("t1:rate:u1")
    expect(cacheKey("t1", "a:b")).not.toBe(cacheKey("t1", "a", "b"))
    expect(cacheKey("t1", "t2:x")).not.toBe(cacheKey("t2", "x"))
    expect(cacheKey("t1", "%3A")).not.toBe(cacheKey("t1", ":"))
  })

  it("of presence carry the actor's tenant", () => {
    expect(presenceKey(makeAddress("t1", "canvas", "c"))).toBe("t1:presence:canvas:c")
    expect(presenceKey(makeAddress("t2", "canvas", "c"))).not.toBe(presenceKey(makeAddress("t1", "canvas", "c")))
  })
})
