/**
 * Seeded random session commands built against the state reached so far, shared by
 * the decider's property test and the runtime's live-versus-rebuild test.
 */
import fc from "fast-check"
import type { User } from "../../engine/actor-kind.ts"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import type { SessionState } from "./decider.ts"
import { PHASES, sessionKind } from "./index.ts"

export const users: readonly User[] = [
  testUser("fac-1", ["facilitator"]),
  testUser("admin-1", ["admin"]),
  testUser("part-1"),
  testUser("part-2"),
  testUser("part-3"),
  testUser("stranger", ["facilitator"], "tenant-2"),
]

export const recipe = fc.record({
  action: fc.oneof(
    { arbitrary: fc.constantFrom("create", "leave", "lock", "unlock"), weight: 8 },
    { arbitrary: fc.constantFrom("join", "advance"), weight: 8 },
    { arbitrary: fc.constantFrom("end", "garbage"), weight: 1 },
  ),
  // Facilitator-only commands mostly come from the facilitator, or few would get past the rules.
  asFacilitator: fc.boolean(),
  user: fc.nat({ max: users.length - 1 }),
  rightCode: fc.boolean(),
  from: fc.option(fc.constantFrom(...PHASES)),
  title: fc.string({ minLength: 0, maxLength: 12 }),
})
export type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never

export const build = (r: Recipe, state: SessionState) => {
  const facilitatorAction = !["join", "leave"].includes(r.action)
  const user = facilitatorAction && r.asFacilitator ? users[0]! : users[r.user]!
  const command = (() => {
    switch (r.action) {
      case "create":
        return { type: "create", title: r.title }
      case "join":
        return { type: "join", joinCode: r.rightCode ? state.joinCode : "ZZZ999", displayName: r.title }
      case "leave":
        return { type: "leave" }
      case "advance":
        return r.rightCode ? { type: "advancePhase" } : { type: "advancePhase", from: r.from }
      case "end":
        return { type: "end" }
      case "lock":
        return { type: "lock" }
      case "unlock":
        return { type: "unlock" }
      default:
        return { type: "join", joinCode: r.title }
    }
  })()
  return { command, user }
}

export const invariant = (state: SessionState) => {
  const ids = state.participants.map((participant) => participant.userId)
  if (new Set(ids).size !== ids.length) throw new Error(`a participant is listed twice: ${ids}`)
  if (ids.some((id) => state.facilitators.includes(id))) throw new Error("a facilitator is also listed as a participant")
  if (state.phase !== null && !state.phases.includes(state.phase)) throw new Error(`phase ${state.phase} is not in the journey`)
  if ((state.status === "ended") !== (state.endedAt !== null)) throw new Error("endedAt disagrees with status")
}
