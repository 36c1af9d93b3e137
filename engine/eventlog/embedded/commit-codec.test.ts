import fc from "fast-check"
import { Packr } from "msgpackr"
import { describe, expect, it } from "vitest"
import { propertyParameters } from "../../testing/random.ts"
import { decodeCommit, decodeHead, writePayload, type ByteSink, type CommitHead } from "./commit-codec.ts"

const sink = (): ByteSink & { bytes(): Buffer } => {
  const out = {
    buffer: Buffer.alloc(16),
    used: 0,
    reserve(bytes: number) {
      if (out.used + bytes > out.buffer.length) {
        const grown = Buffer.alloc(Math.max(out.buffer.length * 2, out.used + bytes))
        out.buffer.copy(grown, 0, 0, out.used)
        out.buffer = grown
      }
      const at = out.used
      out.used += bytes
      return at
    },
    bytes: () => out.buffer.subarray(0, out.used),
  }
  return out
}

const head = (overrides: Partial<CommitHead> = {}): CommitHead => ({
  tenant: "t1",
  kind: "canvas",
  id: "c1",
  firstSeq: 1,
  eventCount: 1,
  position: 1,
  by: "u1",
  at: 1_700_000_000_000,
  commandKey: "u1:op",
  ...overrides,
})

describe("commit payload encoding", () => {
  it("writes a head any MessagePack reader decodes to the same values, for every string length and number range", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 70_000 }),
        fc.string({ maxLength: 300 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (by, commandKey, firstSeq, position, at) => {
          const expected = head({ by, commandKey, firstSeq, position, at })
          const out = sink()
          writePayload(out, expected, [{ n: 1 }])
          const bytes = out.bytes()
          expect(decodeHead(bytes).head).toEqual(expected)
          const plain = new Packr({ useRecords: false }).unpackMultiple(bytes)
          expect(plain[0]).toEqual([expected.tenant, expected.kind, expected.id, firstSeq, 1, position, by, at, commandKey])
          expect(plain[1]).toEqual([{ n: 1 }])
        },
      ),
      propertyParameters("commit codec", { numRuns: 60 }),
    )
  })

  it("round-trips events exactly, including non-ASCII text and large numbers", () => {
    const events = [{ text: "Pause. ✨ 你好", big: 2 ** 40, neg: -3.5, list: [null, true, "x"], empty: {} }, { type: "b" }]
    const out = sink()
    writePayload(out, head({ eventCount: 2, by: "ünïcode-user" }), events)
    const commit = decodeCommit(out.bytes())
    expect(commit.events).toEqual(events)
    expect(commit.by).toBe("ünïcode-user")
  })

  it("leaves the output untouched when the events cannot be serialised", () => {
    const out = sink()
    writePayload(out, head(), [{ ok: 1 }])
    const before = out.used
    expect(() => writePayload(out, head(), [{ bad: 10n ** 30n }])).toThrow()
    expect(out.used).toBe(before)
  })

  it("refuses a payload whose events do not match the head's count", () => {
    const out = sink()
    writePayload(out, head({ eventCount: 2 }), [{ only: 1 }])
    expect(() => decodeCommit(out.bytes())).toThrow(/do not match/)
  })
})
