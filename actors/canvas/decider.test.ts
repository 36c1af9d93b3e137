import { describe, expect, it } from "vitest"
import { testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { canvasKind, type CanvasEvent, type ElementInput } from "./index.ts"

const owner = testUser("owner-1")
const facilitator = testUser("fac-1", ["facilitator"])
const editor = testUser("edit-1")
const viewer = testUser("view-1")
const stranger = testUser("stranger-1")

const created: CanvasEvent = { type: "created", ownerId: "owner-1", title: "My board", privacy: "shared" }
const sticky: ElementInput = { kind: "sticky", text: "hope", colour: "#ffd400", x: 10, y: 20, w: 120, h: 120 }
const card: ElementInput = { kind: "card", cardId: "card-17", x: 0, y: 0, w: 200, h: 300 }
const stroke: ElementInput = {
  kind: "stroke",
  tool: "marker",
  colour: "#112233",
  width: 4,
  points: [
    [0, 0],
    [5, 5],
    [9, 2],
  ],
  x: 1,
  y: 1,
  w: 9,
  h: 5,
}
const grants: CanvasEvent[] = [
  { type: "accessGranted", userId: "edit-1", access: "edit" },
  { type: "accessGranted", userId: "view-1", access: "view" },
]
const withSticky: CanvasEvent[] = [created, ...grants, { type: "elementAdded", elementId: "el-1", element: sticky }]
const withCard: CanvasEvent[] = [created, ...grants, { type: "elementAdded", elementId: "el-2", element: card }]
const canvas = spec(canvasKind)

describe("create", () => {
  it("makes the caller the owner, with the privacy and session given", () => {
    const { state } = canvas
      .when({ type: "create", title: "My board", privacy: "private", sessionId: "s-1" }, { user: owner })
      .then([{ type: "created", ownerId: "owner-1", title: "My board", privacy: "private", sessionId: "s-1" }])
    expect(state).toMatchObject({ exists: true, ownerId: "owner-1", privacy: "private", sessionId: "s-1", elements: [] })
  })

  it("is refused when the canvas exists", () => {
    canvas
      .given([created])
      .when({ type: "create", title: "Again", privacy: "shared" }, { user: owner })
      .thenRejects("conflict", /already exists/)
  })

  it("refuses an unknown privacy at the schema", () => {
    canvas.when({ type: "create", title: "x", privacy: "public" }).thenRefusedBySchema()
  })
})

describe("addElement", () => {
  it("adds an element with an id from the context, recording who added it", () => {
    const { state } = canvas
      .given([created, ...grants])
      .when({ type: "addElement", element: sticky }, { user: editor })
      .then([{ type: "elementAdded", elementId: "id-1", element: sticky }])
    expect(state.elements).toEqual([
      { ...sticky, id: "id-1", createdBy: "edit-1", createdAt: expect.any(Number), updatedAt: expect.any(Number), groupId: null, locked: false },
    ])
  })

  it("keeps each kind's own fields: the card, the stroke's tool, colour and points", () => {
    canvas
      .given([created])
      .when({ type: "addElement", element: card }, { user: owner })
      .then([{ type: "elementAdded", elementId: "id-1", element: card }])
    const { state } = canvas
      .given([created])
      .when({ type: "addElement", element: stroke }, { user: owner })
      .then([{ type: "elementAdded", elementId: "id-1", element: stroke }])
    expect(state.pointCount).toBe(3)
    const shape: ElementInput = { kind: "shape", shape: "ellipse", colour: "#00aa00", x: 0, y: 0, w: 10, h: 10 }
    const text: ElementInput = { kind: "text", text: "Focus", colour: "#000000", fontSize: 24, x: 0, y: 0, w: 80, h: 30 }
    canvas
      .given([created])
      .when({ type: "addElement", element: shape }, { user: owner })
      .then([{ type: "elementAdded", elementId: "id-1", element: shape }])
    canvas
      .given([created])
      .when({ type: "addElement", element: text }, { user: owner })
      .then([{ type: "elementAdded", elementId: "id-1", element: text }])
  })

  it("is refused without edit access: view grants, facilitators, strangers", () => {
    for (const user of [viewer, facilitator, stranger]) {
      canvas
        .given([created, ...grants])
        .when({ type: "addElement", element: sticky }, { user })
        .thenRejects("forbidden", /edit access/)
    }
  })

  it("is refused to an edit grant while the canvas is private", () => {
    canvas
      .given([created, ...grants, { type: "privacyChanged", privacy: "private" }])
      .when({ type: "addElement", element: sticky }, { user: editor })
      .thenRejects("forbidden")
  })

  it("is refused on a canvas that does not exist, or for another tenant", () => {
    canvas.when({ type: "addElement", element: sticky }, { user: owner }).thenRejects("not_found", /does not exist/)
    canvas
      .given([created])
      .when({ type: "addElement", element: sticky }, { user: testUser("owner-1", [], "tenant-2") })
      .thenRejects("not_found")
  })

  it("is refused once the canvas holds the most elements or stroke points it may", () => {
    const full = Array.from({ length: 2000 }, (_, i): CanvasEvent => ({ type: "elementAdded", elementId: `e${i}`, element: card }))
    canvas
      .given([created, ...full])
      .when({ type: "addElement", element: card }, { user: owner })
      .thenRejects("conflict", /full/)
    const long = { ...stroke, points: Array.from({ length: 2000 }, (_, i): [number, number] => [i, i]) }
    const heavy = Array.from({ length: 100 }, (_, i): CanvasEvent => ({ type: "elementAdded", elementId: `s${i}`, element: long }))
    canvas
      .given([created, ...heavy])
      .when({ type: "addElement", element: stroke }, { user: owner })
      .thenRejects("conflict", /stroke points/)
  })

  it("refuses malformed elements at the schema", () => {
    const add = (element: unknown) => canvas.when({ type: "addElement", element })
    add({ ...sticky, colour: "yellow" }).thenRefusedBySchema(/#rrggbb/)
    add({ ...sticky, x: Number.POSITIVE_INFINITY }).thenRefusedBySchema()
    add({ ...sticky, text: "x".repeat(1001) }).thenRefusedBySchema(/at most 1000/)
    add({ ...stroke, points: [] }).thenRefusedBySchema()
    add({ ...stroke, points: Array.from({ length: 2001 }, () => [0, 0]) }).thenRefusedBySchema(/at most 2000/)
    add({ ...card, cardId: "../etc" }).thenRefusedBySchema(/A-Z a-z 0-9/)
    add({ kind: "video", x: 0, y: 0, w: 1, h: 1 }).thenRefusedBySchema()
  })
})

describe("moveElement", () => {
  it("moves the element and names its kind and card", () => {
    const { state } = canvas
      .given(withCard)
      .when({ type: "moveElement", elementId: "el-2", x: 50, y: 60 }, { user: editor })
      .then([{ type: "elementMoved", elementId: "el-2", kind: "card", cardId: "card-17", ageMs: 0, x: 50, y: 60 }])
    expect(state.elements[0]).toMatchObject({ x: 50, y: 60 })
  })

  it("decides nothing when the element is already there", () => {
    canvas.given(withSticky).when({ type: "moveElement", elementId: "el-1", x: 10, y: 20 }, { user: owner }).then([])
  })

  it("is refused for a missing element and without edit access", () => {
    canvas
      .given(withSticky)
      .when({ type: "moveElement", elementId: "nope", x: 0, y: 0 }, { user: owner })
      .thenRejects("not_found", /no element nope/)
    canvas.given(withSticky).when({ type: "moveElement", elementId: "el-1", x: 0, y: 0 }, { user: viewer }).thenRejects("forbidden")
  })
})

describe("updateElement", () => {
  it("records only the fields that change", () => {
    const { state } = canvas
      .given(withSticky)
      .when({ type: "updateElement", elementId: "el-1", changes: { text: "trust", colour: "#ffd400", w: 150 } }, { user: editor })
      .then([{ type: "elementUpdated", elementId: "el-1", kind: "sticky", colour: "#ffd400", ageMs: 0, changes: { text: "trust", w: 150 } }])
    expect(state.elements[0]).toMatchObject({ text: "trust", colour: "#ffd400", w: 150, h: 120 })
  })

  it("decides nothing when every field already has the value", () => {
    canvas
      .given(withSticky)
      .when({ type: "updateElement", elementId: "el-1", changes: { text: "hope" } }, { user: owner })
      .then([])
  })

  it("is refused with no changes, or changes the element's kind does not have", () => {
    canvas
      .given(withSticky)
      .when({ type: "updateElement", elementId: "el-1", changes: {} }, { user: owner })
      .thenRejects("invalid_command", /at least one/)
    canvas
      .given(withCard)
      .when({ type: "updateElement", elementId: "el-2", changes: { text: "x" } }, { user: owner })
      .thenRejects("invalid_command", /card has no text/)
    canvas
      .given(withCard)
      .when({ type: "updateElement", elementId: "el-2", changes: { colour: "#000000" } }, { user: owner })
      .thenRejects("invalid_command", /no colour/)
    canvas
      .given(withSticky)
      .when({ type: "updateElement", elementId: "el-1", changes: { text: "x".repeat(1001) } }, { user: owner })
      .thenRejects("invalid_command", /at most 1000/)
  })

  it("is refused for a missing element and without edit access", () => {
    canvas
      .given(withSticky)
      .when({ type: "updateElement", elementId: "nope", changes: { w: 1 } }, { user: owner })
      .thenRejects("not_found")
    canvas
      .given(withSticky)
      .when({ type: "updateElement", elementId: "el-1", changes: { w: 1 } }, { user: facilitator })
      .thenRejects("forbidden")
  })
})

describe("removeElement", () => {
  it("removes the element, naming its kind and card, and frees its points", () => {
    const { state } = canvas
      .given(withCard)
      .when({ type: "removeElement", elementId: "el-2" }, { user: editor })
      .then([{ type: "elementRemoved", elementId: "el-2", kind: "card", cardId: "card-17", ageMs: 0 }])
    expect(state.elements).toEqual([])
    const drawn = canvas
      .given([created, { type: "elementAdded", elementId: "s", element: stroke }])
      .when({ type: "removeElement", elementId: "s" }, { user: owner })
    expect(
      drawn.then([{ type: "elementRemoved", elementId: "s", kind: "stroke", tool: "marker", colour: "#112233", ageMs: 0 }]).state.pointCount,
    ).toBe(0)
  })

  it("is refused for a missing element and without edit access", () => {
    canvas.given(withSticky).when({ type: "removeElement", elementId: "nope" }, { user: owner }).thenRejects("not_found")
    canvas.given(withSticky).when({ type: "removeElement", elementId: "el-1" }, { user: stranger }).thenRejects("forbidden")
  })
})

describe("setPrivacy", () => {
  it("lets the owner or a facilitator change it, and repeating it decides nothing", () => {
    canvas
      .given([created])
      .when({ type: "setPrivacy", privacy: "private" }, { user: owner })
      .then([{ type: "privacyChanged", privacy: "private" }])
    canvas
      .given([created])
      .when({ type: "setPrivacy", privacy: "private" }, { user: facilitator })
      .then([{ type: "privacyChanged", privacy: "private" }])
    canvas.given([created]).when({ type: "setPrivacy", privacy: "shared" }, { user: owner }).then([])
  })

  it("is refused to anyone else, even with edit access", () => {
    canvas
      .given([created, ...grants])
      .when({ type: "setPrivacy", privacy: "private" }, { user: editor })
      .thenRejects("forbidden", /owner or a facilitator/)
  })
})

describe("shareWith and revokeAccess", () => {
  it("grants, changes and revokes a member's access", () => {
    canvas
      .given([created])
      .when({ type: "shareWith", userId: "edit-1", access: "comment" }, { user: owner })
      .then([{ type: "accessGranted", userId: "edit-1", access: "comment" }])
    const { state } = canvas
      .given([created, ...grants])
      .when({ type: "shareWith", userId: "view-1", access: "edit" }, { user: facilitator })
      .then([{ type: "accessGranted", userId: "view-1", access: "edit" }])
    expect(state.shares).toEqual([
      { userId: "edit-1", access: "edit" },
      { userId: "view-1", access: "edit" },
    ])
    canvas
      .given([created, ...grants])
      .when({ type: "revokeAccess", userId: "edit-1" }, { user: owner })
      .then([{ type: "accessRevoked", userId: "edit-1" }])
  })

  it("decides nothing when the grant is already so or there is nothing to revoke", () => {
    canvas
      .given([created, ...grants])
      .when({ type: "shareWith", userId: "edit-1", access: "edit" }, { user: owner })
      .then([])
    canvas.given([created]).when({ type: "revokeAccess", userId: "edit-1" }, { user: owner }).then([])
  })

  it("is refused for the owner as a grantee, past the share limit, and to non-managers", () => {
    canvas
      .given([created])
      .when({ type: "shareWith", userId: "owner-1", access: "view" }, { user: owner })
      .thenRejects("invalid_command", /full access/)
    const many = Array.from({ length: 200 }, (_, i): CanvasEvent => ({ type: "accessGranted", userId: `m${i}`, access: "view" }))
    canvas
      .given([created, ...many])
      .when({ type: "shareWith", userId: "edit-1", access: "view" }, { user: owner })
      .thenRejects("conflict", /at most 200/)
    canvas
      .given([created, ...grants])
      .when({ type: "shareWith", userId: "x", access: "view" }, { user: editor })
      .thenRejects("forbidden")
    canvas
      .given([created, ...grants])
      .when({ type: "revokeAccess", userId: "view-1" }, { user: viewer })
      .thenRejects("forbidden")
  })

  it("refuses an unknown access level and an id outside the address charset at the schema", () => {
    canvas.when({ type: "shareWith", userId: "a", access: "admin" }).thenRefusedBySchema()
    canvas.when({ type: "shareWith", userId: "__proto__", access: "view" }).thenRefusedBySchema(/__proto__/)
  })
})
