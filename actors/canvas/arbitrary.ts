/**
 * Seeded random canvas commands built against the state reached so far, shared by
 * the decider's property test and the runtime's live-versus-rebuild test.
 */
import fc from "fast-check"
import type { User } from "../../engine/actor-kind.ts"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import type { CanvasState } from "./decider.ts"
import { canvasKind } from "./index.ts"

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
  fc.record({ kind: fc.constant("stroke"), tool: fc.constantFrom("pen", "marker", "highlighter"), colour, width: fc.constantFrom(1, 4, 0), points: fc.array(point, { maxLength: 8 }) }),
  fc.record({ kind: fc.constant("shape"), shape: fc.constantFrom("rectangle", "ellipse", "arrow"), colour }),
  fc.record({ kind: fc.constant("text"), text: fc.string({ maxLength: 20 }), colour, fontSize: fc.constantFrom(12, 24) }),
)

export const recipe = fc.record({
  action: fc.constantFrom("create", "add", "add", "add", "move", "update", "remove", "privacy", "share", "revoke"),
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
  // Half the steps come from the owner, so most commands get past the access rules.
  const user = users[r.user < 5 ? 0 : r.user - 5]!
  const elementId = state.elements[r.pick]?.id ?? `missing-${r.pick}`
  const memberId = ["member-1", "member-2", "fac-1", "owner-1"][r.pick % 4]!
  const command = (() => {
    switch (r.action) {
      case "create":
        return { type: "create", title: r.text ?? "", privacy: r.privacy }
      case "add":
        return { type: "addElement", element: { ...r.element, x: r.x, y: r.y, w: r.size, h: r.size } }
      case "move":
        return { type: "moveElement", elementId, x: r.x, y: r.y }
      case "update": {
        const changes = { ...(r.text !== null ? { text: r.text } : {}), ...(r.colour !== null ? { colour: r.colour } : {}), ...(r.pick % 2 ? { w: r.size } : {}) }
        return { type: "updateElement", elementId, changes }
      }
      case "remove":
        return { type: "removeElement", elementId }
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
}
