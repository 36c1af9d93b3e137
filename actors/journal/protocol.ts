/**
 * The journal actor's wire protocol (`journal/<user id>`): one personal
 * journal per participant. Entries carry a plain-text `body` (what search
 * indexes and older readers use) and, since rich text, a `doc` (see
 * rich-text.ts); events written before it lack `doc` and still decode.
 *
 * Offline devices send their operations with `sync: {device, op}`, op
 * numbers counting from 1 per device; the journal applies each device's
 * operations once and in order (see sync.ts), and events they produce carry
 * `op` ("<device>.<n>") so every replica can tell which text it last saw.
 */
import { Schema } from "effect"
import { Id, NonEmptyText, Text } from "../shared.ts"
import { Doc } from "./rich-text.ts"

import { MAX_BODY, MAX_CONFLICTS, MAX_IMPORT_BATCH, MAX_PROMPT, MAX_SYNC_BATCH, MAX_TAG, MAX_TAGS, MAX_TITLE } from "./limits.ts"

export * from "./limits.ts"

/** 1 (low) to 5 (high): a number, so insights can average it. */
export const Mood = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))
export const Tags = Schema.Array(NonEmptyText(MAX_TAG)).check(Schema.isMaxLength(MAX_TAGS))
/** "<device>.<n>" for a device's operation, "s<seq>" for a change made online. */
export const OpId = Schema.String.check(Schema.isMaxLength(80))
export const TextField = Schema.Literals(["title", "body"])
export type TextField = typeof TextField.Type

export const Sync = Schema.Struct({ device: Id, op: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 2 ** 40 })) })
export type Sync = typeof Sync.Type

export const EntryChanges = Schema.Struct({
  title: Schema.optionalKey(Text(MAX_TITLE)),
  /** Plain text; becomes one paragraph per line. */
  body: Schema.optionalKey(Text(MAX_BODY)),
  doc: Schema.optionalKey(Doc),
  tags: Schema.optionalKey(Tags),
  /** null clears the mood. */
  mood: Schema.optionalKey(Schema.NullOr(Mood)),
})
export type EntryChanges = typeof EntryChanges.Type

// Commands

const command = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

export const WriteEntry = command("writeEntry", {
  title: Text(MAX_TITLE),
  body: Schema.optionalKey(Text(MAX_BODY)),
  doc: Schema.optionalKey(Doc),
  tags: Schema.optionalKey(Tags),
  mood: Schema.optionalKey(Mood),
  /** The session the entry was written in, and the prompt it answers. */
  sessionId: Schema.optionalKey(Id),
  prompt: Schema.optionalKey(Text(MAX_PROMPT)),
  /** Chosen by an offline device so a replay names the same entry; otherwise given by the journal. */
  entryId: Schema.optionalKey(Id),
  sync: Schema.optionalKey(Sync),
})

export const EditEntry = command("editEntry", {
  entryId: Id,
  changes: EntryChanges,
  /** Tags to add and remove, merged with other devices' changes instead of replacing the list. */
  addTags: Schema.optionalKey(Tags),
  removeTags: Schema.optionalKey(Tags),
  /** The op id of the title and body this edit was made on; a text changed since by someone else is a conflict, not overwritten. */
  base: Schema.optionalKey(Schema.Struct({ title: Schema.optionalKey(OpId), body: Schema.optionalKey(OpId) })),
  sync: Schema.optionalKey(Sync),
})

export const DeleteEntry = command("deleteEntry", {
  entryId: Id,
  /** What the deleting device saw: when the texts moved on or a conflict arrived since, the entry is kept. */
  base: Schema.optionalKey(Schema.Struct({ title: OpId, body: OpId, conflictIds: Schema.Array(OpId).check(Schema.isMaxLength(MAX_CONFLICTS)) })),
  sync: Schema.optionalKey(Sync),
})

/** Settles a conflict: the text becomes `title` or `doc`/`body`, and the field's kept alternatives go. */
export const ResolveConflict = command("resolveConflict", {
  entryId: Id,
  field: TextField,
  title: Schema.optionalKey(Text(MAX_TITLE)),
  body: Schema.optionalKey(Text(MAX_BODY)),
  doc: Schema.optionalKey(Doc),
  /** The conflicts the writer saw and settles; any that arrived since stay. */
  conflictIds: Schema.Array(OpId).check(Schema.isMaxLength(MAX_CONFLICTS)),
  /** The op id of the text the writer saw; if it moved on since, the choice is kept as a conflict instead. */
  base: Schema.optionalKey(OpId),
  sync: Schema.optionalKey(Sync),
})

/** A text alternative kept beside the entry's text, because it was written on a version someone else had changed. */
export const ConflictValue = Schema.Struct({
  title: Schema.optionalKey(Text(MAX_TITLE)),
  body: Schema.optionalKey(Text(MAX_BODY)),
  doc: Schema.optionalKey(Doc),
})

const Millis = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 2 ** 48 }))

/** One entry as it moves from another journal: its content, its times, and the text alternatives still unsettled. */
export const ImportedEntry = Schema.Struct({
  entryId: Id,
  title: Text(MAX_TITLE),
  body: Text(MAX_BODY),
  doc: Schema.optionalKey(Doc),
  tags: Tags,
  mood: Schema.NullOr(Mood),
  sessionId: Schema.NullOr(Id),
  prompt: Schema.NullOr(Text(MAX_PROMPT)),
  createdAt: Millis,
  updatedAt: Millis,
  conflicts: Schema.optionalKey(
    Schema.Array(Schema.Struct({ id: OpId, field: TextField, value: ConflictValue })).check(Schema.isMaxLength(MAX_CONFLICTS)),
  ),
})
export type ImportedEntry = typeof ImportedEntry.Type

/** The commands an offline device records as operations (each with `sync`). */
export const DeviceOp = Schema.Union([WriteEntry, EditEntry, DeleteEntry, ResolveConflict])
export type DeviceOp = typeof DeviceOp.Type

export const JournalCommand = Schema.Union([
  command("create", {}),
  WriteEntry,
  EditEntry,
  DeleteEntry,
  ResolveConflict,
  /**
   * A device's operations in their order, as one command: each is decided as
   * if it came alone (replays decide nothing, refusals are consumed as
   * `syncRefused`), so a device back from a day offline catches up in a few
   * round trips instead of one per operation. Every op carries `sync`.
   */
  command("syncOps", { ops: Schema.Array(DeviceOp).check(Schema.isMinLength(1), Schema.isMaxLength(MAX_SYNC_BATCH)) }),
  command("dismissOrphan", { orphanId: OpId }),
  command("grantConsent", { entryId: Id, coachId: Id }),
  command("withdrawConsent", { entryId: Id, coachId: Id }),
  /**
   * Moving a journal to another account (a guest keeping its journal, POST
   * /api/guests/account), sent by the gateway alone: `startMove` closes this
   * journal to every change and withdraws every consent; `importEntries`
   * copies entries into the new owner's journal (creating it), skipping any
   * it already holds or deleted, so a retry adds nothing twice;
   * `finishMove` then empties this one.
   */
  command("startMove", { to: Id }),
  command("importEntries", { from: Id, entries: Schema.Array(ImportedEntry).check(Schema.isMinLength(1), Schema.isMaxLength(MAX_IMPORT_BATCH)) }),
  command("finishMove", { to: Id }),
])
export type JournalCommand = typeof JournalCommand.Type

// Events

const event = command
const op = { op: Schema.optionalKey(OpId) }

export const EntryWritten = event("entryWritten", {
  entryId: Id,
  title: Text(MAX_TITLE),
  body: Text(MAX_BODY),
  tags: Tags,
  mood: Schema.NullOr(Mood),
  sessionId: Schema.NullOr(Id),
  prompt: Schema.NullOr(Text(MAX_PROMPT)),
  doc: Schema.optionalKey(Doc),
  /** Set when the entry moved in from another journal (`from`): when it was first written and last changed there. */
  moved: Schema.optionalKey(Schema.Struct({ from: Id, writtenAt: Millis, updatedAt: Millis })),
  ...op,
})

export const JournalEvent = Schema.Union([
  event("created", { ownerId: Id }),
  EntryWritten,
  event("entryEdited", { entryId: Id, changes: EntryChanges, ...op }),
  event("entryDeleted", { entryId: Id, ...op }),
  event("conflictRecorded", { entryId: Id, field: TextField, conflictId: OpId, value: ConflictValue, replaces: Schema.optionalKey(OpId), ...op }),
  event("conflictsResolved", { entryId: Id, field: TextField, conflictIds: Schema.Array(OpId), ...op }),
  /** An offline edit that arrived after its entry was deleted: its text is kept here until the writer dismisses it. */
  event("editOrphaned", { entryId: Id, orphanId: OpId, changes: EntryChanges, ...op }),
  event("orphanDismissed", { orphanId: OpId }),
  /** A device operation the journal could not apply; it is consumed so the device's later operations go on. */
  event("syncRefused", { code: Schema.String, message: Schema.String, op: OpId }),
  /** A device operation that changed nothing: recorded so the device's next operation is the expected one. */
  event("synced", { op: OpId }),
  event("consentGiven", { entryId: Id, coachId: Id }),
  event("consentWithdrawn", { entryId: Id, coachId: Id }),
  /** The journal is closed: its entries are moving to journal/<to>, and nothing more is written here. */
  event("moveStarted", { to: Id }),
  /** Every entry reached journal/<to> and was removed from here. */
  event("moveFinished", { to: Id }),
])
export type JournalEvent = typeof JournalEvent.Type
export type JournalEventOf<T extends JournalEvent["type"]> = Extract<JournalEvent, { type: T }>
