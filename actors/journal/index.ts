/** The `journal/<user id>` actor: a participant's private journal. */
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decide, evolve, initialState, type JournalState } from "./decider.ts"
import { JournalCommand, JournalEvent } from "./protocol.ts"
import { canRead } from "./rules.ts"

export const journalKind = defineActorKind<JournalState, JournalCommand, JournalEvent>({
  kind: "journal",
  commandSchema: JournalCommand,
  eventSchema: JournalEvent,
  initialState,
  decide,
  evolve,
  canRead,
})

export type { Entry, JournalState } from "./decider.ts"
export * from "./protocol.ts"
