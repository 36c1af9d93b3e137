import { describe, expect, it } from "vitest"
import { EMPTY_PLAN, type Activity, type Plan } from "../../../../actors/journey/activity.ts"
import { canNudge, moveActivity, newActivity, nudge, planProblems, problemsOf, removeActivity } from "./plan-edit.ts"

const a = (title: string): Activity => ({ kind: "reflection", title, minutes: 5, prompt: `${title}?` })
const plan: Plan = { ...EMPTY_PLAN, Pause: [a("A"), a("B"), a("C")], Expand: [a("D")] }
const titles = (p: Plan) => ({
  Pause: p.Pause.map((x) => x.title),
  Expand: p.Expand.map((x) => x.title),
  Focus: p.Focus.map((x) => x.title),
  Doing: p.Doing.map((x) => x.title),
})

describe("moving activities in a plan", () => {
  it("moves down and up within a phase", () => {
    expect(titles(moveActivity(plan, { phase: "Pause", index: 0 }, { phase: "Pause", index: 2 })).Pause).toEqual(["B", "A", "C"])
    expect(titles(moveActivity(plan, { phase: "Pause", index: 2 }, { phase: "Pause", index: 0 })).Pause).toEqual(["C", "A", "B"])
    expect(titles(moveActivity(plan, { phase: "Pause", index: 0 }, { phase: "Pause", index: 99 })).Pause).toEqual(["B", "C", "A"])
  })

  it("moves across phases", () => {
    const moved = moveActivity(plan, { phase: "Pause", index: 1 }, { phase: "Expand", index: 0 })
    expect(titles(moved)).toEqual({ Pause: ["A", "C"], Expand: ["B", "D"], Focus: [], Doing: [] })
  })

  it("nudges with the keyboard, over phase edges", () => {
    expect(titles(nudge(plan, { phase: "Pause", index: 2 }, 1).plan)).toEqual({ Pause: ["A", "B"], Expand: ["C", "D"], Focus: [], Doing: [] })
    expect(nudge(plan, { phase: "Pause", index: 2 }, 1).at).toEqual({ phase: "Expand", index: 0 })
    expect(titles(nudge(plan, { phase: "Expand", index: 0 }, -1).plan).Pause).toEqual(["A", "B", "C", "D"])
    expect(titles(nudge(plan, { phase: "Pause", index: 1 }, -1).plan).Pause).toEqual(["B", "A", "C"])
    expect(canNudge(plan, { phase: "Pause", index: 0 }, -1)).toBe(false)
    expect(canNudge(plan, { phase: "Expand", index: 0 }, 1)).toBe(true)
  })

  it("removes", () => {
    expect(titles(removeActivity(plan, { phase: "Pause", index: 1 })).Pause).toEqual(["A", "C"])
  })
})

describe("what the server would refuse", () => {
  it("names the fields to fix", () => {
    expect(problemsOf(newActivity("reflection", "Think"))).toEqual(["prompt"])
    expect(problemsOf(newActivity("poll", "Vote"))).toEqual(["question", "options"])
    expect(problemsOf(newActivity("cardDraw", ""))).toEqual(["title"])
    expect(problemsOf(newActivity("timer", "Quiet"))).toEqual([])
    expect(problemsOf({ ...(newActivity("breakout", "Rooms") as Extract<Activity, { kind: "breakout" }>), rooms: 3 })).toEqual(["rooms"])
    expect(planProblems({ ...plan, Doing: [newActivity("journal", "Note")] })).toEqual([{ phase: "Doing", index: 0, problems: ["prompt"] }])
  })
})
