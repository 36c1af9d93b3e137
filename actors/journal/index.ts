/** The `journal/<user id>` actor: a participant's journal, shown to a coach entry by entry with consent. */
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decide, evolve, initialState, type JournalState } from "./decider.ts"
import { JournalCommand, JournalEvent } from "./protocol.ts"
import { redactEvent, redactState } from "./redact.ts"
import { canRead } from "./rules.ts"

export const journalKind = defineActorKind<JournalState, JournalCommand, JournalEvent>({
  kind: "journal",
  commandSchema: JournalCommand,
  eventSchema: JournalEvent,
  initialState,
  decide,
  evolve,
  canRead,
  redactEvent,
  redactState,
})

export type { Conflict, Entry, JournalState, Orphan } from "./decider.ts"
export type { EntryContent } from "./state.ts"
export { canRead, canReadEntry, entriesSharedWith, isOwner } from "./rules.ts"
export { redactEvent, redactState, sharedEntry, type SharedEntry, type SharedJournal } from "./redact.ts"
export * from "./rich-text.ts"
export * from "./protocol.ts"
