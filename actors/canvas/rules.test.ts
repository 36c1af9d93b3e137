import { describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeTestContext, testAddress, testUser } from "../../engine/testing/context.ts"
import { replayHint, testRandom } from "../../engine/testing/random.ts"
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

  it("a guest bounded to a session has exactly the access it would have without the bound on that session's canvases, and none on any other", () => {
    const random = testRandom("canvas guests")
    const guests = ["guest-a", "guest-b", "guest-c"]
    const sessions = [undefined, "s1", "s2"]
    for (let run = 0; run < 500; run++) {
      const sessionId = random.pick(sessions)
      const events: CanvasEvent[] = [
        {
          type: "created",
          ownerId: random.pick([...guests, "owner-1"]),
          title: "",
          privacy: random.pick(["shared", "private"] as const),
          ...(sessionId ? { sessionId } : {}),
        },
      ]
      for (const guest of guests)
        if (random.chance(0.5)) events.push({ type: "accessGranted", userId: guest, access: random.pick(["view", "comment", "edit"] as const) })
      const state = stateAfter(...events)
      for (const id of guests) {
        const unbounded: User = testUser(id, [random.pick(["guest", "participant"] as const)])
        const bounded: User = { ...unbounded, session: random.pick(["s1", "s2"]) }
        const expected = state.sessionId === bounded.session ? accessOf(state, unbounded) : "none"
        expect(accessOf(state, bounded), `${replayHint(random.seed)}, run ${run} ${id}`).toBe(expected)
      }
    }
  })

  it("a guest creates canvases only for its own session", () => {
    const guest: User = { ...testUser("guest-a", ["guest"]), session: "s1" }
    const addr = testAddress("canvas")
    const create = (sessionId?: string) =>
      canvasKind.decide(
        canvasKind.initialState(addr),
        { type: "create", title: "mine", privacy: "private", ...(sessionId ? { sessionId } : {}) },
        makeTestContext(addr, { user: guest }),
      )
    expect(create("s1")).toMatchObject([{ type: "created", sessionId: "s1", ownerId: "guest-a" }])
    expect(create("s2")).toMatchObject({ code: "forbidden" })
    expect(create()).toMatchObject({ code: "forbidden" })
  })
})
