/**
 * Journal read model: each journal (its owner and entry count) and its
 * entries, with a full-text index. As in the journal actor's rules, an entry
 * is its owner's, and also visible to the coaches the owner consented to
 * show it to; a journal is visible to whoever may see one of its entries.
 * Conflicts (text alternatives from offline edits) are the owner's alone:
 * the query layer leaves them out for coaches.
 */
import type { Commit } from "../../engine/eventlog/port.ts"
import { JournalEvent } from "../../actors/journal/protocol.ts"
import { docFromText, plainText, type Doc } from "../../actors/journal/rich-text.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { CURRENT_USER_ID, tenantTable } from "../store/tables.ts"
import { deleteRows, isoFromDb, isoTime, loadRows, upsertRows, type Column } from "./bulk.ts"
import { decoderFor, notCreated, streamsOf, type LoggedEvent, type Stream } from "./streams.ts"

export interface JournalRow {
  readonly tenant_id: string
  readonly journal_id: string
  readonly owner_id: string
  readonly entry_count: number
  readonly created_at: string
  readonly updated_at: string
  readonly last_seq: number
}

export interface ConflictRecord {
  readonly id: string
  readonly field: "title" | "body"
  readonly title: string | null
  readonly body: string | null
  readonly by: string
  readonly at: string
}

export interface EntryRow {
  readonly tenant_id: string
  readonly journal_id: string
  readonly entry_id: string
  readonly owner_id: string
  readonly title: string
  readonly body: string
  readonly doc: Doc
  readonly tags: readonly string[]
  readonly tags_text: string
  readonly mood: number | null
  readonly session_id: string | null
  readonly prompt: string | null
  readonly coach_ids: readonly string[]
  readonly conflicts: readonly ConflictRecord[]
  readonly written_at: string
  readonly updated_at: string
}

const JOURNAL_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "journal_id", type: "text" },
  { name: "owner_id", type: "text" },
  { name: "entry_count", type: "integer" },
  { name: "created_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
  { name: "last_seq", type: "integer" },
]

const ENTRY_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "journal_id", type: "text" },
  { name: "entry_id", type: "text" },
  { name: "owner_id", type: "text" },
  { name: "title", type: "text" },
  { name: "body", type: "text" },
  { name: "doc", type: "jsonb" },
  { name: "tags", type: "text[]" },
  { name: "tags_text", type: "text" },
  { name: "mood", type: "integer" },
  { name: "session_id", type: "text" },
  { name: "prompt", type: "text" },
  { name: "coach_ids", type: "text[]" },
  { name: "conflicts", type: "jsonb" },
  { name: "written_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
]

export const ENTRY_VISIBLE = `(owner_id = ${CURRENT_USER_ID} or ${CURRENT_USER_ID} = any(coach_ids))`

// Created before `journals`, whose policy looks into it.
const entriesTable = {
  name: "journal_entries",
  create: (t: string) => [
    ...tenantTable(t, {
      columns: `journal_id text not null, entry_id text not null, owner_id text not null, title text not null, body text not null,
        doc jsonb not null, tags text[] not null, tags_text text not null, mood integer, session_id text, prompt text,
        coach_ids text[] not null, conflicts jsonb not null, written_at timestamptz not null, updated_at timestamptz not null,
        search tsvector generated always as (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body || ' ' || tags_text), 'B')) stored`,
      primaryKey: "tenant_id, journal_id, entry_id",
      indexes: { by_owner: "tenant_id, owner_id, written_at desc, entry_id desc" },
      visibleWhen: ENTRY_VISIBLE,
    }),
    `create index ${t}_search on ${t} using gin (search)`,
  ],
}

const journalsTable = {
  name: "journals",
  create: (t: string, tables: TableNames) =>
    tenantTable(t, {
      columns:
        "journal_id text not null, owner_id text not null, entry_count integer not null, created_at timestamptz not null, updated_at timestamptz not null, last_seq integer not null",
      primaryKey: "tenant_id, journal_id",
      // The entries' own policy decides which of them the viewer may see.
      visibleWhen: `(owner_id = ${CURRENT_USER_ID} or exists (select 1 from ${tables.journal_entries} e where e.tenant_id = ${t}.tenant_id and e.journal_id = ${t}.journal_id))`,
    }),
}

const decode = decoderFor(JournalEvent, "journal")

const tagged = (entry: EntryRow, tags: readonly string[]): EntryRow => ({ ...entry, tags, tags_text: tags.join(" ") })

/** An entry after one event, as the journal actor's evolve has it; undefined entries stay untouched (the actor ignores them too). */
const evolveEntry = (entry: EntryRow, logged: LoggedEvent<JournalEvent>, at: string): EntryRow => {
  const { event } = logged
  switch (event.type) {
    case "entryEdited": {
      const { title, body, doc, tags, mood } = event.changes
      const textChanged = body !== undefined || doc !== undefined
      const edited: EntryRow = {
        ...entry,
        ...(title !== undefined ? { title } : {}),
        ...(textChanged ? { body: body ?? plainText(doc!), doc: doc ?? docFromText(body!) } : {}),
        ...(mood !== undefined ? { mood } : {}),
        updated_at: at,
      }
      return tags !== undefined ? tagged(edited, [...new Set(tags)]) : edited
    }
    case "conflictRecorded":
      return {
        ...entry,
        conflicts: [
          ...entry.conflicts.filter((c) => c.id !== event.replaces),
          { id: event.conflictId, field: event.field, title: event.value.title ?? null, body: event.value.body ?? null, by: logged.by, at },
        ],
      }
    case "conflictsResolved":
      return { ...entry, conflicts: entry.conflicts.filter((c) => !event.conflictIds.includes(c.id)) }
    case "consentGiven":
      return entry.coach_ids.includes(event.coachId) ? entry : { ...entry, coach_ids: [...entry.coach_ids, event.coachId] }
    case "consentWithdrawn":
      return { ...entry, coach_ids: entry.coach_ids.filter((coach) => coach !== event.coachId) }
    default:
      return entry
  }
}

/** Folds one journal's new events into its row and the entries they touch; `entries` maps entry id -> row, or null once deleted. */
const foldJournal = (stream: Stream<JournalEvent>, before: JournalRow | undefined, entries: Map<string, EntryRow | null>): JournalRow | undefined => {
  const { tenant, id } = stream.addr
  let journal = before
  for (const logged of stream.events) {
    if (journal && logged.seq <= journal.last_seq) continue
    const { event } = logged
    const at = isoTime(logged.at)
    if (event.type === "created") {
      journal = { tenant_id: tenant, journal_id: id, owner_id: event.ownerId, entry_count: 0, created_at: at, updated_at: at, last_seq: logged.seq }
      continue
    }
    if (!journal) throw notCreated(stream.addr, logged.seq, event.type)
    let delta = 0
    if (event.type === "entryWritten") {
      entries.set(
        event.entryId,
        tagged(
          {
            tenant_id: tenant,
            journal_id: id,
            entry_id: event.entryId,
            owner_id: journal.owner_id,
            title: event.title,
            body: event.body,
            doc: event.doc ?? docFromText(event.body),
            tags: [],
            tags_text: "",
            mood: event.mood,
            session_id: event.sessionId,
            prompt: event.prompt,
            // An entry moved in from a guest's journal keeps when it was first written and last changed there.
            coach_ids: [],
            conflicts: [],
            written_at: event.moved ? isoTime(event.moved.writtenAt) : at,
            updated_at: event.moved ? isoTime(event.moved.updatedAt) : at,
          },
          event.tags,
        ),
      )
      delta = 1
    } else if (event.type === "entryDeleted") {
      if (entries.get(event.entryId)) delta = -1
      entries.set(event.entryId, null)
    } else if ("entryId" in event) {
      const entry = entries.get(event.entryId)
      if (entry) entries.set(event.entryId, evolveEntry(entry, logged, at))
    }
    journal = { ...journal, entry_count: journal.entry_count + delta, updated_at: at, last_seq: logged.seq }
  }
  return journal
}

const ENTRY_EVENTS = new Set(["entryEdited", "entryDeleted", "conflictRecorded", "conflictsResolved", "consentGiven", "consentWithdrawn"])

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const streams = streamsOf(commits, "journal", decode)
  if (streams.size === 0) return
  const journalKeys = [...streams.values()].map((s) => ({ tenant_id: s.addr.tenant, journal_id: s.addr.id }))
  const journals = new Map(
    (await loadRows<Record<string, unknown>>(sql, tables.journals!, ["tenant_id", "journal_id"], journalKeys)).map((row) => [
      `${row.tenant_id}/${row.journal_id}`,
      { ...row, created_at: isoFromDb(row.created_at), updated_at: isoFromDb(row.updated_at) } as JournalRow,
    ]),
  )
  // Entries that this batch changes but did not write must come from the table.
  const referenced = [...streams.values()].flatMap((s) =>
    s.events.flatMap(({ event }) =>
      ENTRY_EVENTS.has(event.type) && "entryId" in event ? [{ tenant_id: s.addr.tenant, journal_id: s.addr.id, entry_id: event.entryId }] : [],
    ),
  )
  const entriesByJournal = new Map<string, Map<string, EntryRow | null>>()
  for (const row of await loadRows<Record<string, unknown>>(sql, tables.journal_entries!, ["tenant_id", "journal_id", "entry_id"], referenced)) {
    const key = `${row.tenant_id}/${row.journal_id}`
    const { search: _search, ...rest } = row
    const entry = { ...rest, written_at: isoFromDb(row.written_at), updated_at: isoFromDb(row.updated_at) } as EntryRow
    entriesByJournal.set(key, (entriesByJournal.get(key) ?? new Map()).set(entry.entry_id, entry))
  }
  const changedJournals: JournalRow[] = []
  const upserts: EntryRow[] = []
  const deletes: object[] = []
  for (const stream of streams.values()) {
    const key = `${stream.addr.tenant}/${stream.addr.id}`
    const entries = entriesByJournal.get(key) ?? new Map<string, EntryRow | null>()
    const loaded = new Map(entries)
    const before = journals.get(key)
    const after = foldJournal(stream, before, entries)
    if (after && after !== before) changedJournals.push(after)
    for (const [entryId, entry] of entries) {
      if (entry === loaded.get(entryId)) continue
      if (entry) upserts.push(entry)
      else deletes.push({ tenant_id: stream.addr.tenant, journal_id: stream.addr.id, entry_id: entryId })
    }
  }
  await upsertRows(sql, tables.journals!, JOURNAL_COLUMNS, ["tenant_id", "journal_id"], changedJournals)
  await deleteRows(sql, tables.journal_entries!, ["tenant_id", "journal_id", "entry_id"], deletes)
  await upsertRows(sql, tables.journal_entries!, ENTRY_COLUMNS, ["tenant_id", "journal_id", "entry_id"], upserts)
}

export const journalProjection: Projection = {
  name: "journal",
  version: 1,
  tables: [entriesTable, journalsTable],
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
  apply,
}
