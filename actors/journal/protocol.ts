/**
 * The journal actor's wire protocol (`journal/<user id>`): one personal
 * journal per participant, which only its owner reads.
 */
import { Schema } from "effect"
import { Id, NonEmptyText, Text } from "../shared.ts"

export const MAX_TITLE = 200
export const MAX_BODY = 10_000
export const MAX_TAGS = 20
export const MAX_TAG = 40
export const MAX_PROMPT = 500
export const MAX_ENTRIES = 1_000

/** 1 (low) to 5 (high): a number, so insights can average it. */
export const Mood = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))
export const Tags = Schema.Array(NonEmptyText(MAX_TAG)).check(Schema.isMaxLength(MAX_TAGS))

export const EntryChanges = Schema.Struct({
  title: Schema.optionalKey(Text(MAX_TITLE)),
  body: Schema.optionalKey(Text(MAX_BODY)),
  tags: Schema.optionalKey(Tags),
  /** null clears the mood. */
  mood: Schema.optionalKey(Schema.NullOr(Mood)),
})
export type EntryChanges = typeof EntryChanges.Type

// Commands

export const CreateJournal = Schema.Struct({ type: Schema.Literal("create") })

export const WriteEntry = Schema.Struct({
  type: Schema.Literal("writeEntry"),
  title: Text(MAX_TITLE),
  body: Text(MAX_BODY),
  tags: Schema.optionalKey(Tags),
  mood: Schema.optionalKey(Mood),
  /** The session the entry was written in, and the prompt it answers. */
  sessionId: Schema.optionalKey(Id),
  prompt: Schema.optionalKey(Text(MAX_PROMPT)),
})

export const EditEntry = Schema.Struct({ type: Schema.Literal("editEntry"), entryId: Id, changes: EntryChanges })
export const DeleteEntry = Schema.Struct({ type: Schema.Literal("deleteEntry"), entryId: Id })

export const JournalCommand = Schema.Union([CreateJournal, WriteEntry, EditEntry, DeleteEntry])
export type JournalCommand = typeof JournalCommand.Type

// Events

export const JournalCreated = Schema.Struct({ type: Schema.Literal("created"), ownerId: Id })

export const EntryWritten = Schema.Struct({
  type: Schema.Literal("entryWritten"),
  entryId: Id,
  title: Text(MAX_TITLE),
  body: Text(MAX_BODY),
  tags: Tags,
  mood: Schema.NullOr(Mood),
  sessionId: Schema.NullOr(Id),
  prompt: Schema.NullOr(Text(MAX_PROMPT)),
})

export const EntryEdited = Schema.Struct({ type: Schema.Literal("entryEdited"), entryId: Id, changes: EntryChanges })
export const EntryDeleted = Schema.Struct({ type: Schema.Literal("entryDeleted"), entryId: Id })

export const JournalEvent = Schema.Union([JournalCreated, EntryWritten, EntryEdited, EntryDeleted])
export type JournalEvent = typeof JournalEvent.Type
