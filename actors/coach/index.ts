/** The `coach/<user id>` actor: one user's conversations with the AI coach, with answers, citations, usage and feedback. */
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decide, evolve, initialState, type CoachState } from "./decider.ts"
import { CoachCommand, CoachEvent } from "./protocol.ts"
import { canRead } from "./rules.ts"

export const coachKind = defineActorKind<CoachState, CoachCommand, CoachEvent>({
  kind: "coach",
  commandSchema: CoachCommand,
  eventSchema: CoachEvent,
  initialState,
  decide,
  evolve,
  canRead,
})

export type { CoachAnswer, CoachState, CoachTurn } from "./decider.ts"
export { isAsker, isGuest } from "./rules.ts"
export type { CoachUsage } from "./usage.ts"
export * from "./protocol.ts"
