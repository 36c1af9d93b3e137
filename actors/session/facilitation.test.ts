import { describe, expect, it } from "vitest"
import { FIXED_NOW, testAddress } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { ana, ben, coFacilitator, cy, decksLoaded, drawn, joined, lead, outsider, picked, withGroup } from "./testing/fixtures.ts"
import { sessionKind, type SessionEvent, type SessionState } from "./index.ts"

const session = spec(sessionKind)
const inPause: SessionEvent[] = [...withGroup, { type: "phaseAdvanced", from: null, to: "Pause" }]

describe("co-facilitators", () => {
  it("a lead appoints a participant with some powers, changes them, and dismisses them", () => {
    const { state } = session
      .given(withGroup)
      .when({ type: "appointCoFacilitator", userId: "part-1", powers: ["timer", "polls", "timer"] }, { user: lead })
      .then([coFacilitator("part-1", "timer", "polls")])
    expect(state.coFacilitators).toEqual([{ userId: "part-1", powers: ["timer", "polls"] }])
    session
      .given([...withGroup, coFacilitator("part-1", "timer", "polls")])
      .when({ type: "appointCoFacilitator", userId: "part-1", powers: ["polls", "timer"] }, { user: lead })
      .then([])
    session
      .given([...withGroup, coFacilitator("part-1", "timer")])
      .when({ type: "appointCoFacilitator", userId: "part-1", powers: ["lock"] }, { user: lead })
      .then([coFacilitator("part-1", "lock")])
    session
      .given([...withGroup, coFacilitator("part-1", "timer")])
      .when({ type: "dismissCoFacilitator", userId: "part-1" }, { user: lead })
      .then([{ type: "coFacilitatorDismissed", userId: "part-1" }])
    session.given(withGroup).when({ type: "dismissCoFacilitator", userId: "part-1" }, { user: lead }).then([])
  })

  it("only leads appoint, never a co-facilitator, and only participants can be appointed", () => {
    session
      .given([...withGroup, coFacilitator("part-1", "advance")])
      .when({ type: "appointCoFacilitator", userId: "part-2", powers: ["timer"] }, { user: ana })
      .thenRejects("forbidden", /lead/)
    session
      .given(withGroup)
      .when({ type: "appointCoFacilitator", userId: "part-9", powers: ["timer"] }, { user: lead })
      .thenRejects("invalid_command", /not a participant/)
    session.given(withGroup).when({ type: "dismissCoFacilitator", userId: "part-1" }, { user: ana }).thenRejects("forbidden")
  })

  it("refuses unknown powers and an empty list at the schema", () => {
    session.when({ type: "appointCoFacilitator", userId: "part-1", powers: ["end"] }).thenRefusedBySchema()
    session.when({ type: "appointCoFacilitator", userId: "part-1", powers: [] }).thenRefusedBySchema()
  })

  it("a co-facilitator uses exactly the powers granted: advance yes, end and remove never", () => {
    const given = [...withGroup, coFacilitator("part-1", "advance", "lock")]
    session
      .given(given)
      .when({ type: "advancePhase" }, { user: ana })
      .then([{ type: "phaseAdvanced", from: null, to: "Pause" }])
    session
      .given(given)
      .when({ type: "lock" }, { user: ana })
      .then([{ type: "locked" }])
    session.given(given).when({ type: "end" }, { user: ana }).thenRejects("forbidden", /lead/)
    session.given(given).when({ type: "removeParticipant", userId: "part-2" }, { user: ana }).thenRejects("forbidden", /lead/)
    session
      .given(given)
      .when({ type: "startTimer", seconds: 60 }, { user: ana })
      .thenRejects("forbidden", /timer power/)
  })

  it("powers lapse while the co-facilitator is away", () => {
    session
      .given([...withGroup, coFacilitator("part-1", "advance"), { type: "participantLeft", userId: "part-1" }])
      .when({ type: "advancePhase" }, { user: ana })
      .thenRejects("forbidden")
  })
})

describe("removing and readmitting", () => {
  it("a lead removes a participant, who leaves every live list and cannot rejoin with the code", () => {
    const given = [...withGroup, coFacilitator("part-2", "hands"), { type: "handRaised", userId: "part-2" } as SessionEvent]
    const { state } = session
      .given(given)
      .when({ type: "removeParticipant", userId: "part-2" }, { user: lead })
      .then([{ type: "participantRemoved", userId: "part-2" }])
    expect(state.participants.map((p) => p.userId)).toEqual(["part-1", "part-3"])
    expect([state.hands, state.coFacilitators, state.removed]).toEqual([[], [], ["part-2"]])
    expect(state.attendance.find((a) => a.userId === "part-2")).toMatchObject({ removed: true, leftAt: FIXED_NOW })
    expect(sessionKind.canRead(state, ben)).toBe(false)
    session
      .given([...given, { type: "participantRemoved", userId: "part-2" }])
      .when({ type: "join", joinCode: "ABC234" }, { user: ben })
      .thenRejects("forbidden", /removed/)
  })

  it("readmitting lets them join again; repeating either is a no-op", () => {
    const removed = [...withGroup, { type: "participantRemoved", userId: "part-2" } as SessionEvent]
    session
      .given(removed)
      .when({ type: "readmitParticipant", userId: "part-2" }, { user: lead })
      .then([{ type: "participantReadmitted", userId: "part-2" }])
    session
      .given([...removed, { type: "participantReadmitted", userId: "part-2" }])
      .when({ type: "join", joinCode: "ABC234" }, { user: ben })
      .then([joined("part-2", "")])
    session.given(removed).when({ type: "removeParticipant", userId: "part-2" }, { user: lead }).then([])
    session.given(withGroup).when({ type: "readmitParticipant", userId: "part-2" }, { user: lead }).then([])
  })

  it("is refused for non-leads, for a lead as the target, and for someone who never joined", () => {
    session.given(withGroup).when({ type: "removeParticipant", userId: "part-2" }, { user: ana }).thenRejects("forbidden")
    session.given(withGroup).when({ type: "removeParticipant", userId: "fac-1" }, { user: lead }).thenRejects("invalid_command", /lead/)
    session.given(withGroup).when({ type: "removeParticipant", userId: "part-9" }, { user: lead }).thenRejects("not_found")
    session.given(withGroup).when({ type: "readmitParticipant", userId: "part-2" }, { user: ana }).thenRejects("forbidden")
  })
})

describe("activities", () => {
  it("a phase starts on its first planned activity and advancing moves through them in order", () => {
    expect(session.given(inPause).state.activity).toBe(0)
    const { state } = session
      .given(inPause)
      .when({ type: "advanceActivity" }, { user: lead })
      .then([{ type: "activityAdvanced", index: 1 }])
    expect(state.timeline.map((t) => [t.phase, t.activity])).toEqual([
      ["Pause", 0],
      ["Pause", 1],
    ])
    session
      .given([...inPause, { type: "activityAdvanced", index: 1 }])
      .when({ type: "advanceActivity" }, { user: lead })
      .thenRejects("conflict", /last activity of Pause/)
  })

  it("a stale press is a no-op, the lobby has no activities, and participants cannot advance", () => {
    session
      .given([...inPause, { type: "activityAdvanced", index: 1 }])
      .when({ type: "advanceActivity", from: 0 }, { user: lead })
      .then([])
    session.given(withGroup).when({ type: "advanceActivity" }, { user: lead }).thenRejects("conflict", /lobby/)
    session.given(inPause).when({ type: "advanceActivity" }, { user: ana }).thenRejects("forbidden")
  })

  it("a phase without planned activities has none", () => {
    const inFocus = [
      ...inPause,
      { type: "phaseAdvanced", from: "Pause", to: "Expand" },
      { type: "phaseAdvanced", from: "Expand", to: "Focus" },
    ] as SessionEvent[]
    expect(session.given(inFocus).state.activity).toBeNull()
    session
      .given(inFocus)
      .when({ type: "advanceActivity" }, { user: lead })
      .thenRejects("conflict", /last activity/)
  })
})

describe("the timer", () => {
  const later = (seconds: number) => ({ user: lead, now: FIXED_NOW + seconds * 1000 })
  const running: SessionEvent[] = [...withGroup, { type: "timerStarted", durationMs: 300_000, endsAt: FIXED_NOW + 300_000 }]

  it("starts, pauses with the time left, resumes from it, takes extra time and stops", () => {
    const { state } = session
      .given(withGroup)
      .when({ type: "startTimer", seconds: 300 }, { user: lead })
      .then([running.at(-1)!])
    expect(state.timer).toEqual({ status: "running", durationMs: 300_000, endsAt: FIXED_NOW + 300_000, remainingMs: null })
    session
      .given(running)
      .when({ type: "pauseTimer" }, later(100))
      .then([{ type: "timerPaused", remainingMs: 200_000 }])
    const paused = [...running, { type: "timerPaused", remainingMs: 200_000 } as SessionEvent]
    session
      .given(paused)
      .when({ type: "resumeTimer" }, later(500))
      .then([{ type: "timerResumed", endsAt: FIXED_NOW + 700_000 }])
    session
      .given(paused)
      .when({ type: "addTime", seconds: 60 }, later(600))
      .then([{ type: "timeAdded", addedMs: 60_000, endsAt: null, remainingMs: 260_000 }])
    session
      .given(running)
      .when({ type: "addTime", seconds: 60 }, later(10))
      .then([{ type: "timeAdded", addedMs: 60_000, endsAt: FIXED_NOW + 360_000, remainingMs: null }])
    expect(
      session
        .given(running)
        .when({ type: "stopTimer" }, later(1))
        .then([{ type: "timerStopped" }]).state.timer.status,
    ).toBe("idle")
  })

  it("pausing an expired timer leaves zero, and extra time on it counts from now", () => {
    session
      .given(running)
      .when({ type: "pauseTimer" }, later(400))
      .then([{ type: "timerPaused", remainingMs: 0 }])
    session
      .given(running)
      .when({ type: "addTime", seconds: 30 }, later(400))
      .then([{ type: "timeAdded", addedMs: 30_000, endsAt: FIXED_NOW + 430_000, remainingMs: null }])
  })

  it("pausing, resuming or stopping when there is nothing to do is a no-op; extra time needs a timer", () => {
    session.given(withGroup).when({ type: "pauseTimer" }, { user: lead }).then([])
    session.given(running).when({ type: "resumeTimer" }, { user: lead }).then([])
    session.given(withGroup).when({ type: "stopTimer" }, { user: lead }).then([])
    session
      .given(withGroup)
      .when({ type: "addTime", seconds: 30 }, { user: lead })
      .thenRejects("conflict", /no timer/)
  })

  it("only facilitators control it; everyone sees it; bad durations fail the schema", () => {
    session
      .given(running)
      .when({ type: "pauseTimer" }, { user: ana })
      .thenRejects("forbidden", /timer power/)
    session
      .given([...running, coFacilitator("part-1", "timer")])
      .when({ type: "pauseTimer" }, { user: ana, now: FIXED_NOW })
      .then([{ type: "timerPaused", remainingMs: 300_000 }])
    expect((sessionKind.redactState!(session.given(running).state, ana) as { timer: unknown }).timer).toEqual(session.given(running).state.timer)
    session.when({ type: "startTimer", seconds: 0 }).thenRefusedBySchema()
    session.when({ type: "startTimer", seconds: 1.5 }).thenRefusedBySchema()
    session.when({ type: "addTime", seconds: 3601 }).thenRefusedBySchema()
  })
})

describe("spotlight and shared view", () => {
  const withCards = [
    ...withGroup,
    decksLoaded(),
    drawn("up", ["f1", "f2"]),
    drawn("down", ["f3", "f4"], { faceDown: true }),
    picked("down", "part-1", "f4", 1),
  ]

  it("spotlights a member or a card everyone can see, and clears it", () => {
    session
      .given(withCards)
      .when({ type: "spotlight", target: { kind: "participant", userId: "part-2" } }, { user: lead })
      .then([{ type: "spotlightSet", target: { kind: "participant", userId: "part-2" } }])
    session
      .given(withCards)
      .when({ type: "spotlight", target: { kind: "card", drawId: "up", cardId: "f2" } }, { user: lead })
      .then([{ type: "spotlightSet", target: { kind: "card", drawId: "up", cardId: "f2" } }])
    const revealed = [...withCards, { type: "picksRevealed" as const, drawId: "down", picks: [{ userId: "part-1", cardId: "f4", position: 1 }] }]
    session
      .given(revealed)
      .when({ type: "spotlight", target: { kind: "card", drawId: "down", cardId: "f4" } }, { user: lead })
      .then([expect.objectContaining({ type: "spotlightSet" })])
    session
      .given([...withCards, { type: "spotlightSet", target: { kind: "participant", userId: "part-2" } }])
      .when({ type: "spotlight", target: null }, { user: lead })
      .then([{ type: "spotlightSet", target: null }])
    session.given(withCards).when({ type: "spotlight", target: null }, { user: lead }).then([])
  })

  it("never spotlights a hidden card (face down or an unrevealed pick) or someone absent, and needs the spotlight power", () => {
    session
      .given(withCards)
      .when({ type: "spotlight", target: { kind: "card", drawId: "down", cardId: "f4" } }, { user: lead })
      .thenRejects("invalid_command", /everyone can already see/)
    session
      .given(withCards)
      .when({ type: "spotlight", target: { kind: "participant", userId: "part-9" } }, { user: lead })
      .thenRejects("invalid_command")
    session
      .given(withCards)
      .when({ type: "spotlight", target: null }, { user: ana })
      .thenRejects("forbidden", /spotlight power/)
  })

  it("brings everyone to a view that exists, and needs the spotlight power", () => {
    session
      .given(withCards)
      .when({ type: "bringToView", view: { kind: "draw", id: "up" } }, { user: lead })
      .then([{ type: "viewShared", view: { kind: "draw", id: "up" } }])
    session
      .given(withCards)
      .when({ type: "bringToView", view: { kind: "canvas", id: "c1" } }, { user: lead })
      .then([{ type: "viewShared", view: { kind: "canvas", id: "c1" } }])
    session
      .given(withCards)
      .when({ type: "bringToView", view: { kind: "activity", id: null } }, { user: lead })
      .then([{ type: "viewShared", view: { kind: "activity", id: null } }])
    session
      .given(withCards)
      .when({ type: "bringToView", view: { kind: "poll", id: "zz" } }, { user: lead })
      .thenRejects("not_found")
    session
      .given(withCards)
      .when({ type: "bringToView", view: { kind: "canvas", id: null } }, { user: lead })
      .thenRejects("invalid_command", /names its id/)
    session
      .given(withCards)
      .when({ type: "bringToView", view: { kind: "activity", id: "x" } }, { user: lead })
      .thenRejects("invalid_command", /has no id/)
    session
      .given(withCards)
      .when({ type: "bringToView", view: { kind: "activity", id: null } }, { user: ana })
      .thenRejects("forbidden")
  })
})

describe("raised hands", () => {
  const hands = [...withGroup, { type: "handRaised", userId: "part-2" }, { type: "handRaised", userId: "part-1" }] as SessionEvent[]

  it("keep the order they were raised in; raising twice is a no-op", () => {
    const { state } = session
      .given(hands)
      .when({ type: "raiseHand" }, { user: cy })
      .then([{ type: "handRaised", userId: "part-3" }])
    expect(state.hands).toEqual(["part-2", "part-1", "part-3"])
    session.given(hands).when({ type: "raiseHand" }, { user: ben }).then([])
  })

  it("anyone lowers their own; lowering another's or all needs the hands power", () => {
    expect(
      session
        .given(hands)
        .when({ type: "lowerHand" }, { user: ben })
        .then([{ type: "handLowered", userId: "part-2" }]).state.hands,
    ).toEqual(["part-1"])
    session
      .given(hands)
      .when({ type: "lowerHand", userId: "part-1" }, { user: ben })
      .thenRejects("forbidden", /hands power/)
    session
      .given(hands)
      .when({ type: "lowerHand", userId: "part-1" }, { user: lead })
      .then([{ type: "handLowered", userId: "part-1" }])
    session.given(hands).when({ type: "lowerAllHands" }, { user: ben }).thenRejects("forbidden")
    session
      .given([...hands, coFacilitator("part-3", "hands")])
      .when({ type: "lowerAllHands" }, { user: cy })
      .then([{ type: "handsCleared" }])
    session.given(withGroup).when({ type: "lowerAllHands" }, { user: lead }).then([])
    session.given(hands).when({ type: "lowerHand" }, { user: cy }).then([])
  })

  it("outsiders cannot raise a hand, and leaving lowers it", () => {
    session.given(hands).when({ type: "raiseHand" }, { user: outsider }).thenRejects("forbidden", /join/)
    expect(
      session
        .given(hands)
        .when({ type: "leave" }, { user: ben })
        .then([{ type: "participantLeft", userId: "part-2" }]).state.hands,
    ).toEqual(["part-1"])
  })
})

describe('the ready counter ("I\'m done")', () => {
  const doneBy = (...userIds: string[]) => userIds.map((userId): SessionEvent => ({ type: "doneMarked", userId }))
  const twoDone = [...inPause, ...doneBy("part-2", "part-1")]

  it("a member marks themself done for the current activity, in the order they said it; twice is a no-op", () => {
    const { state } = session
      .given(twoDone)
      .when({ type: "markDone" }, { user: cy })
      .then([{ type: "doneMarked", userId: "part-3" }])
    expect(state.done).toEqual(["part-2", "part-1", "part-3"])
    session.given(twoDone).when({ type: "markDone" }, { user: ben }).then([])
    session
      .given(inPause)
      .when({ type: "markDone", during: { phase: "Pause", activity: 0 } }, { user: ana })
      .then([{ type: "doneMarked", userId: "part-1" }])
  })

  it("a press meant for an activity the room has left changes nothing", () => {
    const moved = [...inPause, { type: "activityAdvanced", index: 1 } as SessionEvent]
    session
      .given(moved)
      .when({ type: "markDone", during: { phase: "Pause", activity: 0 } }, { user: ana })
      .then([])
    session
      .given(moved)
      .when({ type: "markDone", during: { phase: null, activity: null } }, { user: ana })
      .then([])
    session
      .given([...moved, ...doneBy("part-1")])
      .when({ type: "markNotDone", during: { phase: "Pause", activity: 0 } }, { user: ana })
      .then([])
  })

  it("a member takes back their own mark only; not being done is a no-op", () => {
    expect(
      session
        .given(twoDone)
        .when({ type: "markNotDone" }, { user: ben })
        .then([{ type: "doneUnmarked", userId: "part-2" }]).state.done,
    ).toEqual(["part-1"])
    session.given(twoDone).when({ type: "markNotDone" }, { user: cy }).then([])
    // A lead's "not done" takes back only their own mark, never someone else's.
    session.given(twoDone).when({ type: "markNotDone" }, { user: lead }).then([])
  })

  it("moving to another activity or phase, and starting or ending breakouts, clears every mark", () => {
    expect(
      session
        .given(twoDone)
        .when({ type: "advanceActivity" }, { user: lead })
        .then([{ type: "activityAdvanced", index: 1 }]).state.done,
    ).toEqual([])
    expect(
      session
        .given(twoDone)
        .when({ type: "advancePhase" }, { user: lead })
        .then([{ type: "phaseAdvanced", from: "Pause", to: "Expand" }]).state.done,
    ).toEqual([])
    const breakout = session
      .given(twoDone)
      .when({ type: "startBreakout", rooms: 2, size: null, names: [] }, { user: lead })
      .then([expect.objectContaining({ type: "breakoutStarted" })])
    expect(breakout.state.done).toEqual([])
    const started = breakout.events[0]!
    expect(
      session
        .given([...inPause, started, ...doneBy("part-3")])
        .when({ type: "endBreakout" }, { user: lead })
        .then([{ type: "breakoutEnded" }]).state.done,
    ).toEqual([])
  })

  it("the timer, hands and polls leave the marks alone", () => {
    expect(
      session
        .given(twoDone)
        .when({ type: "startTimer", seconds: 60 }, { user: lead })
        .then([expect.objectContaining({ type: "timerStarted" })]).state.done,
    ).toEqual(["part-2", "part-1"])
    expect(
      session
        .given(twoDone)
        .when({ type: "raiseHand" }, { user: cy })
        .then([{ type: "handRaised", userId: "part-3" }]).state.done,
    ).toEqual(["part-2", "part-1"])
  })

  it("a facilitator resets it (the advance power); participants cannot; an empty counter is a no-op", () => {
    expect(
      session
        .given(twoDone)
        .when({ type: "clearDone" }, { user: lead })
        .then([{ type: "doneCleared" }]).state.done,
    ).toEqual([])
    session
      .given(twoDone)
      .when({ type: "clearDone" }, { user: ana })
      .thenRejects("forbidden", /advance power/)
    session
      .given([...twoDone, coFacilitator("part-3", "advance")])
      .when({ type: "clearDone" }, { user: cy })
      .then([{ type: "doneCleared" }])
    session.given(inPause).when({ type: "clearDone" }, { user: lead }).then([])
  })

  it("outsiders cannot mark; leaving or removal takes the mark away", () => {
    session.given(twoDone).when({ type: "markDone" }, { user: outsider }).thenRejects("forbidden", /join/)
    expect(
      session
        .given(twoDone)
        .when({ type: "leave" }, { user: ben })
        .then([{ type: "participantLeft", userId: "part-2" }]).state.done,
    ).toEqual(["part-1"])
    expect(
      session
        .given(twoDone)
        .when({ type: "removeParticipant", userId: "part-1" }, { user: lead })
        .then([{ type: "participantRemoved", userId: "part-1" }]).state.done,
    ).toEqual(["part-2"])
  })

  it("everyone in the session sees who is done", () => {
    const state = session.given(twoDone).state
    for (const user of [ana, cy, lead]) expect((sessionKind.redactState!(state, user) as typeof state).done).toEqual(["part-2", "part-1"])
    expect(sessionKind.redactEvent!(state, { type: "doneMarked", userId: "part-1" }, cy)).toEqual({ type: "doneMarked", userId: "part-1" })
  })
})

describe("a state restored from a snapshot older than the ready counter", () => {
  const { done: _done, ...older } = session.given([...inPause, { type: "handRaised", userId: "part-2" }]).state

  it("still decides, folds and shows itself, with nobody done", () => {
    const restored = older as unknown as SessionState
    expect(
      sessionKind.decide(
        restored,
        { type: "markDone" },
        { addr: testAddress("session"), user: ana, now: FIXED_NOW, commandId: "c", newId: () => "x" },
      ),
    ).toEqual([{ type: "doneMarked", userId: "part-1" }])
    expect(sessionKind.evolve(restored, { type: "participantLeft", userId: "part-2" }, { seq: 9, by: "part-2", at: FIXED_NOW }).done).toEqual([])
    expect((sessionKind.redactState!(restored, ana) as SessionState).done).toEqual([])
  })
})
