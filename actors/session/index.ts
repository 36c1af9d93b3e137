/** The `session/<id>` actor: one live run of a journey. */
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decide, evolve, initialState, type SessionState } from "./decider.ts"
import { SessionCommand, SessionEvent } from "./protocol.ts"
import { redactEvent, redactState } from "./redact.ts"
export { viewRulesChanged } from "./redact.ts"
import { canRead } from "./rules.ts"

export const sessionKind = defineActorKind<SessionState, SessionCommand, SessionEvent>({
  kind: "session",
  commandSchema: SessionCommand,
  eventSchema: SessionEvent,
  initialState,
  decide,
  evolve,
  canRead,
  redactEvent,
  redactState,
})

export type { Attendance, Ballot, Breakout, CoFacilitator, Draw, Participant, Pick, Poll, SessionState, TimelineEntry, Timer } from "./state.ts"
export { cardsInView, drawPool, replayDraw } from "./cards.ts"
export * from "./protocol.ts"
