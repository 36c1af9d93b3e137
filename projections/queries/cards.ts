/**
 * Card library queries: listing with filters, full-text, and nearest cards
 * by embedding. Row-level security decides which cards a viewer sees (see
 * models/cards.ts); a visible card's deck is always visible too.
 */
import { Data } from "effect"
import type { CardImage, CardStatus } from "../../actors/cards/card.ts"
import type { ContentTier } from "../../actors/cards/tiers.ts"
import type { Sql } from "../store/port.ts"
import { decodeCursor, pageOf, type Page } from "./page.ts"

export interface Card {
  readonly id: string
  readonly deck: string
  readonly deckTitle: string
  readonly builtIn: boolean
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  readonly tags: readonly string[]
  readonly language: string
  readonly tier: ContentTier
  /** The marketplace pack that unlocks the card's deck, if it is sold that way. */
  readonly packId: string | null
  readonly status: CardStatus
  readonly deckStatus: CardStatus
  /** Whether facilitators may use it (active, and covered by the licence); admins also see cards that are not. */
  readonly usable: boolean
  readonly image: CardImage
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
  readonly tier?: ContentTier
  /** One theme label, matched exactly. */
  readonly theme?: string
  /** Other labels that name the same theme (the English of a built-in theme typed in the reader's language); any of them matches. */
  readonly themeAliases?: readonly string[]
  readonly status?: CardStatus
  /** Full-text words (English stemming) in word, question, themes and tags. */
  readonly q?: string
  readonly limit: number
  readonly cursor?: string
}

const COLUMNS = `c.deck_id, c.card_id, d.title as deck_title, c.built_in, c.word, c.question, c.themes, c.tags, c.language, c.tier,
  d.pack_id, c.status, d.status as deck_status, c.usable, c.image`

const card = (row: Record<string, any>): Card => ({
  id: row.card_id,
  deck: row.deck_id,
  deckTitle: row.deck_title,
  builtIn: row.built_in,
  word: row.word,
  question: row.question,
  themes: row.themes,
  tags: row.tags,
  language: row.language,
  tier: row.tier,
  packId: row.pack_id,
  status: row.status,
  deckStatus: row.deck_status,
  usable: row.usable,
  image: row.image,
})

export const listCards = async (sql: Sql, filter: CardFilter): Promise<Page<Card>> => {
  const themes = filter.theme === undefined ? null : [filter.theme, ...(filter.themeAliases ?? [])]
  const params: unknown[] = [filter.deck ?? null, filter.tier ?? null, themes, filter.status ?? null, filter.q ?? null, filter.limit + 1]
  let after = ""
  if (filter.cursor) {
    const [deck, id] = decodeCursor(filter.cursor, ["id", "id"])
    params.push(deck, id)
    after = "and (c.deck_id, c.card_id) > ($7, $8)"
  }
  const rows = await sql.query<Record<string, any>>(
    `select ${COLUMNS} from cards c join card_decks d using (tenant_id, deck_id)
      where ($1::text is null or c.deck_id = $1) and ($2::text is null or c.tier = $2) and ($3::text[] is null or c.themes && $3::text[])
        and ($4::text is null or c.status = $4) and ($5::text is null or c.search @@ websearch_to_tsquery('english', $5)) ${after}
      order by c.deck_id, c.card_id limit $6`,
    params,
  )
  return pageOf(rows, filter.limit, card, (row) => [row.deck_id, row.card_id])
}

/** The `limit` cards nearest to `vector` (pgvector literal) among vectors of the same model, nearest first; `deck` keeps to one deck. */
export const nearestCards = async (sql: Sql, vector: string, model: string, limit: number, deck?: string): Promise<CardHit[]> => {
  // Row-level security filters after the index scan; iterative scans keep going until `limit` rows pass it.
  await sql.query("select set_config('hnsw.iterative_scan', 'strict_order', true)")
  const rows = await sql.query<Record<string, any>>(
    `select ${COLUMNS}, v.embedding <=> $1::vector as distance
       from card_vectors v join cards c using (tenant_id, deck_id, card_id) join card_decks d using (tenant_id, deck_id)
      where v.model = $2 and ($4::text is null or v.deck_id = $4)
      order by v.embedding <=> $1::vector limit $3`,
    [vector, model, limit, deck ?? null],
  )
  return rows.map((row) => ({ ...card(row), distance: Number(row.distance) }))
}
