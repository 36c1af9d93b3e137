import { describe, expect, it } from "vitest"
import { makeAddress } from "../../address.ts"
import { addressOfSubject, commitHeaders, decodeCommit, encodeBody, spanOf, subjectOf } from "./commit-codec.ts"
import { streamSeqOfReply } from "./range-reader.ts"

describe("the JetStream commit layout", () => {
  it("maps an address to its subject and back, under a dotted prefix too", () => {
    const addr = makeAddress("tenant_1", "canvas", "c-9")
    for (const prefix of ["ev", "studio.prod.ev"]) {
      expect(subjectOf(prefix, addr)).toBe(`${prefix}.tenant_1.canvas.c-9`)
      expect(addressOfSubject(prefix, subjectOf(prefix, addr))).toEqual(addr)
    }
    expect(() => addressOfSubject("ev", "other.t.k.i")).toThrow(/not an event subject/)
    expect(() => addressOfSubject("ev", "ev.t.k")).toThrow(/not an event subject/)
  })

  it("round-trips a commit through body and headers", () => {
    const addr = makeAddress("t1", "journal", "j1")
    const events = [{ type: "noted", text: "✨", nested: { n: [1, null, 2.5] } }, { type: "x" }]
    const data = encodeBody({ addr, expectedSeq: 6, events, by: "u7", at: 1_234, commandKey: "u7:op" })
    const headers = commitHeaders(7, 2)
    expect(spanOf(headers)).toEqual({ firstSeq: 7, lastSeq: 8 })
    expect(decodeCommit("ev", { subject: subjectOf("ev", addr), headers, data, streamSeq: 42 })).toEqual({
      addr,
      firstSeq: 7,
      events,
      position: 42,
      by: "u7",
      at: 1_234,
      commandKey: "u7:op",
    })
  })

  it("refuses a message without valid sequence headers instead of guessing", () => {
    expect(() => spanOf(undefined)).toThrow(/Ev-First-Seq/)
    const bad = commitHeaders(1, 1)
    bad.set("Ev-Count", "0")
    expect(() => spanOf(bad)).toThrow(/Ev-Count/)
  })

  it("reads the stream sequence from both forms of JetStream delivery subjects", () => {
    expect(streamSeqOfReply("$JS.ACK.S.C.1.77.3.1700000000000000000.0")).toBe(77)
    expect(streamSeqOfReply("$JS.ACK.dom.acchash.S.C.1.78.3.1700000000000000000.0.tok")).toBe(78)
    expect(() => streamSeqOfReply("_INBOX.x")).toThrow(/delivery subject/)
  })
})
