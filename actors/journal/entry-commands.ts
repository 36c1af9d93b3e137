/**
 * Writing, editing and deleting entries, and settling conflicts. An edit
 * names the op id of the text it was made on (`base`); when someone else
 * changed that text since, the edit's text is kept beside it as a conflict
 * instead of replacing it. Other fields merge: mood is the last one written,
 * tags added and removed on different devices all apply. An offline edit of
 * an entry deleted meanwhile keeps its text as an orphan.
 */
import { reject, type CommandContext, type Handler, type Rejection } from "../../engine/actor-kind.ts"
import { MAX_BODY, MAX_COACHES, MAX_CONFLICTS, MAX_ENTRIES } from "./limits.ts"
import type { EntryChanges, JournalCommand, JournalEvent, TextField } from "./protocol.ts"
import { docProblem, plainText } from "./doc-text.ts"
import type { Doc } from "./rich-text.ts"
import { isOwner } from "./rules.ts"
import { entryById, type Entry, type JournalState } from "./state.ts"

/** `op`: the device op id when the command came from an offline device. */
export type JournalHandler<T extends JournalCommand["type"]> = Handler<JournalState, JournalCommand, JournalEvent, T, [op: string | undefined]>

const withOp = (op: string | undefined) => (op === undefined ? {} : { op })
const uniqueTags = (tags: readonly string[]): string[] => [...new Set(tags)]
const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b)

export const ownerOnly = (state: JournalState, ctx: CommandContext): Rejection | undefined =>
  isOwner(state, ctx.user) ? undefined : reject("forbidden", "only the journal's owner may change it")

/** Only the owner changes a journal, and nobody once it has moved to another account. */
export const needsOwner = (state: JournalState, ctx: CommandContext): Rejection | undefined =>
  ownerOnly(state, ctx) ??
  (state.move ? reject("conflict", `this journal moved to journal/${state.move.to} (the account made from it); write there`) : undefined)

/** The body as an event carries it: plain text always (search and older readers), the document when one was given. */
const bodyOf = (body: string | undefined, doc: Doc | undefined): { body?: string; doc?: Doc } | Rejection | undefined => {
  if (body !== undefined && doc !== undefined) return reject("invalid_command", "send the body as plain text or as a doc, not both")
  if (doc === undefined) return body === undefined ? undefined : { body }
  const problem = docProblem(doc, MAX_BODY)
  return problem ? reject("invalid_command", problem) : { body: plainText(doc), doc }
}

export const writeEntry: JournalHandler<"writeEntry"> = (state, command, ctx, op) => {
  const refused = needsOwner(state, ctx)
  if (refused) return refused
  if (state.entries.length >= MAX_ENTRIES) return reject("conflict", `the journal is full (${MAX_ENTRIES} entries); delete some first`)
  // A guest's journal is the journal of the one session it joined.
  const guestSession = ctx.user.session
  if (guestSession !== undefined && command.sessionId !== undefined && command.sessionId !== guestSession) {
    return reject("forbidden", `a guest writes only for its own session (${guestSession})`)
  }
  const text = bodyOf(command.body, command.doc) ?? { body: "" }
  if ("rejected" in text) return text
  if (command.entryId !== undefined && (entryById(state, command.entryId) || state.deletedIds.includes(command.entryId))) {
    return reject("conflict", `entry ${command.entryId} already exists or was deleted; choose a new id`)
  }
  return [
    {
      type: "entryWritten",
      entryId: command.entryId ?? ctx.newId(),
      title: command.title,
      body: text.body ?? "",
      tags: uniqueTags(command.tags ?? []),
      mood: command.mood ?? null,
      sessionId: command.sessionId ?? null,
      prompt: command.prompt ?? null,
      ...(text.doc ? { doc: text.doc } : {}),
      ...withOp(op),
    },
  ]
}

type TextValue = { readonly title?: string; readonly body?: string; readonly doc?: Doc }

const sameText = (entry: Entry, field: TextField, value: TextValue) =>
  field === "title"
    ? entry.title === value.title
    : value.doc !== undefined
      ? sameList(entry.doc, value.doc) && entry.body === value.body
      : entry.body === value.body

/**
 * One text field of an edit against the entry: applied when made on the
 * current text, an update of the writer's own conflict when made on it, a
 * conflict otherwise. Online edits without a base simply apply.
 */
const mergeText = (
  entry: Entry,
  field: TextField,
  value: TextValue,
  base: string | undefined,
  op: string | undefined,
  newConflictId: () => string,
) => {
  const unchanged = sameText(entry, field, value)
  if (base === undefined || base === entry.fieldOps[field] || unchanged) {
    // A device's write is recorded even when the text is the same, so its next edit finds its op as the base.
    return unchanged && op === undefined ? { kind: "none" as const } : { kind: "apply" as const }
  }
  const own = entry.conflicts.find((conflict) => conflict.id === base && conflict.field === field)
  return { kind: "conflict" as const, conflictId: op ?? newConflictId(), ...(own ? { replaces: own.id } : {}) }
}

export const editEntry: JournalHandler<"editEntry"> = (state, command, ctx, op) => {
  const refused = needsOwner(state, ctx)
  if (refused) return refused
  const { title, body, doc, tags, mood } = command.changes
  const text = bodyOf(body, doc)
  if (text && "rejected" in text) return text
  const changes: EntryChanges = {
    ...(title !== undefined ? { title } : {}),
    ...text,
    ...(tags !== undefined ? { tags } : {}),
    ...(mood !== undefined ? { mood } : {}),
  }
  if (Object.keys(changes).length === 0 && !command.addTags?.length && !command.removeTags?.length) {
    return reject("invalid_command", "changes must name at least one of title, body, doc, tags, mood, or tags to add or remove")
  }
  const entry = entryById(state, command.entryId)
  if (!entry) {
    if (!state.deletedIds.includes(command.entryId)) return reject("not_found", `no entry ${command.entryId} in this journal`)
    if (op === undefined) return reject("conflict", `entry ${command.entryId} was deleted`)
    return [{ type: "editOrphaned", entryId: command.entryId, orphanId: op, changes, op }]
  }

  const applied: { -readonly [K in keyof EntryChanges]: EntryChanges[K] } = {}
  const conflicts: JournalEvent[] = []
  const textFields: [TextField, TextValue | undefined][] = [
    ["title", title !== undefined ? { title } : undefined],
    ["body", text],
  ]
  for (const [field, value] of textFields) {
    if (!value) continue
    const merged = mergeText(entry, field, value, command.base?.[field], op, () => `c-${ctx.newId()}`)
    if (merged.kind === "apply") Object.assign(applied, value)
    if (merged.kind === "conflict") {
      if (!merged.replaces && entry.conflicts.length >= MAX_CONFLICTS)
        return reject("conflict", `entry ${entry.id} holds ${MAX_CONFLICTS} unresolved conflicts; resolve some first`)
      conflicts.push({
        type: "conflictRecorded",
        entryId: entry.id,
        field,
        conflictId: merged.conflictId,
        value,
        ...(merged.replaces ? { replaces: merged.replaces } : {}),
        ...withOp(op),
      })
    }
  }
  const nextTags = uniqueTags([...(tags ?? entry.tags), ...(command.addTags ?? [])]).filter((tag) => !(command.removeTags ?? []).includes(tag))
  if (!sameList(nextTags, entry.tags)) applied.tags = nextTags
  if (mood !== undefined && mood !== entry.mood) applied.mood = mood
  const edited: JournalEvent[] = Object.keys(applied).length > 0 ? [{ type: "entryEdited", entryId: entry.id, changes: applied, ...withOp(op) }] : []
  return [...edited, ...conflicts]
}

/**
 * Deleting an entry withdraws every coach's consent first, so a coach is
 * told the entry is gone. A device's delete names what it saw; an entry
 * changed since is kept rather than deleted with text its writer never saw.
 */
export const deleteEntry: JournalHandler<"deleteEntry"> = (state, command, ctx, op) => {
  const refused = needsOwner(state, ctx)
  if (refused) return refused
  const entry = entryById(state, command.entryId)
  if (!entry) return state.deletedIds.includes(command.entryId) ? [] : reject("not_found", `no entry ${command.entryId} in this journal`)
  const seen = command.base
  if (
    seen &&
    (seen.title !== entry.fieldOps.title || seen.body !== entry.fieldOps.body || entry.conflicts.some((c) => !seen.conflictIds.includes(c.id)))
  ) {
    return reject(
      "conflict",
      `entry ${entry.id} changed on another device after this delete was made, so it was kept; delete it again if you still mean to`,
    )
  }
  return [
    ...entry.coaches.map((coachId): JournalEvent => ({ type: "consentWithdrawn", entryId: entry.id, coachId })),
    { type: "entryDeleted", entryId: entry.id, ...withOp(op) },
  ]
}

/**
 * Settles the conflicts the writer saw (`conflictIds`) with one text. When
 * the text moved on since (`base`) or the conflicts were already settled
 * elsewhere, the chosen text is kept as a new conflict rather than lost.
 */
export const resolveConflict: JournalHandler<"resolveConflict"> = (state, command, ctx, op) => {
  const refused = needsOwner(state, ctx)
  if (refused) return refused
  const value = command.field === "title" ? (command.title === undefined ? undefined : { title: command.title }) : bodyOf(command.body, command.doc)
  if (!value)
    return reject("invalid_command", `resolving the ${command.field} needs the ${command.field === "title" ? "title" : "body or doc"} to keep`)
  if ("rejected" in value) return value
  const entry = entryById(state, command.entryId)
  if (!entry) {
    if (op === undefined || !state.deletedIds.includes(command.entryId)) return reject("not_found", `no entry ${command.entryId} in this journal`)
    return [{ type: "editOrphaned", entryId: command.entryId, orphanId: op, changes: value, op }]
  }
  const settled = entry.conflicts.filter((conflict) => conflict.field === command.field && command.conflictIds.includes(conflict.id))
  const stale = command.base !== undefined && command.base !== entry.fieldOps[command.field]
  if (settled.length === 0 || stale) {
    if (sameText(entry, command.field, value)) return []
    if (entry.conflicts.length >= MAX_CONFLICTS)
      return reject("conflict", `entry ${entry.id} holds ${MAX_CONFLICTS} unresolved conflicts; resolve some first`)
    return [{ type: "conflictRecorded", entryId: entry.id, field: command.field, conflictId: op ?? `c-${ctx.newId()}`, value, ...withOp(op) }]
  }
  return [
    { type: "entryEdited", entryId: entry.id, changes: value, ...withOp(op) },
    { type: "conflictsResolved", entryId: entry.id, field: command.field, conflictIds: settled.map((conflict) => conflict.id), ...withOp(op) },
  ]
}

export const dismissOrphan: JournalHandler<"dismissOrphan"> = (state, command, ctx) =>
  needsOwner(state, ctx) ??
  (state.orphans.some((orphan) => orphan.id === command.orphanId)
    ? [{ type: "orphanDismissed", orphanId: command.orphanId }]
    : reject("not_found", `no orphaned edit ${command.orphanId}`))

export const grantConsent: JournalHandler<"grantConsent"> = (state, command, ctx) => {
  const refused = needsOwner(state, ctx)
  if (refused) return refused
  const entry = entryById(state, command.entryId)
  if (!entry) return reject("not_found", `no entry ${command.entryId} in this journal`)
  if (command.coachId === state.ownerId) return reject("invalid_command", "you already read your own entries")
  if (entry.coaches.includes(command.coachId)) return []
  if (entry.coaches.length >= MAX_COACHES) return reject("conflict", `an entry can be shown to at most ${MAX_COACHES} coaches`)
  return [{ type: "consentGiven", entryId: entry.id, coachId: command.coachId }]
}

export const withdrawConsent: JournalHandler<"withdrawConsent"> = (state, command, ctx) => {
  const refused = needsOwner(state, ctx)
  if (refused) return refused
  const entry = entryById(state, command.entryId)
  if (!entry) return reject("not_found", `no entry ${command.entryId} in this journal`)
  return entry.coaches.includes(command.coachId) ? [{ type: "consentWithdrawn", entryId: entry.id, coachId: command.coachId }] : []
}
