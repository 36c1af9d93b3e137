/** The journal state: plain data, so MessagePack snapshots restore it exactly. */
import type { Address } from "../../engine/address.ts"
import type { EntryChanges, TextField } from "./protocol.ts"
import { docFromText } from "./doc-text.ts"
import type { Doc } from "./rich-text.ts"

export interface Conflict {
  /** The op id of the write that could not replace the entry's text. */
  readonly id: string
  readonly field: TextField
  readonly title: string | null
  readonly body: string | null
  readonly doc: Doc | null
  readonly by: string
  readonly at: number
}

/** What an entry says, as every reader of it sees it (owner, coach, export). */
export interface EntryContent {
  readonly id: string
  readonly title: string
  readonly body: string
  readonly doc: Doc
  readonly tags: readonly string[]
  readonly mood: number | null
  readonly sessionId: string | null
  readonly prompt: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

export interface Entry extends EntryContent {
  /** The op id that last set each text field: an edit names it as its base. */
  readonly fieldOps: Readonly<Record<TextField, string>>
  /** Text alternatives kept beside the text, shown to the writer until resolved. */
  readonly conflicts: readonly Conflict[]
  /** The coaches the writer has let read this entry. */
  readonly coaches: readonly string[]
}

export interface Orphan {
  readonly id: string
  readonly entryId: string
  readonly changes: EntryChanges
  readonly at: number
}

export interface JournalState {
  readonly tenant: string
  readonly id: string
  readonly exists: boolean
  readonly ownerId: string
  /** Oldest first. */
  readonly entries: readonly Entry[]
  /** Ids of deleted entries, so a replayed write cannot bring one back. */
  readonly deletedIds: readonly string[]
  /** The last op number applied from each device. */
  readonly devices: Readonly<Record<string, number>>
  readonly orphans: readonly Orphan[]
  readonly createdAt: number | null
  /** Set once the journal is closed because its entries move to journal/<to>; `finished` once they all arrived there. */
  readonly move?: { readonly to: string; readonly finished: boolean }
}

export const MAX_DELETED_IDS = 5_000

export const initialState = (addr: Address): JournalState => ({
  tenant: addr.tenant,
  id: addr.id,
  exists: false,
  ownerId: "",
  entries: [],
  deletedIds: [],
  devices: {},
  orphans: [],
  createdAt: null,
})

/** Fills in what a snapshot taken before rich text, sync and consent lacks. */
export const upgradeState = (state: JournalState): JournalState => {
  if (state.devices !== undefined && state.entries.every((entry) => entry.coaches !== undefined)) return state
  return {
    ...state,
    deletedIds: state.deletedIds ?? [],
    devices: state.devices ?? {},
    orphans: state.orphans ?? [],
    entries: state.entries.map((entry) => ({
      ...entry,
      doc: entry.doc ?? docFromText(entry.body),
      fieldOps: entry.fieldOps ?? { title: "s0", body: "s0" },
      conflicts: entry.conflicts ?? [],
      coaches: entry.coaches ?? [],
    })),
  }
}

export const entryById = (state: JournalState, entryId: string): Entry | undefined => state.entries.find((entry) => entry.id === entryId)
