import { Packr } from "msgpackr"
import { describe, expect, it } from "vitest"
import { nestingWithin } from "./msgpack-depth.ts"
import { makeRandom, testSeed } from "../engine/testing/random.ts"

const packr = new Packr({ useRecords: false })
const nested = (depth: number): unknown =>
  depth === 0 ? "leaf" : random.next() < 0.5 ? [nested(depth - 1), 1] : { k: nested(depth - 1), s: "x".repeat(40) }
const random = makeRandom(testSeed("msgpack depth"))

describe("nesting pre-scan", () => {
  it("agrees with the real depth of random values of every MessagePack type", () => {
    for (let i = 0; i < 500; i++) {
      const depth = random.int(40)
      const value = { bin: new Uint8Array(random.int(300)), big: 2 ** 40, neg: -5, f: 1.5, str: "y".repeat(random.int(70000)), deep: nested(depth) }
      const bytes = packr.pack(value)
      // The frame map itself is one level.
      expect(nestingWithin(bytes, depth + 1)).toBe(true)
      expect(nestingWithin(bytes, depth)).toBe(false)
    }
  })

  it("refuses a deep chain without decoding it, and leaves truncated headers to the decoder", () => {
    expect(nestingWithin(new Uint8Array(200_000).fill(0x91), 33)).toBe(false)
    expect(nestingWithin(new Uint8Array([0xdd, 0xff, 0xff]), 33)).toBe(true)
    expect(nestingWithin(new Uint8Array([]), 33)).toBe(true)
  })
})
