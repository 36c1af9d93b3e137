import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { TEMPLATES as CANVAS_TEMPLATES } from "../canvas/index.ts"
import { testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { EMPTY_PLAN, JOURNEY_TEMPLATES, journeyKind, PHASES, Plan, type JourneyEvent } from "./index.ts"

const facilitator = testUser("fac-1", ["facilitator"])
const otherFacilitator = testUser("fac-2", ["facilitator"])
const admin = testUser("admin-1", ["admin"])
const participant = testUser("part-1")
const journey = spec(journeyKind)

const plan: Plan = { ...EMPTY_PLAN, Pause: [{ kind: "reflection", title: "Arrive", minutes: 5, prompt: "How are you?" }] }
const created: JourneyEvent[] = [
  { type: "created", ownerId: "fac-1", templateId: null },
  { type: "versionPublished", version: 1, title: "Monday", description: "", plan, note: "" },
]

describe("create", () => {
  it("publishes version 1 with the given plan", () => {
    const { state } = journey.when({ type: "create", title: "Monday", plan }, { user: facilitator }).then(created)
    expect(state.versions.map((v) => [v.version, v.publishedBy])).toEqual([[1, "fac-1"]])
  })

  it("starts from a template's plan and description", () => {
    const template = JOURNEY_TEMPLATES[1]!
    journey.when({ type: "create", title: "Retro", templateId: template.templateId }, { user: facilitator }).then([
      { type: "created", ownerId: "fac-1", templateId: template.templateId },
      { type: "versionPublished", version: 1, title: "Retro", description: template.description, plan: template.plan, note: "" },
    ])
  })

  it("is refused for an unknown template, twice, and for participants", () => {
    journey.when({ type: "create", title: "x", templateId: "nope" }, { user: facilitator }).thenRejects("not_found", /first-meeting/)
    journey.given(created).when({ type: "create", title: "x" }, { user: facilitator }).thenRejects("conflict")
    journey.when({ type: "create", title: "x" }, { user: participant }).thenRejects("forbidden")
  })

  it("refuses a plan with an unknown activity, too many options or a phase missing at the schema", () => {
    journey.when({ type: "create", title: "x", plan: { ...EMPTY_PLAN, Pause: [{ kind: "dance", title: "x", minutes: 1 }] } }).thenRefusedBySchema()
    const poll = {
      kind: "poll",
      title: "p",
      minutes: 1,
      question: "q",
      options: Array.from({ length: 11 }, (_, i) => `o${i}`),
      mode: "single",
      dots: 1,
      anonymous: false,
      resultsWhen: "live",
    }
    journey.when({ type: "create", title: "x", plan: { ...EMPTY_PLAN, Focus: [poll] } }).thenRefusedBySchema(/at most 10/)
    journey.when({ type: "create", title: "x", plan: { Pause: [], Expand: [], Focus: [] } }).thenRefusedBySchema()
  })
})

describe("revise", () => {
  it("publishes the next version with only the changed parts replaced", () => {
    const { state } = journey
      .given(created)
      .when({ type: "revise", title: "Monday circle", note: "longer name" }, { user: facilitator })
      .then([{ type: "versionPublished", version: 2, title: "Monday circle", description: "", plan, note: "longer name" }])
    expect(state.versions.map((v) => v.version)).toEqual([1, 2])
    expect(state.versions[0]?.title).toBe("Monday")
  })

  it("publishes nothing when nothing changes", () => {
    journey.given(created).when({ type: "revise", title: "Monday", plan }, { user: facilitator }).then([])
  })

  it("is for the owner and admins only, and not while archived", () => {
    journey.given(created).when({ type: "revise", title: "Mine" }, { user: otherFacilitator }).thenRejects("forbidden", /owner/)
    journey
      .given(created)
      .when({ type: "revise", title: "Fixed" }, { user: admin })
      .then([{ type: "versionPublished", version: 2, title: "Fixed", description: "", plan, note: "" }])
    journey
      .given([...created, { type: "archived" }])
      .when({ type: "revise", title: "x" }, { user: facilitator })
      .thenRejects("conflict", /archived/)
    journey.when({ type: "revise", title: "x" }, { user: facilitator }).thenRejects("not_found")
  })
})

describe("archive and restore", () => {
  it("toggle once each", () => {
    journey
      .given(created)
      .when({ type: "archive" }, { user: facilitator })
      .then([{ type: "archived" }])
    journey
      .given([...created, { type: "archived" }])
      .when({ type: "archive" }, { user: facilitator })
      .then([])
    journey
      .given([...created, { type: "archived" }])
      .when({ type: "restore" }, { user: facilitator })
      .then([{ type: "restored" }])
    journey.given(created).when({ type: "restore" }, { user: facilitator }).then([])
    journey.given(created).when({ type: "archive" }, { user: participant }).thenRejects("forbidden")
  })

  it("facilitators and admins of the tenant read journeys; participants and other tenants do not", () => {
    const state = journey.given(created).state
    expect(
      [facilitator, otherFacilitator, admin, participant, testUser("fac-9", ["facilitator"], "tenant-2")].map((u) => journeyKind.canRead(state, u)),
    ).toEqual([true, true, true, false, false])
  })
})

describe("the ready templates", () => {
  it("are at least ten complete plans that pass the plan schema, each with activities in all four phases", () => {
    expect(JOURNEY_TEMPLATES.length).toBeGreaterThanOrEqual(10)
    expect(new Set(JOURNEY_TEMPLATES.map((t) => t.templateId)).size).toBe(JOURNEY_TEMPLATES.length)
    for (const template of JOURNEY_TEMPLATES) {
      expect(() => Schema.decodeUnknownSync(Plan)(template.plan)).not.toThrow()
      for (const phase of PHASES) expect(template.plan[phase].length, `${template.templateId} ${phase}`).toBeGreaterThan(0)
    }
  })

  it("name only canvas templates that exist and cover every activity kind between them", () => {
    const canvasIds = new Set(CANVAS_TEMPLATES.map((t) => t.id))
    const activities = JOURNEY_TEMPLATES.flatMap((t) => PHASES.flatMap((phase) => t.plan[phase]))
    for (const activity of activities) if (activity.kind === "canvas") expect(canvasIds, activity.templateId).toContain(activity.templateId)
    expect(new Set(activities.map((a) => a.kind))).toEqual(new Set(["cardDraw", "reflection", "canvas", "poll", "timer", "journal", "breakout"]))
  })
})
