import { describe, expect, it } from "vitest"
import type { Activity } from "../../../../actors/journey/activity.ts"
import { created, decksLoaded, drawn, joined, picked, pollOpened, voted, withGroup } from "../../../../actors/session/testing/fixtures.ts"
import type { SessionEvent } from "../../../../actors/session/protocol.ts"
import { initialState, type SessionState } from "../../../../actors/session/state.ts"
import { applySessionEvent } from "../../session/view.ts"
import { activityDraw, can, hiddenPickers, nextPhase, plannedSeconds, primaryAction, readyCount, spokenCode } from "./room-logic.ts"

const fold = (events: readonly SessionEvent[]): SessionState =>
  events.reduce(
    (state, ev, i) => applySessionEvent(state, { seq: i + 1, ev, by: "fac-1", at: 1_000 + i * 10 }),
    initialState({ tenant: "t1", kind: "session", id: "s1" }),
  )

const draw: Activity = { kind: "cardDraw", title: "Draw", minutes: 5, deckId: "sample", count: 3, faceDown: true, picksPerPerson: 1, prompt: null }
const poll: Activity = {
  kind: "poll",
  title: "Vote",
  minutes: 3,
  question: "Which?",
  options: ["A", "B"],
  mode: "single",
  dots: 3,
  anonymous: false,
  resultsWhen: "live",
}
const withPlan = (Pause: Activity[], Expand: Activity[] = []): SessionEvent => {
  if (created.type !== "created" || !created.journey) throw new Error("fixture")
  return { ...created, journey: { ...created.journey, plan: { Pause, Expand, Focus: [], Doing: [] } } }
}

describe("the live room's next action", () => {
  it("starts the first phase from the lobby", () => {
    expect(primaryAction(fold(withGroup))).toBe("startPhase")
    expect(nextPhase(fold(withGroup))).toBe("Pause")
  })

  it("deals, waits for picks, reveals, then moves on", () => {
    const start = [
      withPlan([draw, poll]),
      joined("part-1"),
      joined("part-2"),
      decksLoaded(),
      { type: "phaseAdvanced", from: null, to: "Pause" } as SessionEvent,
    ]
    expect(primaryAction(fold(start))).toBe("deal")
    const dealt = [...start, drawn("d1", [], { faceDown: true })]
    expect(activityDraw(fold(dealt))?.drawId).toBe("d1")
    expect(primaryAction(fold(dealt))).toBe("reveal")
    const pickedOne = [...dealt, picked("d1", "part-1", "f1", 0)]
    expect(hiddenPickers(fold(pickedOne), "d1")).toEqual(["part-1"])
    expect(primaryAction(fold(pickedOne))).toBe("reveal")
    const revealed = [...pickedOne, { type: "picksRevealed", drawId: "d1", picks: [{ userId: "part-1", cardId: "f1", position: 0 }] } as SessionEvent]
    expect(primaryAction(fold(revealed))).toBe("nextActivity")
  })

  it("a draw from an earlier activity does not count for the next one", () => {
    const events = [
      withPlan([draw, draw]),
      decksLoaded(),
      { type: "phaseAdvanced", from: null, to: "Pause" } as SessionEvent,
      drawn("d1", ["f1"]),
      { type: "activityAdvanced", index: 1 } as SessionEvent,
    ]
    expect(activityDraw(fold(events))).toBeNull()
    expect(primaryAction(fold(events))).toBe("deal")
  })

  it("opens, closes, then goes to the next phase after the phase's last activity", () => {
    const start = [withPlan([poll], [poll]), { type: "phaseAdvanced", from: null, to: "Pause" } as SessionEvent]
    expect(primaryAction(fold(start))).toBe("openPoll")
    const open = [...start, pollOpened("p1"), voted("p1", "part-1", [0])]
    expect(primaryAction(fold(open))).toBe("closePoll")
    const closed = [...open, { type: "pollClosed", pollId: "p1", tally: [1, 0, 0], voters: 1 } as SessionEvent]
    expect(primaryAction(fold(closed))).toBe("nextPhase")
  })

  it("offers to end after the last phase, and nothing once ended", () => {
    const phases = ["Pause", "Expand", "Focus", "Doing"] as const
    const events: SessionEvent[] = [...withGroup]
    let from: (typeof phases)[number] | null = null
    for (const to of phases) {
      events.push({ type: "phaseAdvanced", from, to })
      from = to
    }
    expect(primaryAction(fold(events))).toBe("end")
    expect(primaryAction(fold([...events, { type: "ended", phase: "Doing" }]))).toBe("none")
  })
})

describe("the room's counters and helpers", () => {
  it("counts ready participants among those present, facilitators left out", () => {
    const state = fold([...withGroup, { type: "doneMarked", userId: "part-1" } as SessionEvent])
    expect(readyCount(state)).toEqual({ done: 1, of: 3 })
  })

  it("knows a co-facilitator's powers", () => {
    const state = fold([...withGroup, { type: "coFacilitatorAppointed", userId: "part-1", powers: ["timer"] } as SessionEvent])
    expect(can(state, "fac-1", "lock")).toBe(true)
    expect(can(state, "part-1", "timer")).toBe(true)
    expect(can(state, "part-1", "lock")).toBe(false)
  })

  it("plans the timer from the activity", () => {
    expect(plannedSeconds({ kind: "timer", title: "Quiet", minutes: 1, seconds: 90 })).toBe(90)
    expect(plannedSeconds(draw)).toBe(300)
    expect(plannedSeconds(null)).toBe(300)
  })

  it("splits a join code for reading aloud", () => {
    expect(spokenCode("K7M2QX")).toBe("K7M 2QX")
  })
})
