import { describe, expect, it } from "vitest"
import { testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { canvasKind, redactEvent, redactState, type CanvasEvent, type ElementInput } from "./index.ts"

const owner = testUser("owner-1")
const editor = testUser("edit-1")
const commenter = testUser("comm-1")
const viewer = testUser("view-1")
const facilitator = testUser("fac-1", ["facilitator"])
const ownerFacilitator = testUser("owner-1", ["facilitator"])

const created: CanvasEvent = { type: "created", ownerId: "owner-1", title: "Board", privacy: "shared" }
const note: ElementInput = { kind: "sticky", text: "hope", colour: "#ffd400", x: 0, y: 0, w: 100, h: 100 }
const board: CanvasEvent[] = [
  created,
  { type: "accessGranted", userId: "edit-1", access: "edit" },
  { type: "accessGranted", userId: "comm-1", access: "comment" },
  { type: "accessGranted", userId: "view-1", access: "view" },
  { type: "elementAdded", elementId: "a", element: note },
]
const commented: CanvasEvent[] = [
  ...board,
  { type: "commentAdded", commentId: "k", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0, text: "why?" },
]
const canvas = spec(canvasKind)

describe("comments", () => {
  it("members with comment access comment on an element", () => {
    const { state } = canvas
      .given(board)
      .when({ type: "addComment", elementId: "a", text: "why?" }, { user: commenter })
      .then([{ type: "commentAdded", commentId: "id-1", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0, text: "why?" }])
    expect(state.comments).toEqual([{ id: "id-1", elementId: "a", text: "why?", by: "comm-1", at: expect.any(Number) }])
  })

  it("is refused to view-only members and facilitators without a grant, on missing elements, and empty", () => {
    canvas
      .given(board)
      .when({ type: "addComment", elementId: "a", text: "x" }, { user: viewer })
      .thenRejects("forbidden", /comment access/)
    canvas.given(board).when({ type: "addComment", elementId: "a", text: "x" }, { user: facilitator }).thenRejects("forbidden")
    canvas.given(board).when({ type: "addComment", elementId: "zz", text: "x" }, { user: owner }).thenRejects("not_found")
    canvas.when({ type: "addComment", elementId: "a", text: "" }).thenRefusedBySchema()
  })

  it("its author, the owner or a facilitator removes a comment; other commenters may not", () => {
    for (const user of [commenter, owner]) {
      canvas
        .given(commented, { by: "comm-1" })
        .when({ type: "removeComment", commentId: "k" }, { user })
        .then([{ type: "commentRemoved", commentId: "k", elementId: "a" }])
    }
    canvas
      .given(commented, { by: "comm-1" })
      .when({ type: "removeComment", commentId: "k" }, { user: editor })
      .thenRejects("forbidden", /author/)
    canvas.given(commented, { by: "comm-1" }).when({ type: "removeComment", commentId: "k" }, { user: viewer }).thenRejects("not_found")
    canvas.given(commented).when({ type: "removeComment", commentId: "zz" }, { user: owner }).thenRejects("not_found")
  })

  it("removing the element removes its comments", () => {
    const { state } = canvas
      .given(commented)
      .when({ type: "removeElement", elementId: "a" }, { user: owner })
      .then([{ type: "elementRemoved", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0 }])
    expect(state.comments).toEqual([])
  })

  it("view-only members see the elements but never the comments, live or in a snapshot", () => {
    const state = canvas.given(commented).state
    expect(redactEvent(state, commented.at(-1)!, viewer)).toBeUndefined()
    expect(redactEvent(state, commented.at(-1)!, commenter)).toEqual(commented.at(-1))
    expect(redactEvent(state, commented.at(-1)!, facilitator)).toEqual(commented.at(-1))
    expect(redactState(state, viewer)?.comments).toEqual([])
    expect(redactState(state, commenter)?.comments).toHaveLength(1)
  })

  it("only managers see whom the canvas is shared with; a member sees their own grant", () => {
    const state = canvas.given(board).state
    expect(redactState(state, viewer)?.shares).toEqual([{ userId: "view-1", access: "view" }])
    expect(redactState(state, facilitator)?.shares).toHaveLength(3)
    expect(redactEvent(state, board[1]!, viewer)).toBeUndefined()
    expect(redactEvent(state, board[3]!, viewer)).toEqual(board[3])
  })
})

describe("locks", () => {
  const lockedA: CanvasEvent[] = [...board, { type: "elementLocked", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0 }]

  it("a facilitator locks and unlocks an element and the whole canvas", () => {
    canvas
      .given(board)
      .when({ type: "lockElement", elementId: "a" }, { user: facilitator })
      .then([lockedA.at(-1)!])
    canvas
      .given(lockedA)
      .when({ type: "unlockElement", elementId: "a" }, { user: facilitator })
      .then([{ type: "elementUnlocked", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0 }])
    canvas
      .given(board)
      .when({ type: "lockCanvas" }, { user: facilitator })
      .then([{ type: "canvasLocked" }])
    canvas
      .given([...board, { type: "canvasLocked" }])
      .when({ type: "unlockCanvas" }, { user: ownerFacilitator })
      .then([{ type: "canvasUnlocked" }])
  })

  it("locking what is locked, or unlocking what is not, decides nothing", () => {
    canvas.given(lockedA).when({ type: "lockElement", elementId: "a" }, { user: facilitator }).then([])
    canvas.given(board).when({ type: "unlockElement", elementId: "a" }, { user: facilitator }).then([])
    canvas.given(board).when({ type: "unlockCanvas" }, { user: facilitator }).then([])
  })

  it("only a facilitator locks: not the owner, not an editor", () => {
    for (const user of [owner, editor]) {
      canvas
        .given(board)
        .when({ type: "lockElement", elementId: "a" }, { user })
        .thenRejects("forbidden", /facilitator/)
      canvas.given(board).when({ type: "lockCanvas" }, { user }).thenRejects("forbidden")
      canvas.given(lockedA).when({ type: "unlockElement", elementId: "a" }, { user }).thenRejects("forbidden")
    }
    canvas.given(board).when({ type: "lockElement", elementId: "zz" }, { user: facilitator }).thenRejects("not_found")
  })

  it("a locked element refuses every change, even the owner's", () => {
    for (const command of [
      { type: "moveElement", elementId: "a", x: 5, y: 5 },
      { type: "updateElement", elementId: "a", changes: { text: "x" } },
      { type: "removeElement", elementId: "a" },
      { type: "reorderElement", elementId: "a", to: "back" },
    ]) {
      canvas
        .given([...lockedA, { type: "elementAdded", elementId: "b", element: note }])
        .when(command, { user: owner })
        .thenRejects("conflict", /locked/)
    }
  })

  it("a locked canvas refuses new elements and changes, but still takes comments", () => {
    const locked: CanvasEvent[] = [...board, { type: "canvasLocked" }]
    canvas
      .given(locked)
      .when({ type: "addElement", element: note }, { user: owner })
      .thenRejects("conflict", /locked this canvas/)
    canvas.given(locked).when({ type: "moveElement", elementId: "a", x: 9, y: 9 }, { user: editor }).thenRejects("conflict")
    canvas.given(locked).when({ type: "applyTemplate", templateId: "values-map" }, { user: owner }).thenRejects("conflict")
    canvas
      .given(locked)
      .when({ type: "addComment", elementId: "a", text: "ok" }, { user: commenter })
      .then([{ type: "commentAdded", commentId: "id-1", elementId: "a", kind: "sticky", colour: "#ffd400", ageMs: 0, text: "ok" }])
  })
})
