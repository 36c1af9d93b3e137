/**
 * Journal queries: row-level security shows a viewer their own entries and
 * the entries others consented to show them (as a coach); conflicts go to
 * the owner only, as the journal actor's redaction has it.
 */
import type { Sql, Viewer } from "../store/port.ts"
import { decodeCursor, iso, pageOf, type Page } from "./page.ts"

export interface JournalEntry {
  readonly id: string
  readonly journalId: string
  readonly ownerId: string
  readonly title: string
  readonly body: string
  readonly tags: readonly string[]
  readonly mood: number | null
  readonly sessionId: string | null
  readonly prompt: string | null
  readonly writtenAt: string
  readonly updatedAt: string
  /** Owner only: text alternatives from offline edits, until resolved. */
  readonly conflicts?: readonly unknown[]
}

export interface EntryFilter {
  readonly sessionId?: string
  readonly tag?: string
  readonly limit: number
  readonly cursor?: string
}

const entry =
  (viewer: Viewer) =>
  (row: Record<string, any>): JournalEntry => ({
    id: row.entry_id,
    journalId: row.journal_id,
    ownerId: row.owner_id,
    title: row.title,
    body: row.body,
    tags: row.tags,
    mood: row.mood,
    sessionId: row.session_id,
    prompt: row.prompt,
    writtenAt: iso(row.written_at)!,
    updatedAt: iso(row.updated_at)!,
    ...(row.owner_id === viewer.userId ? { conflicts: row.conflicts } : {}),
  })

const COLUMNS = "entry_id, journal_id, owner_id, title, body, tags, mood, session_id, prompt, conflicts, written_at, updated_at"

export const listEntries = async (sql: Sql, viewer: Viewer, filter: EntryFilter): Promise<Page<JournalEntry>> => {
  const params: unknown[] = [filter.sessionId ?? null, filter.tag ?? null, filter.limit + 1]
  let after = ""
  if (filter.cursor) {
    const [time, id] = decodeCursor(filter.cursor, ["time", "id"])
    params.push(time, id)
    after = "and (written_at, entry_id) < ($4::timestamptz, $5)"
  }
  const rows = await sql.query<Record<string, any>>(
    `select ${COLUMNS} from journal_entries where ($1::text is null or session_id = $1) and ($2::text is null or $2 = any(tags)) ${after}
     order by written_at desc, entry_id desc limit $3`,
    params,
  )
  return pageOf(rows, filter.limit, entry(viewer), (row) => [iso(row.written_at)!, row.entry_id])
}

export interface EntryHit extends JournalEntry {
  readonly rank: number
  /** The matching passage with the matched words between « and ». */
  readonly snippet: string
}

/** Full-text search (English stemming): words in any order, "quoted phrases", -excluded words. */
export const searchEntries = async (sql: Sql, viewer: Viewer, q: string, limit: number): Promise<EntryHit[]> => {
  const rows = await sql.query<Record<string, any>>(
    `select ${COLUMNS}, ts_rank(search, query) as rank,
            ts_headline('english', body, query, 'StartSel=«, StopSel=», MaxWords=30, MinWords=10') as snippet
       from journal_entries, websearch_to_tsquery('english', $1) as query
      where search @@ query
      order by rank desc, written_at desc, entry_id desc limit $2`,
    [q, limit],
  )
  return rows.map((row) => ({ ...entry(viewer)(row), rank: Number(row.rank), snippet: row.snippet }))
}
