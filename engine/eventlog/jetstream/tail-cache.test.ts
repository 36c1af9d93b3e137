import { describe, expect, it } from "vitest"
import { TailCache } from "./tail-cache.ts"

describe("the per-actor tail cache", () => {
  it("never moves an entry back to an older tail (a slow read must not undo a newer append)", () => {
    const cache = new TailCache()
    cache.observe("a", { lastEventSeq: 5, lastStreamSeq: 50 })
    cache.observe("a", { lastEventSeq: 3, lastStreamSeq: 30 })
    expect(cache.get("a")).toEqual({ lastEventSeq: 5, lastStreamSeq: 50 })
    cache.observe("a", { lastEventSeq: 6, lastStreamSeq: 61 })
    expect(cache.get("a")).toEqual({ lastEventSeq: 6, lastStreamSeq: 61 })
  })

  it("forgets an entry on demand, so the next append looks the tail up again", () => {
    const cache = new TailCache()
    cache.observe("a", { lastEventSeq: 1, lastStreamSeq: 1 })
    cache.forget("a")
    expect(cache.get("a")).toBeUndefined()
    cache.observe("a", { lastEventSeq: 0, lastStreamSeq: 0 })
    expect(cache.get("a")).toEqual({ lastEventSeq: 0, lastStreamSeq: 0 })
  })

  it("stays within its capacity by dropping the least recently updated actors", () => {
    const cache = new TailCache(3)
    for (const key of ["a", "b", "c"]) cache.observe(key, { lastEventSeq: 1, lastStreamSeq: 1 })
    cache.observe("a", { lastEventSeq: 2, lastStreamSeq: 9 })
    cache.observe("d", { lastEventSeq: 1, lastStreamSeq: 10 })
    expect(["a", "b", "c", "d"].filter((key) => cache.get(key) !== undefined)).toEqual(["a", "c", "d"])
  })
})
