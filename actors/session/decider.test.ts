import { describe, expect, it } from "vitest"
import { testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { deriveJoinCode } from "./decider.ts"
import { sessionKind, type Phase, type SessionEvent } from "./index.ts"
import { canRead } from "./rules.ts"

const facilitator = testUser("fac-1", ["facilitator"])
const participant = testUser("part-1", ["participant"])
const other = testUser("part-2", ["participant"])
const admin = testUser("admin-1", ["admin"])

const created: SessionEvent = {
  type: "created",
  title: "Monday circle",
  phases: ["Pause", "Expand", "Focus", "Doing"],
  joinCode: "ABC234",
  facilitatorId: "fac-1",
}
const joined: SessionEvent = { type: "participantJoined", userId: "part-1", displayName: "Ana" }
const advanced = (from: Phase | null, to: Phase): SessionEvent => ({
  type: "phaseAdvanced",
  from,
  to,
})
const session = spec(sessionKind)

describe("create", () => {
  it("makes the creator the facilitator with the four fixed phases and the given join code", () => {
    const { state } = session.when({ type: "create", title: "Monday circle", joinCode: "ABC234" }, { user: facilitator }).then([created])
    expect(state).toMatchObject({ status: "open", phase: null, facilitators: ["fac-1"], participants: [], locked: false })
  })

  it("derives a readable six-character join code from a fresh id when none is given", () => {
    session.when({ type: "create", title: "Monday circle" }, { user: facilitator }).then([{ ...created, joinCode: deriveJoinCode("id-1") }])
    expect(deriveJoinCode("id-1")).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/)
    expect(deriveJoinCode("id-1")).not.toBe(deriveJoinCode("id-2"))
  })

  it("is refused when the session already exists", () => {
    session
      .given([created])
      .when({ type: "create", title: "Again" }, { user: facilitator })
      .thenRejects("conflict", /already exists/)
  })

  it("is refused for a user who is neither facilitator nor admin", () => {
    session.when({ type: "create", title: "Mine" }, { user: participant }).thenRejects("forbidden", /facilitators and admins/)
  })

  it("lets an admin set up a session", () => {
    session.when({ type: "create", title: "Monday circle", joinCode: "ABC234" }, { user: admin }).then([{ ...created, facilitatorId: "admin-1" }])
  })

  it("keeps the creator's name for the members to see, trimmed; none given is none kept", () => {
    const { state } = session
      .when({ type: "create", title: "Monday circle", joinCode: "ABC234", displayName: "  Noa Levi " }, { user: facilitator })
      .then([{ ...created, facilitatorName: "Noa Levi" } as SessionEvent])
    expect(state.facilitatorName).toBe("Noa Levi")
    expect(session.given([created]).state.facilitatorName).toBe("")
    session.when({ type: "create", title: "t", displayName: "x".repeat(81) }, { user: facilitator }).thenRefusedBySchema()
  })

  it("runs a fixed journey version: the plan is copied in, so later revisions cannot change it", () => {
    const journey = {
      journeyId: "j1",
      version: 3,
      title: "Monday",
      plan: { Pause: [{ kind: "timer", title: "Quiet", minutes: 1, seconds: 60 }], Expand: [], Focus: [], Doing: [] },
    }
    const { state } = session
      .when({ type: "create", title: "Monday circle", joinCode: "ABC234", journey }, { user: facilitator })
      .then([{ ...created, journey } as SessionEvent])
    expect([state.journey, state.plan]).toEqual([{ journeyId: "j1", version: 3, title: "Monday" }, journey.plan])
  })

  it("reads events logged before journeys existed", () => {
    expect(session.given([created]).state.plan).toEqual({ Pause: [], Expand: [], Focus: [], Doing: [] })
  })

  it("refuses an empty or overlong title and a malformed join code at the schema", () => {
    session.when({ type: "create", title: "" }).thenRefusedBySchema()
    session.when({ type: "create", title: "x".repeat(201) }).thenRefusedBySchema(/at most 200/)
    session.when({ type: "create", title: "t", joinCode: "abc123" }).thenRefusedBySchema(/6 characters/)
    session.when({ type: "create", title: "t", joinCode: "ABCI23" }).thenRefusedBySchema(/6 characters/)
  })
})

describe("join", () => {
  it("adds the participant when the code matches", () => {
    const { state } = session.given([created]).when({ type: "join", joinCode: "ABC234", displayName: "Ana" }, { user: participant }).then([joined])
    expect(state.participants).toEqual([{ userId: "part-1", displayName: "Ana", joinedAt: expect.any(Number) }])
  })

  it("is a no-op for a member who is already in (a reconnect), even while locked", () => {
    session
      .given([created, joined, { type: "locked" }])
      .when({ type: "join", joinCode: "ABC234" }, { user: participant })
      .then([])
    session.given([created]).when({ type: "join", joinCode: "ABC234" }, { user: facilitator }).then([])
  })

  it("is refused with the wrong code", () => {
    session
      .given([created])
      .when({ type: "join", joinCode: "ZZZ999" }, { user: participant })
      .thenRejects("forbidden", /join code/)
  })

  it("is refused while the session is locked", () => {
    session
      .given([created, { type: "locked" }])
      .when({ type: "join", joinCode: "ABC234" }, { user: participant })
      .thenRejects("forbidden", /locked/)
  })

  it("is refused once the session has ended", () => {
    session
      .given([created, { type: "ended", phase: null }])
      .when({ type: "join", joinCode: "ABC234" }, { user: participant })
      .thenRejects("conflict", /ended/)
  })

  it("is refused for a session that does not exist", () => {
    session.when({ type: "join", joinCode: "ABC234" }, { user: participant }).thenRejects("not_found", /does not exist/)
  })

  it("is refused for a user of another tenant as if the session did not exist", () => {
    session
      .given([created])
      .when({ type: "join", joinCode: "ABC234" }, { user: testUser("x", ["participant"], "tenant-2") })
      .thenRejects("not_found")
  })

  it("is refused when the session is full", () => {
    const crowd = Array.from({ length: 500 }, (_, i): SessionEvent => ({ type: "participantJoined", userId: `p-${i}`, displayName: "" }))
    session
      .given([created, ...crowd])
      .when({ type: "join", joinCode: "ABC234" }, { user: participant })
      .thenRejects("conflict", /full/)
  })
})

describe("attendance", () => {
  it("keeps everyone who came, with when they first joined and last left", () => {
    const { state } = session
      .given([created, joined, { type: "participantLeft", userId: "part-1" }], { at: 1000 })
      .when({ type: "join", joinCode: "ABC234", displayName: "Ana B" }, { user: participant, now: 5000 })
      .then([{ type: "participantJoined", userId: "part-1", displayName: "Ana B" }])
    expect(state.attendance).toEqual([{ userId: "part-1", displayName: "Ana B", firstJoinedAt: 1000, leftAt: null, removed: false }])
  })
})

describe("leave", () => {
  it("removes the participant", () => {
    const { state } = session
      .given([created, joined])
      .when({ type: "leave" }, { user: participant })
      .then([{ type: "participantLeft", userId: "part-1" }])
    expect(state.participants).toEqual([])
  })

  it("is a no-op for someone who is not a participant", () => {
    session.given([created]).when({ type: "leave" }, { user: other }).then([])
  })

  it("is refused for the facilitator", () => {
    session
      .given([created])
      .when({ type: "leave" }, { user: facilitator })
      .thenRejects("conflict", /end it instead/)
  })
})

describe("advancePhase", () => {
  it("goes from the lobby to Pause, then through the phases in order", () => {
    session
      .given([created])
      .when({ type: "advancePhase" }, { user: facilitator })
      .then([advanced(null, "Pause")])
    session
      .given([created, advanced(null, "Pause")])
      .when({ type: "advancePhase", from: "Pause" }, { user: facilitator })
      .then([advanced("Pause", "Expand")])
    const { state } = session
      .given([created, advanced(null, "Pause"), advanced("Pause", "Expand")])
      .when({ type: "advancePhase" }, { user: facilitator })
      .then([advanced("Expand", "Focus")])
    expect(state.phase).toBe("Focus")
  })

  it("does nothing when the phase already moved past the one the facilitator saw", () => {
    session
      .given([created, advanced(null, "Pause")])
      .when({ type: "advancePhase", from: null }, { user: facilitator })
      .then([])
  })

  it("cannot advance past Doing", () => {
    const all = [created, advanced(null, "Pause"), advanced("Pause", "Expand"), advanced("Expand", "Focus"), advanced("Focus", "Doing")]
    session
      .given(all)
      .when({ type: "advancePhase" }, { user: facilitator })
      .thenRejects("conflict", /Doing is the last phase/)
  })

  it("is refused for participants", () => {
    session
      .given([created, joined])
      .when({ type: "advancePhase" }, { user: participant })
      .thenRejects("forbidden", /facilitators/)
  })

  it("refuses a phase that is not one of the four at the schema", () => {
    session.when({ type: "advancePhase", from: "Dream" }).thenRefusedBySchema()
  })
})

describe("end", () => {
  it("ends the session in its current phase and refuses every later command", () => {
    const { state } = session
      .given([created, advanced(null, "Pause")])
      .when({ type: "end" }, { user: facilitator })
      .then([{ type: "ended", phase: "Pause" }])
    expect(state.status).toBe("ended")
    session
      .given([created, { type: "ended", phase: null }])
      .when({ type: "advancePhase" }, { user: facilitator })
      .thenRejects("conflict", /ended/)
    session
      .given([created, { type: "ended", phase: null }])
      .when({ type: "end" }, { user: facilitator })
      .thenRejects("conflict", /ended/)
  })

  it("is refused for participants", () => {
    session.given([created, joined]).when({ type: "end" }, { user: participant }).thenRejects("forbidden")
  })
})

describe("lock and unlock", () => {
  it("lock and unlock toggle, and repeating either is a no-op", () => {
    expect(
      session
        .given([created])
        .when({ type: "lock" }, { user: facilitator })
        .then([{ type: "locked" }]).state.locked,
    ).toBe(true)
    session
      .given([created, { type: "locked" }])
      .when({ type: "lock" }, { user: facilitator })
      .then([])
    expect(
      session
        .given([created, { type: "locked" }])
        .when({ type: "unlock" }, { user: facilitator })
        .then([{ type: "unlocked" }]).state.locked,
    ).toBe(false)
    session.given([created]).when({ type: "unlock" }, { user: facilitator }).then([])
  })

  it("are refused for participants", () => {
    session.given([created, joined]).when({ type: "lock" }, { user: participant }).thenRejects("forbidden", /lock/)
    session
      .given([created, joined, { type: "locked" }])
      .when({ type: "unlock" }, { user: participant })
      .thenRejects("forbidden", /unlock/)
  })
})

describe("canRead", () => {
  const state = session.given([created, joined]).state

  it("lets the facilitator, joined participants and the tenant's admins read", () => {
    expect([facilitator, participant, admin].map((user) => canRead(state, user))).toEqual([true, true, true])
  })

  it("keeps out users who have not joined, admins of other tenants and everyone before creation", () => {
    expect(canRead(state, other)).toBe(false)
    expect(canRead(state, testUser("admin-1", ["admin"], "tenant-2"))).toBe(false)
    expect(canRead(session.given([]).state, admin)).toBe(false)
  })

  it("stops letting a participant read once they leave", () => {
    expect(canRead(session.given([created, joined, { type: "participantLeft", userId: "part-1" }]).state, participant)).toBe(false)
  })
})
