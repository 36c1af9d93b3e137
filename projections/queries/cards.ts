/** Card library queries: listing with filters, full-text, and nearest cards by embedding. */
import { Data } from "effect"
import type { Sql } from "../store/port.ts"
import { decodeCursor, pageOf, type Page } from "./page.ts"

export interface Card {
  readonly id: string
  readonly deck: string
  readonly title: string
  readonly description: string
  readonly tags: readonly string[]
  readonly imageUrl: string | null
}

export interface CardHit extends Card {
  /** Cosine distance from the query: 0 is the same direction, 2 the opposite. */
  readonly distance: number
}

export class VectorSearchUnavailable extends Data.TaggedError("VectorSearchUnavailable")<{ readonly message: string }> {
  readonly code = "unavailable" as const
}

export interface CardFilter {
  readonly deck?: string
  /** Full-text words (English stemming) in title and description. */
  readonly q?: string
  readonly limit: number
  readonly cursor?: string
}

const card = (row: Record<string, any>): Card => ({ id: row.card_id, deck: row.deck, title: row.title, description: row.description, tags: row.tags, imageUrl: row.image_url })

export const listCards = async (sql: Sql, filter: CardFilter): Promise<Page<Card>> => {
  const params: unknown[] = [filter.deck ?? null, filter.q ?? null, filter.limit + 1]
  let after = ""
  if (filter.cursor) {
    const [id] = decodeCursor(filter.cursor, ["id"])
    params.push(id)
    after = "and card_id > $4"
  }
  const rows = await sql.query<Record<string, any>>(
    `select card_id, deck, title, description, tags, image_url from cards
      where ($1::text is null or deck = $1) and ($2::text is null or search @@ websearch_to_tsquery('english', $2)) ${after}
      order by card_id limit $3`,
    params,
  )
  return pageOf(rows, filter.limit, card, (row) => [row.card_id])
}

/** The `limit` cards nearest to `vector` (pgvector literal) among vectors of the same model, nearest first. */
export const nearestCards = async (sql: Sql, vector: string, model: string, limit: number): Promise<CardHit[]> => {
  // Row-level security filters after the index scan; iterative scans keep going until `limit` rows pass it.
  await sql.query("select set_config('hnsw.iterative_scan', 'strict_order', true)")
  const rows = await sql.query<Record<string, any>>(
    `select c.card_id, c.deck, c.title, c.description, c.tags, c.image_url, v.embedding <=> $1::vector as distance
       from card_vectors v join cards c using (tenant_id, card_id)
      where v.model = $2
      order by v.embedding <=> $1::vector limit $3`,
    [vector, model, limit],
  )
  return rows.map((row) => ({ ...card(row), distance: Number(row.distance) }))
}
