/**
 * The rankings that retrieval fuses, as SQL run inside the asker's viewer
 * transaction, so row-level security decides what exists: cards the
 * organization's licence and tier allow (and, among those, only usable
 * ones), and journal entries the asker owns and consented to show the AI
 * coach. Full text uses Postgres's English stemming with the question's
 * words OR-ed (a question rarely shares all its words with a card); vectors
 * use pgvector's cosine distance for cards and, for entries, a cosine
 * computed here (see entries.ts).
 */
import type { Sql } from "../../projections/store/port.ts"
import { CURRENT_USER_ID } from "../../projections/store/tables.ts"
import { AI_COACH_ID } from "../../actors/journal/ai-coach.ts"

/** How deep each ranking goes before fusion. */
export const CANDIDATES = 40

export interface CardRow {
  readonly deckId: string
  readonly cardId: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
}

export interface EntryRow {
  readonly entryId: string
  readonly title: string
  readonly body: string
  readonly tags: readonly string[]
  readonly writtenAt: string
  readonly updatedAt: string
}

// plainto_tsquery drops stopwords and punctuation; its `&` become `|`, so any shared word counts.
const ANY_WORD = `(select replace(plainto_tsquery('english', $1)::text, '&', '|')::tsquery as q) as words`

const cardOf = (row: Record<string, any>): CardRow => ({
  deckId: row.deck_id,
  cardId: row.card_id,
  word: row.word,
  question: row.question,
  themes: row.themes,
})

export const cardsByText = async (sql: Sql, query: string, limit = CANDIDATES): Promise<CardRow[]> => {
  const rows = await sql.query<Record<string, any>>(
    `select c.deck_id, c.card_id, c.word, c.question, c.themes
       from cards c, ${ANY_WORD}
      where c.usable and words.q::text <> '' and c.search @@ words.q
      order by ts_rank_cd(c.search, words.q) desc, c.deck_id, c.card_id limit $2`,
    [query, limit],
  )
  return rows.map(cardOf)
}

/** Nearest cards among vectors of `model`, nearest first. */
export const cardsByVector = async (sql: Sql, vector: string, model: string, limit = CANDIDATES): Promise<CardRow[]> => {
  // Row-level security and `usable` filter after the index scan; iterative scans keep going until `limit` rows pass.
  await sql.query("select set_config('hnsw.iterative_scan', 'strict_order', true)")
  const rows = await sql.query<Record<string, any>>(
    `select c.deck_id, c.card_id, c.word, c.question, c.themes
       from card_vectors v join cards c using (tenant_id, deck_id, card_id)
      where v.model = $2 and c.usable
      order by v.embedding <=> $1::vector limit $3`,
    [vector, model, limit],
  )
  return rows.map(cardOf)
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString())
const entryOf = (row: Record<string, any>): EntryRow => ({
  entryId: row.entry_id,
  title: row.title,
  body: row.body,
  tags: row.tags,
  writtenAt: iso(row.written_at),
  updatedAt: iso(row.updated_at),
})

/** The asker's own entries with AI-coach consent. RLS would also show entries others consented to show the asker: the owner test keeps them out. */
const CONSENTED = `owner_id = ${CURRENT_USER_ID} and '${AI_COACH_ID}' = any(coach_ids)`

export const entriesByText = async (sql: Sql, query: string, limit = CANDIDATES): Promise<EntryRow[]> => {
  const rows = await sql.query<Record<string, any>>(
    `select entry_id, title, body, tags, written_at, updated_at
       from journal_entries, ${ANY_WORD}
      where ${CONSENTED} and words.q::text <> '' and search @@ words.q
      order by ts_rank_cd(search, words.q) desc, written_at desc, entry_id limit $2`,
    [query, limit],
  )
  return rows.map(entryOf)
}

/** The newest `limit` consented entries of the asker, for ranking by meaning. */
export const consentedEntries = async (sql: Sql, limit: number): Promise<EntryRow[]> => {
  const rows = await sql.query<Record<string, any>>(
    `select entry_id, title, body, tags, written_at, updated_at from journal_entries where ${CONSENTED} order by written_at desc, entry_id limit $1`,
    [limit],
  )
  return rows.map(entryOf)
}
