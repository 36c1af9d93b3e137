/**
 * The journal decider. Only the owner writes; a device's operations
 * (`sync`) are applied once each and in order: a replay decides nothing, an
 * operation ahead of the next expected one is refused (the device sends the
 * earlier ones first), and an operation the journal cannot apply is consumed
 * as `syncRefused`, so one bad operation never blocks a device.
 */
import { isRejection, reject, unknownCommand, unknownEvent, type CommandContext, type Decision, type EventEnvelope } from "../../engine/actor-kind.ts"
import { sameTenant } from "../shared-values.ts"
import * as entries from "./entry-commands.ts"
import { finishMove, importEntries, startMove } from "./move-commands.ts"
import { MAX_DEVICES, MAX_ORPHANS, opIdOf, parseOpId } from "./limits.ts"
import type { JournalCommand, JournalEvent } from "./protocol.ts"
import { docFromText, plainText } from "./doc-text.ts"
import { mayCreate } from "./rules.ts"
import { initialState, MAX_DELETED_IDS, upgradeState, type Entry, type JournalState } from "./state.ts"
import { ownEntry } from "../../engine/records.ts"

export { initialState }
export type { Conflict, Entry, JournalState, Orphan } from "./state.ts"

type SingleCommand = Exclude<JournalCommand, { type: "create" | "syncOps" | "startMove" | "importEntries" | "finishMove" }>

const decideExisting = (state: JournalState, command: SingleCommand, ctx: CommandContext, op: string | undefined): Decision<JournalEvent> => {
  switch (command.type) {
    case "writeEntry":
      return entries.writeEntry(state, command, ctx, op)
    case "editEntry":
      return entries.editEntry(state, command, ctx, op)
    case "deleteEntry":
      return entries.deleteEntry(state, command, ctx, op)
    case "resolveConflict":
      return entries.resolveConflict(state, command, ctx, op)
    case "dismissOrphan":
      return entries.dismissOrphan(state, command, ctx, op)
    case "grantConsent":
      return entries.grantConsent(state, command, ctx, op)
    case "withdrawConsent":
      return entries.withdrawConsent(state, command, ctx, op)
    default:
      return unknownCommand(command, "journal")
  }
}

const decideSynced = (state: JournalState, command: SingleCommand, ctx: CommandContext): Decision<JournalEvent> => {
  const sync = "sync" in command ? command.sync : undefined
  if (sync === undefined) return decideExisting(state, command, ctx, undefined)
  // A moved journal still consumes a device's operations (as syncRefused), so the device learns why and goes on.
  const refused = entries.ownerOnly(state, ctx)
  if (refused) return refused
  const last = ownEntry(state.devices, sync.device) ?? 0
  if (sync.op <= last) return []
  if (sync.op > last + 1) return reject("conflict", `device ${sync.device} must send op ${last + 1} before op ${sync.op}`)
  if (last === 0 && Object.keys(state.devices).length >= MAX_DEVICES) return reject("conflict", `a journal syncs with at most ${MAX_DEVICES} devices`)
  const op = opIdOf(sync)
  const decision = decideExisting(state, command, ctx, op)
  if (isRejection(decision)) return [{ type: "syncRefused", code: decision.code, message: decision.message, op }]
  return decision.some((event) => "op" in event && event.op === op) ? decision : [...decision, { type: "synced", op }]
}

/**
 * A device's operations in one command, each decided as if it came alone on
 * the state the ones before it left. A refusal of the batch itself (not the
 * owner, an op out of order, too many devices) ends it there: what came
 * before still applies, and the device sends the rest again.
 */
const decideBatch = (state: JournalState, ops: Extract<JournalCommand, { type: "syncOps" }>["ops"], ctx: CommandContext): Decision<JournalEvent> => {
  const unsynced = ops.findIndex((op) => op.sync === undefined)
  if (unsynced >= 0) return reject("invalid_command", `op ${unsynced + 1} of syncOps has no sync: only a device's operations travel in a batch`)
  const events: JournalEvent[] = []
  let current = state
  for (const op of ops) {
    const decision = decideSynced(current, op, ctx)
    if (isRejection(decision)) return events.length > 0 ? events : decision
    events.push(...decision)
    for (const event of decision) current = evolve(current, event, { seq: 0, by: ctx.user.id, at: ctx.now })
  }
  return events
}

export const decide = (given: JournalState, command: JournalCommand, ctx: CommandContext): Decision<JournalEvent> => {
  const state = upgradeState(given)
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no journal ${state.id} in your tenant`)
  // Moves may find the journal not opened yet: they open it for its owner.
  if (command.type === "startMove") return startMove(state, command, ctx)
  if (command.type === "importEntries") return importEntries(state, command, ctx)
  if (command.type === "create") {
    if (state.exists) return reject("conflict", "this journal already exists")
    if (!mayCreate(state, ctx.user)) return reject("forbidden", "a journal's id is its owner's user id: open journal/<your user id>")
    return [{ type: "created", ownerId: ctx.user.id }]
  }
  if (!state.exists) return reject("not_found", `journal ${state.id} does not exist; create it first`)
  if (command.type === "syncOps") return decideBatch(state, command.ops, ctx)
  if (command.type === "finishMove") return finishMove(state, command, ctx)
  return decideSynced(state, command, ctx)
}

const mapEntry = (state: JournalState, entryId: string, change: (entry: Entry) => Entry): JournalState => ({
  ...state,
  entries: state.entries.map((entry) => (entry.id === entryId ? change(entry) : entry)),
})

const applyEvent = (state: JournalState, event: JournalEvent, envelope: EventEnvelope): JournalState => {
  const opOf = (op: string | undefined) => op ?? `s${envelope.seq}`
  switch (event.type) {
    case "created":
      return { ...state, exists: true, ownerId: event.ownerId, createdAt: envelope.at }
    case "entryWritten": {
      const { type: _type, entryId, doc, op, moved, ...fields } = event
      const entry: Entry = {
        id: entryId,
        ...fields,
        doc: doc ?? docFromText(fields.body),
        createdAt: moved?.writtenAt ?? envelope.at,
        updatedAt: moved?.updatedAt ?? envelope.at,
        fieldOps: { title: opOf(op), body: opOf(op) },
        conflicts: [],
        coaches: [],
      }
      return { ...state, entries: [...state.entries, entry] }
    }
    case "entryEdited":
      return mapEntry(state, event.entryId, (entry) => {
        const { title, body, doc, tags, mood } = event.changes
        const textChanged = body !== undefined || doc !== undefined
        return {
          ...entry,
          ...(title !== undefined ? { title } : {}),
          ...(textChanged ? { body: body ?? plainText(doc!), doc: doc ?? docFromText(body!) } : {}),
          ...(tags !== undefined ? { tags: [...new Set(tags)] } : {}),
          ...(mood !== undefined ? { mood } : {}),
          fieldOps: { title: title !== undefined ? opOf(event.op) : entry.fieldOps.title, body: textChanged ? opOf(event.op) : entry.fieldOps.body },
          updatedAt: envelope.at,
        }
      })
    case "entryDeleted":
      return {
        ...state,
        entries: state.entries.filter((entry) => entry.id !== event.entryId),
        deletedIds: [...state.deletedIds, event.entryId].slice(-MAX_DELETED_IDS),
      }
    case "conflictRecorded":
      return mapEntry(state, event.entryId, (entry) => ({
        ...entry,
        conflicts: [
          ...entry.conflicts.filter((conflict) => conflict.id !== event.replaces),
          {
            id: event.conflictId,
            field: event.field,
            title: event.value.title ?? null,
            body: event.value.body ?? null,
            doc: event.value.doc ?? null,
            by: envelope.by,
            at: envelope.at,
          },
        ],
      }))
    case "conflictsResolved":
      return mapEntry(state, event.entryId, (entry) => ({
        ...entry,
        conflicts: entry.conflicts.filter((conflict) => !event.conflictIds.includes(conflict.id)),
      }))
    case "editOrphaned":
      return {
        ...state,
        orphans: [...state.orphans, { id: event.orphanId, entryId: event.entryId, changes: event.changes, at: envelope.at }].slice(-MAX_ORPHANS),
      }
    case "orphanDismissed":
      return { ...state, orphans: state.orphans.filter((orphan) => orphan.id !== event.orphanId) }
    case "syncRefused":
    case "synced":
      return state
    case "consentGiven":
      return mapEntry(state, event.entryId, (entry) => ({ ...entry, coaches: [...entry.coaches, event.coachId] }))
    case "consentWithdrawn":
      return mapEntry(state, event.entryId, (entry) => ({ ...entry, coaches: entry.coaches.filter((coach) => coach !== event.coachId) }))
    case "moveStarted":
      return { ...state, move: { to: event.to, finished: false } }
    case "moveFinished":
      return { ...state, move: { to: event.to, finished: true } }
    default:
      return unknownEvent(event, state)
  }
}

/** Every event that carries a device op advances that device's counter, whatever else it does. */
export const evolve = (given: JournalState, event: JournalEvent, envelope: EventEnvelope): JournalState => {
  const state = applyEvent(upgradeState(given), event, envelope)
  const origin = "op" in event && event.op !== undefined ? parseOpId(event.op) : undefined
  if (!origin || (ownEntry(state.devices, origin.device) ?? 0) >= origin.n) return state
  return { ...state, devices: { ...state.devices, [origin.device]: origin.n } }
}
