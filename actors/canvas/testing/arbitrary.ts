/**
 * Seeded random canvas commands built against the state reached so far, shared by
 * the decider's property test and the runtime's live-versus-rebuild test.
 */
import fc from "fast-check"
import type { User } from "../../../engine/actor-kind.ts"
import { testAddress, testUser } from "../../../engine/testing/context.ts"
import type { CanvasState } from "../decider.ts"
import { canvasKind } from "../index.ts"

export const users: readonly User[] = [
  testUser("owner-1"),
  testUser("fac-1", ["facilitator"]),
  testUser("member-1"),
  testUser("member-2"),
  testUser("owner-1", ["admin"], "tenant-2"),
]

const coordinate = fc.double({ min: -2000, max: 2000, noNaN: true })
const colour = fc.constantFrom("#ffd400", "#112233", "#00aa00", "red")
const point = fc.tuple(coordinate, coordinate)
const element = fc.oneof(
  fc.record({ kind: fc.constant("card"), cardId: fc.constantFrom("card-1", "card-2", "bad id") }),
  fc.record({ kind: fc.constant("sticky"), text: fc.string({ maxLength: 20 }), colour }),
  fc.record({
    kind: fc.constant("stroke"),
    tool: fc.constantFrom("pen", "marker", "highlighter"),
    colour,
    width: fc.constantFrom(1, 4, 0),
    points: fc.array(point, { maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("shape"), shape: fc.constantFrom("rectangle", "ellipse", "arrow"), colour }),
  fc.record({ kind: fc.constant("text"), text: fc.string({ maxLength: 20 }), colour, fontSize: fc.constantFrom(12, 24) }),
  fc.record({
    kind: fc.constant("image"),
    src: fc.constantFrom("https://example.com/a.png", "data:image/png;base64,iVBORw0KGgo=", "ftp://x"),
    alt: fc.string({ maxLength: 10 }),
  }),
)

export const recipe = fc.record({
  action: fc.constantFrom(
    "create",
    "add",
    "add",
    "add",
    "connect",
    "move",
    "update",
    "remove",
    "reorder",
    "group",
    "ungroup",
    "moveGroup",
    "comment",
    "uncomment",
    "lock",
    "unlock",
    "lockCanvas",
    "unlockCanvas",
    "unlockCanvas",
    "unlockCanvas",
    "group",
    "ungroup",
    "moveGroup",
    "moveGroup",
    "save",
    "restore",
    "template",
    "import",
    "privacy",
    "share",
    "revoke",
  ),
  other: fc.nat({ max: 20 }),
  z: fc.constantFrom("front", "back", "forward", "backward"),
  user: fc.nat({ max: 9 }),
  pick: fc.nat({ max: 20 }),
  element,
  x: coordinate,
  y: coordinate,
  size: fc.double({ min: 0, max: 500, noNaN: true }),
  text: fc.option(fc.string({ maxLength: 20 })),
  colour: fc.option(colour),
  privacy: fc.constantFrom("private", "shared"),
  access: fc.constantFrom("view", "comment", "edit"),
})
export type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never

export const build = (r: Recipe, state: CanvasState) => {
  // Half the steps come from the owner (the facilitator, for locks), so most commands get past the access rules.
  const lockAction = r.action.toLowerCase().includes("lock")
  const user = users[r.user < 5 ? (lockAction ? 1 : 0) : r.user - 5]!
  // One pick in a few misses on purpose, so refusals for missing elements are explored too.
  const elementId = state.elements[r.pick % (state.elements.length + 1)]?.id ?? `missing-${r.pick}`
  const otherId = state.elements[r.other % (state.elements.length + 1)]?.id ?? `missing-${r.other}`
  const groupIds = [...new Set(state.elements.flatMap((element) => (element.groupId === null ? [] : [element.groupId])))]
  const groupId = groupIds.length > 0 ? groupIds[r.other % groupIds.length]! : "no-group"
  const memberId = ["member-1", "member-2", "fac-1", "owner-1"][r.pick % 4]!
  const command = (() => {
    // Most runs create the canvas first, so the steps explore a canvas rather than refusals of a missing one.
    switch (!state.exists && r.pick % 4 !== 0 ? "create" : r.action) {
      case "create":
        return { type: "create", title: r.text ?? "", privacy: r.privacy }
      case "add":
        return { type: "addElement", element: { ...r.element, x: r.x, y: r.y, w: r.size, h: r.size } }
      case "move":
        return { type: "moveElement", elementId, x: r.x, y: r.y }
      case "update": {
        const changes = {
          ...(r.text !== null ? { text: r.text } : {}),
          ...(r.colour !== null ? { colour: r.colour } : {}),
          ...(r.pick % 2 ? { w: r.size } : {}),
        }
        return { type: "updateElement", elementId, changes }
      }
      case "remove":
        return { type: "removeElement", elementId }
      case "connect":
        return {
          type: "addElement",
          element: {
            kind: "connector",
            from: elementId,
            to: otherId,
            colour: r.colour ?? "#000000",
            width: 2,
            arrow: r.pick % 2 === 0,
            label: r.text ?? "",
          },
        }
      case "reorder":
        return { type: "reorderElement", elementId, to: r.z }
      case "group":
        return { type: "groupElements", elementIds: [elementId, otherId] }
      case "ungroup":
        return { type: "ungroup", groupId }
      case "moveGroup":
        return { type: "moveGroup", groupId, dx: r.x, dy: r.y }
      case "comment":
        return { type: "addComment", elementId, text: r.text ?? "" }
      case "uncomment":
        return { type: "removeComment", commentId: state.comments[r.pick % Math.max(1, state.comments.length)]?.id ?? "none" }
      case "lock":
        return { type: "lockElement", elementId }
      case "unlock":
        // Aim at a locked element when there is one, or unlocks would almost never find something to unlock.
        return { type: "unlockElement", elementId: state.elements.find((element) => element.locked)?.id ?? elementId }
      case "lockCanvas":
        return { type: "lockCanvas" }
      case "unlockCanvas":
        return { type: "unlockCanvas" }
      case "save":
        return { type: "saveVersion", ...(r.text !== null ? { label: r.text } : {}) }
      case "restore":
        return { type: "restoreVersion", versionId: state.versions[r.pick % Math.max(1, state.versions.length)]?.id ?? "none" }
      case "template":
        return { type: "applyTemplate", templateId: ["values-map", "team-constellation", "journey-phases", "nope"][r.pick % 4] }
      case "import":
        return {
          type: "importElements",
          elements: [
            { elementId: `imp-${r.other}`, element: { ...r.element, x: r.x, y: r.y, w: r.size, h: r.size }, groupId: null, locked: r.pick % 3 === 0 },
          ],
          comments: [],
        }
      case "privacy":
        return { type: "setPrivacy", privacy: r.privacy }
      case "share":
        return { type: "shareWith", userId: memberId, access: r.access }
      default:
        return { type: "revokeAccess", userId: memberId }
    }
  })()
  return { command, user }
}

export const invariant = (state: CanvasState) => {
  const points = state.elements.reduce((sum, element) => sum + (element.kind === "stroke" ? element.points.length : 0), 0)
  if (points !== state.pointCount) throw new Error(`pointCount ${state.pointCount} but strokes hold ${points} points`)
  if (new Set(state.elements.map((element) => element.id)).size !== state.elements.length) throw new Error("duplicate element ids")
  if (new Set(state.shares.map((share) => share.userId)).size !== state.shares.length) throw new Error("a member is shared with twice")
  if (state.shares.some((share) => share.userId === state.ownerId)) throw new Error("the owner holds a grant")
  const ids = new Set(state.elements.map((element) => element.id))
  if (state.comments.some((comment) => !ids.has(comment.elementId))) throw new Error("a comment outlived its element")
  if (state.versions.length > 50) throw new Error("more than 50 versions kept")
}
