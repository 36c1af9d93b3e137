import { describe, expect, it } from "vitest"
import { libraryCard } from "./board-helpers.ts"
import { CANVAS_ID, missingFrom, newCanvasId, rememberCreated } from "./canvases.ts"

describe("the console's canvases", () => {
  it("makes ids an actor address accepts, different each time", () => {
    const ids = Array.from({ length: 200 }, () => newCanvasId())
    for (const id of ids) expect(id).toMatch(CANVAS_ID)
    expect(new Set(ids).size).toBe(ids.length)
    expect(newCanvasId((bytes) => bytes.fill(255))).toBe("c-________________")
  })

  it("waits for a canvas made here until the list shows it, and for a minute at most", () => {
    rememberCreated("c-new", 1_000)
    rememberCreated("c-old", 0)
    expect(missingFrom(["c-other"], 30_000)).toEqual(["c-new", "c-old"])
    expect(missingFrom(["c-new"], 30_000)).toEqual(["c-old"])
    expect(missingFrom([], 61_000)).toEqual([])
  })

  it("gives the board a card's picture as inline SVG or as an address, and none when it has none", () => {
    expect(libraryCard("k1", { word: "Bridge", question: "What connects you?", image: { svg: "<svg/>" } }).face.image).toEqual({
      kind: "svg",
      svg: "<svg/>",
    })
    expect(libraryCard("k2", { word: "Door", question: "", image: { kind: "url", url: "/cards/door.png" } }).face.image).toEqual({
      kind: "url",
      url: "/cards/door.png",
    })
    expect(libraryCard("k3", { word: "Path", question: "", image: null })).toEqual({ cardId: "k3", face: { word: "Path", question: "" } })
  })
})
