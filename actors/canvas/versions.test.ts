import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { FIXED_NOW, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { CanvasEvent as CanvasEventSchema, canvasKind, TEMPLATES, type CanvasEvent, type ElementInput } from "./index.ts"
import { MAX_VERSIONS } from "./protocol.ts"
import { VERSION_POINT_BUDGET } from "./versions.ts"

const owner = testUser("owner-1")
const viewer = testUser("view-1")
const facilitator = testUser("fac-1", ["facilitator"])
const created: CanvasEvent = { type: "created", ownerId: "owner-1", title: "Board", privacy: "shared" }
const note = (text: string): ElementInput => ({ kind: "sticky", text, colour: "#ffd400", x: 0, y: 0, w: 100, h: 100 })
const added = (id: string): CanvasEvent => ({ type: "elementAdded", elementId: id, element: note(id) })
const canvas = spec(canvasKind)
const minutes = (n: number) => FIXED_NOW + n * 60_000

describe("automatic checkpoints", () => {
  it("the first change after 30 minutes of activity is preceded by a checkpoint of the canvas before it", () => {
    const { state } = canvas
      .given([created, added("a")], { at: minutes(0) })
      .when({ type: "addElement", element: note("b") }, { user: owner, now: minutes(30) })
      .then([
        { type: "versionSaved", versionId: "id-2", reason: "auto", label: "", elementCount: 1 },
        { type: "elementAdded", elementId: "id-1", element: note("b") },
      ])
    expect(state.versions.map((v) => [v.reason, v.elements.length])).toEqual([["auto", 1]])
    expect(state.activitySince).toBe(minutes(30))
  })

  it("takes none before 30 minutes, none without activity, and none for a command that changes nothing", () => {
    canvas
      .given([created, added("a")])
      .when({ type: "addElement", element: note("b") }, { user: owner, now: minutes(29) })
      .then([{ type: "elementAdded", elementId: "id-1", element: note("b") }])
    canvas
      .given([created], { at: minutes(0) })
      .when({ type: "addElement", element: note("b") }, { user: owner, now: minutes(90) })
      .then([{ type: "elementAdded", elementId: "id-1", element: note("b") }])
    canvas
      .given([created, added("a")])
      .when({ type: "moveElement", elementId: "a", x: 0, y: 0 }, { user: owner, now: minutes(45) })
      .then([])
    canvas
      .given([created, added("a")])
      .when({ type: "setPrivacy", privacy: "private" }, { user: owner, now: minutes(45) })
      .then([{ type: "privacyChanged", privacy: "private" }])
  })
})

describe("saveVersion and restoreVersion", () => {
  const saved: CanvasEvent[] = [
    created,
    added("a"),
    { type: "versionSaved", versionId: "v1", reason: "manual", label: "first", elementCount: 1 },
    added("b"),
  ]

  it("saves on demand, by an editor or a facilitator", () => {
    canvas
      .given([created, added("a")])
      .when({ type: "saveVersion", label: "before break" }, { user: owner })
      .then([{ type: "versionSaved", versionId: "id-1", reason: "manual", label: "before break", elementCount: 1 }])
    canvas
      .given([created])
      .when({ type: "saveVersion" }, { user: facilitator })
      .then([{ type: "versionSaved", versionId: "id-1", reason: "manual", label: "", elementCount: 0 }])
    canvas.given([created]).when({ type: "saveVersion" }, { user: viewer }).thenRejects("forbidden")
  })

  it("a restore checkpoints the present first, then brings the version's elements back", () => {
    const { state } = canvas
      .given(saved)
      .when({ type: "restoreVersion", versionId: "v1" }, { user: owner })
      .then([
        { type: "versionSaved", versionId: "id-1", reason: "restore", label: "before restoring v1", elementCount: 2 },
        { type: "versionRestored", versionId: "v1", elementCount: 1, counts: { sticky: 1 } },
      ])
    expect(state.elements.map((e) => e.id)).toEqual(["a"])
    const undone = canvas.given([
      ...saved,
      { type: "versionSaved", versionId: "v2", reason: "restore", label: "", elementCount: 2 },
      { type: "versionRestored", versionId: "v1", elementCount: 1, counts: { sticky: 1 } },
    ])
    expect(
      undone
        .when({ type: "restoreVersion", versionId: "v2" }, { user: owner })
        .then([
          { type: "versionSaved", versionId: "id-1", reason: "restore", label: "before restoring v2", elementCount: 1 },
          { type: "versionRestored", versionId: "v2", elementCount: 2, counts: { sticky: 2 } },
        ])
        .state.elements.map((e) => e.id),
    ).toEqual(["a", "b"])
  })

  it("is refused for an unknown version, without edit access, and while an element is locked", () => {
    canvas
      .given(saved)
      .when({ type: "restoreVersion", versionId: "v9" }, { user: owner })
      .thenRejects("not_found", /no version v9/)
    canvas.given(saved).when({ type: "restoreVersion", versionId: "v1" }, { user: facilitator }).thenRejects("forbidden")
    const locked: CanvasEvent = { type: "elementLocked", elementId: "b", kind: "sticky", colour: "#ffd400", ageMs: 0 }
    canvas
      .given([...saved, locked])
      .when({ type: "restoreVersion", versionId: "v1" }, { user: owner })
      .thenRejects("conflict", /locked/)
  })

  it(`keeps the latest ${MAX_VERSIONS} versions`, () => {
    const many = Array.from(
      { length: MAX_VERSIONS + 5 },
      (_, i): CanvasEvent => ({ type: "versionSaved", versionId: `v${i}`, reason: "manual", label: "", elementCount: 0 }),
    )
    const { state } = canvas.given([created, ...many])
    expect(state.versions.map((v) => v.id)).toEqual(many.slice(5).map((e) => (e as { versionId: string }).versionId))
  })

  it("keeps fewer when the versions together would hold too many stroke points", () => {
    const heavy: ElementInput = {
      kind: "stroke",
      tool: "pen",
      colour: "#000000",
      width: 1,
      points: Array.from({ length: 2000 }, (_, i): [number, number] => [i, i]),
      x: 0,
      y: 0,
      w: 1,
      h: 1,
    }
    const strokes = Array.from({ length: 50 }, (_, i): CanvasEvent => ({ type: "elementAdded", elementId: `s${i}`, element: heavy }))
    const versions = Array.from(
      { length: 10 },
      (_, i): CanvasEvent => ({ type: "versionSaved", versionId: `v${i}`, reason: "auto", label: "", elementCount: 50 }),
    )
    const { state } = canvas.given([created, ...strokes, ...versions])
    const points = state.versions.length * 50 * 2000
    expect(points).toBeLessThanOrEqual(VERSION_POINT_BUDGET)
    expect(state.versions.at(-1)?.id).toBe("v9")
  })
})

describe("templates", () => {
  it("offers at least ten exercise templates, each a valid set of elements", () => {
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBeGreaterThanOrEqual(10)
    for (const template of TEMPLATES) {
      const { events } = canvas
        .given([created])
        .when({ type: "applyTemplate", templateId: template.id }, { user: owner })
        .then([expect.anything() as never])
      const applied = events[0] as Extract<CanvasEvent, { type: "templateApplied" }>
      expect(applied.elements).toHaveLength(template.elements.length)
      expect(() => Schema.decodeUnknownSync(CanvasEventSchema)(applied)).not.toThrow()
      const ids = new Set(applied.elements.map((e) => e.elementId))
      for (const { element } of applied.elements)
        if (element.kind === "connector") expect([ids.has(element.from), ids.has(element.to)]).toEqual([true, true])
    }
  })

  it("a canvas can start from a template", () => {
    const { events, state } = canvas
      .when({ type: "create", title: "Spread", privacy: "private", templateId: "past-present-future" }, { user: owner })
      .then([
        { type: "created", ownerId: "owner-1", title: "Spread", privacy: "private" },
        expect.objectContaining({ type: "templateApplied", templateId: "past-present-future" }) as never,
      ])
    expect(events).toHaveLength(2)
    expect(state.elements.filter((e) => e.kind === "text").map((e) => (e as { text: string }).text)).toEqual([
      "Past, present, future",
      "Past",
      "Present",
      "Future",
    ])
  })

  it("is refused for an unknown template and without edit access", () => {
    canvas
      .given([created])
      .when({ type: "applyTemplate", templateId: "nope" }, { user: owner })
      .thenRejects("not_found", /values-map/)
    canvas.when({ type: "create", title: "x", privacy: "private", templateId: "nope" }, { user: owner }).thenRejects("not_found")
    canvas.given([created]).when({ type: "applyTemplate", templateId: "values-map" }, { user: viewer }).thenRejects("forbidden")
  })
})

describe("importElements", () => {
  const facilitatorEdits: CanvasEvent = { type: "accessGranted", userId: "fac-1", access: "edit" }
  const imported = {
    elements: [
      { elementId: "x1", element: note("one"), groupId: "g1", locked: false },
      { elementId: "x2", element: note("two"), groupId: "g1", locked: true },
    ],
    comments: [{ commentId: "c1", elementId: "x2", text: "nice", by: "someone", at: 5 }],
  }

  it("adds elements with their ids, groups, locks and comments", () => {
    const { state } = canvas
      .given([created, facilitatorEdits])
      .when({ type: "importElements", ...imported }, { user: facilitator })
      .then([{ type: "elementsImported", ...imported }])
    expect(state.elements.map((e) => [e.id, e.groupId, e.locked])).toEqual([
      ["x1", "g1", false],
      ["x2", "g1", true],
    ])
    expect(state.comments).toEqual([{ id: "c1", elementId: "x2", text: "nice", by: "someone", at: 5 }])
  })

  it("refuses ids already used, comments on unknown elements, empty imports and non-editors", () => {
    canvas
      .given([created, facilitatorEdits, added("x1")])
      .when({ type: "importElements", ...imported }, { user: facilitator })
      .thenRejects("conflict", /x1 is already/)
    canvas
      .given([created])
      .when({ type: "importElements", elements: [], comments: imported.comments }, { user: owner })
      .thenRejects("invalid_command", /not on the canvas/)
    canvas
      .given([created])
      .when({ type: "importElements", elements: [], comments: [] }, { user: owner })
      .thenRejects("invalid_command", /at least one/)
    canvas
      .given([created])
      .when({ type: "importElements", ...imported }, { user: viewer })
      .thenRejects("forbidden")
    canvas
      .given([created])
      .when({ type: "importElements", ...imported }, { user: owner })
      .thenRejects("forbidden", /only a facilitator may import locked/)
  })
})
