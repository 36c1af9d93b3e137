/** Which canvases are news to a participant: newly in their list, and not already on their screen. */
import { describe, expect, it } from "vitest"
import { newlyShared } from "./shared-canvases.ts"

const canvas = (id: string) => ({ id, title: `Canvas ${id}`, ownerId: "facilitator" })

describe("newly shared canvases", () => {
  it("the first look is never news: what was shared before the screen opened is just there", () => {
    expect(newlyShared(undefined, [canvas("a"), canvas("b")], new Set())).toEqual([])
  })

  it("a canvas in the list that was not in it before is news", () => {
    expect(newlyShared(new Set(["a"]), [canvas("b"), canvas("a")], new Set())).toEqual([canvas("b")])
  })

  it("a canvas shared again after it was taken away is news again", () => {
    // Looked at while it was gone (the known set lost it), then back.
    expect(newlyShared(new Set([]), [canvas("a")], new Set())).toEqual([canvas("a")])
  })

  it("a canvas already on this screen with access is not news (the facilitator brought everyone to it)", () => {
    expect(newlyShared(new Set([]), [canvas("a"), canvas("b")], new Set(["a"]))).toEqual([canvas("b")])
  })
})
