import { describe, expect, it } from "vitest"
import { testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { canvasKind, type CanvasEvent } from "./index.ts"
import { accessOf, canEdit, canManage, canRead } from "./rules.ts"

const owner = testUser("owner-1")
const facilitator = testUser("fac-1", ["facilitator"])
const member = testUser("member-1")
const stranger = testUser("stranger-1")

const created: CanvasEvent = { type: "created", ownerId: "owner-1", title: "", privacy: "shared" }
const granted: CanvasEvent = { type: "accessGranted", userId: "member-1", access: "comment" }
const stateAfter = (...events: CanvasEvent[]) => spec(canvasKind).given(events).state

describe("canvas access", () => {
  it("the owner, the tenant's facilitators and shared members read a shared canvas; strangers do not", () => {
    const state = stateAfter(created, granted)
    expect([owner, facilitator, member, stranger].map((user) => canRead(state, user))).toEqual([true, true, true, false])
    expect([owner, facilitator, member].map((user) => accessOf(state, user))).toEqual(["owner", "view", "comment"])
  })

  it("making the canvas private suspends grants, and sharing again restores them", () => {
    const closed = stateAfter(created, granted, { type: "privacyChanged", privacy: "private" })
    expect([canRead(closed, member), canRead(closed, owner), canRead(closed, facilitator)]).toEqual([false, true, true])
    const reopened = stateAfter(created, granted, { type: "privacyChanged", privacy: "private" }, { type: "privacyChanged", privacy: "shared" })
    expect(accessOf(reopened, member)).toBe("comment")
  })

  it("a revoked member loses access at once", () => {
    expect(canRead(stateAfter(created, granted, { type: "accessRevoked", userId: "member-1" }), member)).toBe(false)
  })

  it("a facilitator with an edit grant may edit, without one only look", () => {
    expect(canEdit(stateAfter(created), facilitator)).toBe(false)
    expect(canEdit(stateAfter(created, { type: "accessGranted", userId: "fac-1", access: "edit" }), facilitator)).toBe(true)
  })

  it("nobody reads a canvas that does not exist, and no one of another tenant reads or manages one that does", () => {
    expect(canRead(stateAfter(), owner)).toBe(false)
    const foreignOwner = testUser("owner-1", ["facilitator"], "tenant-2")
    expect([canRead(stateAfter(created), foreignOwner), canManage(stateAfter(created), foreignOwner)]).toEqual([false, false])
  })
})
