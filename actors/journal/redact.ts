/**
 * What each reader of a journal receives. The owner sees everything. A
 * coach sees only the entries shared with them: their text, tags, mood and
 * session context, never conflicts, devices, orphans or other coaches. When
 * consent is given, the coach's copy of the event carries the entry itself;
 * when it is withdrawn, the coach is told, and nothing more of that entry
 * reaches them.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { JournalEvent } from "./protocol.ts"
import type { Doc } from "./rich-text.ts"
import { canReadEntry, entriesSharedWith, isOwner } from "./rules.ts"
import { entryById, type Entry, type EntryContent, type JournalState } from "./state.ts"

export type SharedEntry = EntryContent

/** A journal as a coach sees it. */
export interface SharedJournal {
  readonly id: string
  readonly ownerId: string
  readonly entries: readonly SharedEntry[]
}

export const sharedEntry = (entry: Entry): SharedEntry => ({
  id: entry.id,
  title: entry.title,
  body: entry.body,
  doc: entry.doc,
  tags: entry.tags,
  mood: entry.mood,
  sessionId: entry.sessionId,
  prompt: entry.prompt,
  createdAt: entry.createdAt,
  updatedAt: entry.updatedAt,
})

export const redactEvent = (state: JournalState, event: JournalEvent, user: User): JournalEvent | undefined => {
  if (isOwner(state, user)) return event
  const entry = "entryId" in event ? entryById(state, event.entryId) : undefined
  switch (event.type) {
    case "consentGiven":
      // The coach's view carries the entry, so a live coach needs no second request to read it.
      return event.coachId === user.id && entry && canReadEntry(state, entry, user)
        ? ({ ...event, entry: sharedEntry(entry) } as JournalEvent)
        : undefined
    case "consentWithdrawn":
      return event.coachId === user.id ? event : undefined
    case "entryEdited":
      return entry && canReadEntry(state, entry, user) ? { type: "entryEdited", entryId: event.entryId, changes: event.changes } : undefined
    default:
      return undefined
  }
}

export const redactState = (state: JournalState, user: User): JournalState | SharedJournal | undefined => {
  if (isOwner(state, user)) return state
  const shared = entriesSharedWith(state, user)
  return shared.length === 0 ? undefined : { id: state.id, ownerId: state.ownerId, entries: shared.map(sharedEntry) }
}
