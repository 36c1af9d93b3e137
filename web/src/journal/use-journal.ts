/**
 * Solid signals over an OfflineJournal. Changes are folded into one update
 * at most every 50 ms: a sync of a thousand entries must not redraw the
 * list a thousand times.
 */
import { createMemo, createSignal, onCleanup, type Accessor } from "solid-js"
import type { Entry } from "../../../actors/journal/decider.ts"
import type { JournalAttention, OfflineJournal, SyncState } from "./offline-journal.ts"

export interface JournalSignals {
  readonly journal: OfflineJournal
  readonly entries: Accessor<readonly Entry[]>
  readonly attention: Accessor<readonly JournalAttention[]>
  readonly sync: Accessor<SyncState>
  entry(id: string): Entry | undefined
}

export const useJournal = (journal: OfflineJournal): JournalSignals => {
  const [version, setVersion] = createSignal(0)
  let timer: ReturnType<typeof setTimeout> | undefined
  const off = journal.onChange(() => {
    timer ??= setTimeout(() => {
      timer = undefined
      setVersion((n) => n + 1)
    }, 50)
  })
  onCleanup(() => {
    off()
    clearTimeout(timer)
  })
  const view = createMemo(() => (version(), journal.view()), undefined, { equals: false })
  const entries = createMemo(() => [...view().entries].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)))
  const attention = createMemo(() => (view(), journal.attention()))
  const sync = createMemo(() => (version(), journal.syncState()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) })
  return { journal, entries, attention, sync, entry: (id) => view().entries.find((entry) => entry.id === id) }
}
