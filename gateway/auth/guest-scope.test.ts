/**
 * The guest bound as a property: a guest's token names its session, any
 * canvas (the canvas actor then keeps it to its session's), and its own
 * journal; every other address, another guest's or a member's journal
 * included, is refused. Members are never refused here.
 */
import fc from "fast-check"
import { expect, it } from "vitest"
import { propertyParameters } from "../../engine/testing/random.ts"
import { guestRefusal, scopedUser } from "./guest-scope.ts"

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/)
const kind = fc.constantFrom("session", "canvas", "journal", "journey", "organization", "library", "deck")

it("a guest names its session, canvases and its own journal, and nothing else; a member is never refused", () => {
  fc.assert(
    fc.property(id, id, kind, id, fc.boolean(), (guestId, sessionId, wireKind, wireId, ownId) => {
      const scope = `session/${sessionId}`
      const guest = { user: scopedUser({ id: `guest-${guestId}`, tenant: "t1", roles: ["guest"] }, scope), scope }
      const wire = `${wireKind}/${ownId && wireKind === "journal" ? guest.user.id : wireId}`
      const allowed = wire === scope || wireKind === "canvas" || wire === `journal/${guest.user.id}`
      expect(guestRefusal(guest, wire) === undefined, wire).toBe(allowed)
      expect(guestRefusal({ user: { id: `guest-${guestId}`, tenant: "t1", roles: ["participant"] } }, wire)).toBeUndefined()
    }),
    propertyParameters("guest scope", { numRuns: 500 }),
  )
})

it("a guest of one session may not name another guest's journal, even of the same session", () => {
  const scope = "session/s-1"
  const a = { user: scopedUser({ id: "guest-a", tenant: "t1", roles: ["guest"] }, scope), scope }
  expect(guestRefusal(a, "journal/guest-a")).toBeUndefined()
  expect(guestRefusal(a, "journal/guest-b")).toMatch(/its own journal/)
  expect(guestRefusal(a, "journal/u-demo-participant1")).toMatch(/its own journal/)
  expect(guestRefusal(a, "session/s-2")).toBeDefined()
})
