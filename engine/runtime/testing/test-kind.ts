/**
 * A tiny actor kind for the runtime's own tests: a list of notes that can be
 * made private, plus commands that misbehave on purpose (decide throws, an
 * event evolve cannot fold) to prove one actor's failure stays its own.
 */
import { Schema } from "effect"
import { defineActorKind, reject, unknownEvent } from "../../actor-kind.ts"

const Text = Schema.String.check(Schema.isMaxLength(200))

export const NoteCommand = Schema.Union([
  Schema.Struct({ type: Schema.Literal("add"), text: Text }),
  Schema.Struct({ type: Schema.Literal("addMany"), texts: Schema.Array(Text).check(Schema.isMaxLength(10)) }),
  Schema.Struct({ type: Schema.Literal("lock") }),
  Schema.Struct({ type: Schema.Literal("noop") }),
  Schema.Struct({ type: Schema.Literal("decideThrows") }),
  Schema.Struct({ type: Schema.Literal("evolveThrows") }),
])

export const NoteEvent = Schema.Union([
  Schema.Struct({ type: Schema.Literal("added"), id: Schema.String, text: Text }),
  Schema.Struct({ type: Schema.Literal("locked") }),
  Schema.Struct({ type: Schema.Literal("poison") }),
])

export interface NotesState {
  readonly owner: string | null
  readonly locked: boolean
  readonly notes: ReadonlyArray<{ id: string; text: string; by: string }>
}

export const notesKind = defineActorKind({
  kind: "notes",
  commandSchema: NoteCommand,
  eventSchema: NoteEvent,
  initialState: (): NotesState => ({ owner: null, locked: false, notes: [] }),
  decide: (state, command, ctx) => {
    switch (command.type) {
      case "add":
        return state.locked ? reject("conflict", "the notes are locked") : [{ type: "added" as const, id: ctx.newId(), text: command.text }]
      case "addMany":
        return command.texts.map((text) => ({ type: "added" as const, id: ctx.newId(), text }))
      case "lock":
        return state.owner !== null && state.owner !== ctx.user.id ? reject("forbidden", "only the owner may lock") : [{ type: "locked" as const }]
      case "noop":
        return []
      case "decideThrows":
        throw new Error("a bug in decide")
      case "evolveThrows":
        return [{ type: "poison" as const }]
    }
  },
  evolve: (state, event, envelope) => {
    switch (event.type) {
      case "added":
        return { ...state, owner: state.owner ?? envelope.by, notes: [...state.notes, { id: event.id, text: event.text, by: envelope.by }] }
      case "locked":
        return { ...state, locked: true }
      case "poison":
        throw new Error("evolve cannot fold poison")
      default:
        return unknownEvent(event, state)
    }
  },
  // Once locked, only the owner can read: lets tests revoke access with one command.
  canRead: (state, user) => !state.locked || state.owner === user.id,
})
