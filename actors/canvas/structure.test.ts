import { describe, expect, it } from "vitest"
import { FIXED_NOW, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { canvasKind, type CanvasEvent, type ElementInput } from "./index.ts"

const owner = testUser("owner-1")
const editor = testUser("edit-1")
const viewer = testUser("view-1")
const facilitator = testUser("fac-1", ["facilitator"])

const created: CanvasEvent = { type: "created", ownerId: "owner-1", title: "Board", privacy: "shared" }
const grants: CanvasEvent[] = [
  { type: "accessGranted", userId: "edit-1", access: "edit" },
  { type: "accessGranted", userId: "view-1", access: "view" },
]
const note = (text: string, x = 0): ElementInput => ({ kind: "sticky", text, colour: "#ffd400", x, y: 0, w: 100, h: 100 })
const card: ElementInput = { kind: "card", cardId: "card-9", x: 300, y: 0, w: 200, h: 300 }
const link: ElementInput = { kind: "connector", from: "a", to: "b", colour: "#1f2933", width: 2, arrow: true, label: "leads to" }
const three: CanvasEvent[] = [
  created,
  ...grants,
  { type: "elementAdded", elementId: "a", element: note("a") },
  { type: "elementAdded", elementId: "b", element: card },
  { type: "elementAdded", elementId: "c", element: note("c", 600) },
]
const canvas = spec(canvasKind)
const later = FIXED_NOW + 90_000

describe("connectors and images", () => {
  it("a connector joins two existing elements and follows them", () => {
    const { state } = canvas
      .given(three)
      .when({ type: "addElement", element: link }, { user: editor })
      .then([{ type: "elementAdded", elementId: "id-1", element: link }])
    expect(state.elements.at(-1)).toMatchObject({ kind: "connector", from: "a", to: "b" })
  })

  it("refuses a connector to a missing element, to itself, or to another connector", () => {
    canvas
      .given(three)
      .when({ type: "addElement", element: { ...link, to: "zz" } }, { user: owner })
      .thenRejects("not_found", /no element zz/)
    canvas
      .given(three)
      .when({ type: "addElement", element: { ...link, to: "a" } }, { user: owner })
      .thenRejects("invalid_command", /two different/)
    const withLink: CanvasEvent[] = [...three, { type: "elementAdded", elementId: "l", element: link }]
    canvas
      .given(withLink)
      .when({ type: "addElement", element: { ...link, to: "l" } }, { user: owner })
      .thenRejects("invalid_command", /not other connectors/)
  })

  it("a connector cannot be moved, and removing an end removes its connectors first, each with an event", () => {
    const withLink: CanvasEvent[] = [...three, { type: "elementAdded", elementId: "l", element: link }]
    canvas
      .given(withLink)
      .when({ type: "moveElement", elementId: "l", x: 1, y: 1 }, { user: owner })
      .thenRejects("invalid_command", /follows the elements/)
    const { state } = canvas
      .given(withLink)
      .when({ type: "removeElement", elementId: "a" }, { user: owner })
      .then([
        { type: "elementRemoved", elementId: "l", kind: "connector", colour: "#1f2933", ageMs: 0 },
        { type: "elementRemoved", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0 },
      ])
    expect(state.elements.map((element) => element.id)).toEqual(["b", "c"])
  })

  it("an image takes an https address or a small inline PNG, nothing else", () => {
    const image: ElementInput = { kind: "image", src: "https://example.com/a.png", alt: "a lake", x: 0, y: 0, w: 10, h: 10 }
    canvas
      .given([created])
      .when({ type: "addElement", element: image }, { user: owner })
      .then([{ type: "elementAdded", elementId: "id-1", element: image }])
    canvas.when({ type: "addElement", element: { ...image, src: "data:image/png;base64,iVBORw0KGgo=" } }, { user: owner }).thenRejects("not_found")
    canvas.when({ type: "addElement", element: { ...image, src: "javascript:alert(1)" } }).thenRefusedBySchema(/https/)
    canvas.when({ type: "addElement", element: { ...image, src: "http://example.com/a.png" } }).thenRefusedBySchema()
    canvas.when({ type: "addElement", element: { ...image, src: "data:image/svg+xml;base64,PHN2Zz4=" } }).thenRefusedBySchema()
  })

  it("updates only the fields an element's kind has", () => {
    canvas
      .given(three)
      .when({ type: "updateElement", elementId: "b", changes: { w: 250 } }, { user: owner })
      .then([{ type: "elementUpdated", elementId: "b", kind: "card", cardId: "card-9", ageMs: 0, changes: { w: 250 } }])
    canvas
      .given(three)
      .when({ type: "updateElement", elementId: "a", changes: { fontSize: 30 } }, { user: owner })
      .thenRejects("invalid_command", /sticky has no fontSize/)
  })
})

describe("insight fields", () => {
  it("element events carry the tool, colour, card, the element's age and the gesture's duration", () => {
    const stroke: ElementInput = {
      kind: "stroke",
      tool: "highlighter",
      colour: "#00aa00",
      width: 8,
      points: [
        [0, 0],
        [4, 4],
      ],
      x: 0,
      y: 0,
      w: 4,
      h: 4,
    }
    canvas
      .given([created])
      .when({ type: "addElement", element: stroke, durationMs: 1_200 }, { user: owner })
      .then([{ type: "elementAdded", elementId: "id-1", element: stroke, durationMs: 1_200 }])
    canvas
      .given([created, { type: "elementAdded", elementId: "s", element: stroke }])
      .when({ type: "moveElement", elementId: "s", x: 5, y: 5, durationMs: 300 }, { user: owner, now: later })
      .then([
        { type: "elementMoved", elementId: "s", kind: "stroke", tool: "highlighter", colour: "#00aa00", ageMs: 90_000, x: 5, y: 5, durationMs: 300 },
      ])
  })
})

describe("reorderElement", () => {
  it("brings an element to the front, sends it back, or one step either way", () => {
    const front = canvas.given(three).when({ type: "reorderElement", elementId: "a", to: "front" }, { user: editor })
    expect(
      front
        .then([{ type: "elementReordered", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0, to: "front", index: 2 }])
        .state.elements.map((e) => e.id),
    ).toEqual(["b", "c", "a"])
    const back = canvas.given(three).when({ type: "reorderElement", elementId: "c", to: "backward" }, { user: editor })
    expect(
      back
        .then([{ type: "elementReordered", elementId: "c", kind: "sticky", colour: "#ffd400", ageMs: 0, to: "backward", index: 1 }])
        .state.elements.map((e) => e.id),
    ).toEqual(["a", "c", "b"])
  })

  it("decides nothing when the element is already there", () => {
    canvas.given(three).when({ type: "reorderElement", elementId: "c", to: "front" }, { user: owner }).then([])
    canvas.given(three).when({ type: "reorderElement", elementId: "a", to: "backward" }, { user: owner }).then([])
  })

  it("is refused without edit access and for a missing element", () => {
    canvas.given(three).when({ type: "reorderElement", elementId: "a", to: "front" }, { user: viewer }).thenRejects("forbidden")
    canvas.given(three).when({ type: "reorderElement", elementId: "x", to: "front" }, { user: owner }).thenRejects("not_found")
  })
})

describe("groups", () => {
  const grouped: CanvasEvent[] = [...three, { type: "elementsGrouped", groupId: "g", elementIds: ["a", "b"], kinds: ["sticky", "card"] }]

  it("groups elements, moves them together and ungroups them", () => {
    const { state } = canvas
      .given(three)
      .when({ type: "groupElements", elementIds: ["a", "b", "a"] }, { user: editor })
      .then([{ type: "elementsGrouped", groupId: "id-1", elementIds: ["a", "b"], kinds: ["sticky", "card"] }])
    expect(state.elements.map((e) => e.groupId)).toEqual(["id-1", "id-1", null])
    const moved = canvas
      .given(grouped)
      .when({ type: "moveGroup", groupId: "g", dx: 10, dy: -5 }, { user: owner })
      .then([{ type: "groupMoved", groupId: "g", elementIds: ["a", "b"], dx: 10, dy: -5 }]).state
    expect(moved.elements.map((e) => ("x" in e ? [e.x, e.y] : []))).toEqual([
      [10, -5],
      [310, -5],
      [600, 0],
    ])
    canvas
      .given(grouped)
      .when({ type: "ungroup", groupId: "g" }, { user: owner })
      .then([{ type: "elementsUngrouped", groupId: "g", elementIds: ["a", "b"] }])
  })

  it("decides nothing for a group that already is, or a move by nothing", () => {
    canvas
      .given(grouped)
      .when({ type: "groupElements", elementIds: ["b", "a"] }, { user: owner })
      .then([])
    canvas.given(grouped).when({ type: "moveGroup", groupId: "g", dx: 0, dy: 0 }, { user: owner }).then([])
  })

  it("refuses fewer than two elements, connectors, missing elements or groups, and moves off the board", () => {
    canvas
      .given(three)
      .when({ type: "groupElements", elementIds: ["a", "a"] }, { user: owner })
      .thenRejects("invalid_command", /two different/)
    canvas
      .given(three)
      .when({ type: "groupElements", elementIds: ["a", "nope"] }, { user: owner })
      .thenRejects("not_found")
    const withLink: CanvasEvent[] = [...three, { type: "elementAdded", elementId: "l", element: link }]
    canvas
      .given(withLink)
      .when({ type: "groupElements", elementIds: ["a", "l"] }, { user: owner })
      .thenRejects("invalid_command", /connectors/)
    canvas
      .given(three)
      .when({ type: "ungroup", groupId: "g" }, { user: owner })
      .thenRejects("not_found", /no group/)
    canvas
      .given(three)
      .when({ type: "moveGroup", groupId: "g", dx: 1, dy: 1 }, { user: owner })
      .thenRejects("not_found", /no group/)
    canvas.given(grouped).when({ type: "moveGroup", groupId: "g", dx: 999_999, dy: 0 }, { user: owner }).thenRejects("invalid_command", /past/)
    canvas.when({ type: "groupElements", elementIds: ["a"] }).thenRefusedBySchema()
  })

  it("is refused without edit access", () => {
    canvas.given(grouped).when({ type: "moveGroup", groupId: "g", dx: 1, dy: 1 }, { user: facilitator }).thenRejects("forbidden")
    canvas.given(grouped).when({ type: "ungroup", groupId: "g" }, { user: viewer }).thenRejects("forbidden")
    canvas
      .given(three)
      .when({ type: "groupElements", elementIds: ["a", "b"] }, { user: viewer })
      .thenRejects("forbidden")
  })
})
