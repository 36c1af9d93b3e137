/**
 * The journal decider: the owner writes, edits and deletes entries. Tags are
 * kept once each, in the order first written.
 */
import { isRejection, reject, type CommandContext, type EventEnvelope, type Rejection } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { sameTenant } from "../shared.ts"
import { MAX_ENTRIES, type EntryChanges, type JournalCommand, type JournalEvent } from "./protocol.ts"
import { isOwner, mayCreate } from "./rules.ts"

export interface Entry {
  readonly id: string
  readonly title: string
  readonly body: string
  readonly tags: readonly string[]
  readonly mood: number | null
  readonly sessionId: string | null
  readonly prompt: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

export interface JournalState {
  readonly tenant: string
  readonly id: string
  readonly exists: boolean
  readonly ownerId: string
  /** Oldest first. */
  readonly entries: readonly Entry[]
  readonly createdAt: number | null
}

type Decision = readonly JournalEvent[] | Rejection
type Handler<T extends JournalCommand["type"]> = (
  state: JournalState,
  command: Extract<JournalCommand, { type: T }>,
  ctx: CommandContext,
) => Decision

export const initialState = (addr: Address): JournalState => ({
  tenant: addr.tenant,
  id: addr.id,
  exists: false,
  ownerId: "",
  entries: [],
  createdAt: null,
})

const uniqueTags = (tags: readonly string[]): string[] => [...new Set(tags)]

const ownedEntry = (state: JournalState, ctx: CommandContext, entryId: string): Entry | Rejection => {
  if (!isOwner(state, ctx.user)) return reject("forbidden", "only the journal's owner may change it")
  return state.entries.find((entry) => entry.id === entryId) ?? reject("not_found", `no entry ${entryId} in this journal`)
}

const create: Handler<"create"> = (state, _command, ctx) => {
  if (state.exists) return reject("conflict", "this journal already exists")
  if (!mayCreate(state, ctx.user)) return reject("forbidden", "a journal's id is its owner's user id: open journal/<your user id>")
  return [{ type: "created", ownerId: ctx.user.id }]
}

const writeEntry: Handler<"writeEntry"> = (state, command, ctx) => {
  if (!isOwner(state, ctx.user)) return reject("forbidden", "only the journal's owner may write in it")
  if (state.entries.length >= MAX_ENTRIES) return reject("conflict", `the journal is full (${MAX_ENTRIES} entries); delete some first`)
  return [
    {
      type: "entryWritten",
      entryId: ctx.newId(),
      title: command.title,
      body: command.body,
      tags: uniqueTags(command.tags ?? []),
      mood: command.mood ?? null,
      sessionId: command.sessionId ?? null,
      prompt: command.prompt ?? null,
    },
  ]
}

const editEntry: Handler<"editEntry"> = (state, command, ctx) => {
  const entry = ownedEntry(state, ctx, command.entryId)
  if (isRejection(entry)) return entry
  const requested: EntryChanges = command.changes.tags ? { ...command.changes, tags: uniqueTags(command.changes.tags) } : command.changes
  const given = Object.entries(requested).filter(([, value]) => value !== undefined)
  if (given.length === 0) return reject("invalid_command", "changes must name at least one of title, body, tags, mood")
  const current = entry as unknown as Record<string, unknown>
  const same = (field: string, value: unknown) =>
    Array.isArray(value) ? JSON.stringify(value) === JSON.stringify(current[field]) : current[field] === value
  const changes = Object.fromEntries(given.filter(([field, value]) => !same(field, value))) as EntryChanges
  return Object.keys(changes).length === 0 ? [] : [{ type: "entryEdited", entryId: entry.id, changes }]
}

const deleteEntry: Handler<"deleteEntry"> = (state, command, ctx) => {
  const entry = ownedEntry(state, ctx, command.entryId)
  if (isRejection(entry)) return entry
  return [{ type: "entryDeleted", entryId: entry.id }]
}

export const decide = (state: JournalState, command: JournalCommand, ctx: CommandContext): Decision => {
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no journal ${state.id} in your tenant`)
  if (command.type === "create") return create(state, command, ctx)
  if (!state.exists) return reject("not_found", `journal ${state.id} does not exist; create it first`)
  switch (command.type) {
    case "writeEntry":
      return writeEntry(state, command, ctx)
    case "editEntry":
      return editEntry(state, command, ctx)
    case "deleteEntry":
      return deleteEntry(state, command, ctx)
    default:
      return command satisfies never
  }
}

export const evolve = (state: JournalState, event: JournalEvent, envelope: EventEnvelope): JournalState => {
  switch (event.type) {
    case "created":
      return { ...state, exists: true, ownerId: event.ownerId, createdAt: envelope.at }
    case "entryWritten": {
      const { type: _type, entryId, ...fields } = event
      return { ...state, entries: [...state.entries, { id: entryId, ...fields, createdAt: envelope.at, updatedAt: envelope.at }] }
    }
    case "entryEdited":
      return {
        ...state,
        entries: state.entries.map((entry) => (entry.id === event.entryId ? { ...entry, ...event.changes, updatedAt: envelope.at } : entry)),
      }
    case "entryDeleted":
      return { ...state, entries: state.entries.filter((entry) => entry.id !== event.entryId) }
    default:
      return event satisfies never
  }
}
