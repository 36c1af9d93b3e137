import { describe, expect, it } from "vitest"
import { copyCandidates, sameDesign } from "./template-copy.ts"

describe("reusing a template's copy", () => {
  it("compares plans whatever order their keys came in, and tells a changed one apart", () => {
    const template = { Pause: [{ kind: "poll", title: "Which", anonymous: false, options: ["A", "B"] }], Expand: [] }
    expect(sameDesign(template, { Expand: [], Pause: [{ options: ["A", "B"], anonymous: false, kind: "poll", title: "Which" }] })).toBe(true)
    expect(sameDesign(template, { Expand: [], Pause: [{ options: ["A", "B"], anonymous: true, kind: "poll", title: "Which" }] })).toBe(false)
    expect(sameDesign(template, { Expand: [], Pause: [{ options: ["B", "A"], anonymous: false, kind: "poll", title: "Which" }] })).toBe(false)
    expect(sameDesign(template, { Pause: template.Pause })).toBe(false)
  })

  it("considers only this facilitator's active journeys made from the template under its title", () => {
    const listed = [
      { id: "mine", title: "A first meeting", templateId: "first-meeting", createdBy: "me" },
      { id: "renamed", title: "Our first meeting", templateId: "first-meeting", createdBy: "me" },
      { id: "theirs", title: "A first meeting", templateId: "first-meeting", createdBy: "someone" },
      { id: "archived", title: "A first meeting", templateId: "first-meeting", createdBy: "me", status: "archived" },
      { id: "other", title: "A first meeting", templateId: "team-retrospective", createdBy: "me" },
    ]
    expect(copyCandidates(listed, "me", "first-meeting", "A first meeting").map((j) => j.id)).toEqual(["mine"])
  })
})
