/**
 * Moving a journal to another account: a guest (joined by a session's code)
 * keeps its journal by creating an account, and the gateway moves the
 * entries (POST /api/guests/account). Every step is the gateway's alone
 * (the system user) and safe to repeat, so a move that failed midway is
 * retried to completion:
 *
 * 1. `startMove {to}` on the old journal closes it (every later change is
 *    refused, a device's as `syncRefused`) and withdraws every consent: a
 *    coach's view of an entry ends with the journal its owner shared it
 *    from, and the account re-shares what it wants to.
 * 2. `importEntries {from, entries}` on journal/<to> (created for its owner
 *    if need be) writes each entry with its session, prompt, tags, mood,
 *    text, unsettled alternatives and original times; an entry it already
 *    holds, or deleted since, is skipped.
 * 3. `finishMove {to}` empties the old journal.
 */
import { reject, type CommandContext, type Decision } from "../../engine/actor-kind.ts"
import { MAX_ENTRIES } from "./limits.ts"
import type { JournalCommand, JournalEvent } from "./protocol.ts"
import { isSystem } from "./rules.ts"
import { entryById, type JournalState } from "./state.ts"

type Command<T extends JournalCommand["type"]> = Extract<JournalCommand, { type: T }>

const GATEWAY_ONLY = "only the gateway moves a journal (POST /api/guests/account)"

export const startMove = (state: JournalState, command: Command<"startMove">, ctx: CommandContext): Decision<JournalEvent> => {
  if (!isSystem(ctx.user)) return reject("forbidden", GATEWAY_ONLY)
  if (command.to === state.id) return reject("invalid_command", "a journal cannot move to itself")
  if (state.move) return state.move.to === command.to ? [] : reject("conflict", `this journal already moves to journal/${state.move.to}`)
  return [
    // A journal never opened is closed all the same, so nothing is written to it after the move.
    ...(state.exists ? [] : [{ type: "created", ownerId: state.id } as const]),
    ...state.entries.flatMap((entry) => entry.coaches.map((coachId): JournalEvent => ({ type: "consentWithdrawn", entryId: entry.id, coachId }))),
    { type: "moveStarted", to: command.to },
  ]
}

export const finishMove = (state: JournalState, command: Command<"finishMove">, ctx: CommandContext): Decision<JournalEvent> => {
  if (!isSystem(ctx.user)) return reject("forbidden", GATEWAY_ONLY)
  if (!state.move || state.move.to !== command.to)
    return reject("conflict", `this journal is not moving to journal/${command.to}; start the move first`)
  if (state.move.finished) return []
  return [
    ...state.entries.flatMap((entry) => [
      ...entry.coaches.map((coachId): JournalEvent => ({ type: "consentWithdrawn", entryId: entry.id, coachId })),
      { type: "entryDeleted", entryId: entry.id } as const,
    ]),
    { type: "moveFinished", to: command.to },
  ]
}

export const importEntries = (state: JournalState, command: Command<"importEntries">, ctx: CommandContext): Decision<JournalEvent> => {
  if (!isSystem(ctx.user)) return reject("forbidden", GATEWAY_ONLY)
  if (command.from === state.id) return reject("invalid_command", "a journal cannot import from itself")
  if (state.move) return reject("conflict", `this journal moved to journal/${state.move.to}; import there`)
  const seen = new Set<string>()
  const fresh = command.entries.filter((entry) => {
    const known = seen.has(entry.entryId) || entryById(state, entry.entryId) !== undefined || state.deletedIds.includes(entry.entryId)
    seen.add(entry.entryId)
    return !known
  })
  if (state.entries.length + fresh.length > MAX_ENTRIES)
    return reject("conflict", `the journal would hold more than ${MAX_ENTRIES} entries; delete some first`)
  const created: JournalEvent[] = state.exists ? [] : [{ type: "created", ownerId: state.id }]
  return [
    ...created,
    ...fresh.flatMap((entry): JournalEvent[] => [
      {
        type: "entryWritten",
        entryId: entry.entryId,
        title: entry.title,
        body: entry.body,
        tags: [...new Set(entry.tags)],
        mood: entry.mood,
        sessionId: entry.sessionId,
        prompt: entry.prompt,
        ...(entry.doc ? { doc: entry.doc } : {}),
        moved: { from: command.from, writtenAt: entry.createdAt, updatedAt: entry.updatedAt },
      },
      ...(entry.conflicts ?? []).map(
        (conflict): JournalEvent => ({
          type: "conflictRecorded",
          entryId: entry.entryId,
          field: conflict.field,
          conflictId: conflict.id,
          value: conflict.value,
        }),
      ),
    ]),
  ]
}
