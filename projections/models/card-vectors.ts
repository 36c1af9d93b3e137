/**
 * Card embeddings for search by meaning: one vector per card whose text has
 * searchable words, behind an HNSW cosine index, recomputed when the card's
 * text changes. The vector column takes the configured model's dimension
 * (256 for the lexical hash, 512 for the sentence encoder); the projection's
 * version includes the model, so another model rebuilds the table. On a store without pgvector the table still exists (so
 * rebuilds, swaps and RLS treat it like any other) but has no vector column
 * and stays empty; migration 7 rebuilds the projection once pgvector appears.
 */
import { Effect } from "effect"
import { vectorLiteral, type Embeddings } from "../embeddings/port.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable, type TableNames } from "../store/tables.ts"
import { deleteRows, upsertRows, type Column } from "./bulk.ts"
import { CARD_KEY, type CardRow } from "./library-rows.ts"

const VECTOR_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "deck_id", type: "text" },
  { name: "card_id", type: "text" },
  { name: "model", type: "text" },
  // jsonb_to_recordset reads the `[...]` text through the vector type's own input.
  { name: "embedding", type: "vector" },
]

// A statement inside a DO block's EXECUTE; none of ours contains this tag.
const quoted = (statement: string) => `$stmt$${statement}$stmt$`

export const cardVectorsTable = (dimension: number) => ({
  name: "card_vectors",
  create: (t: string, tables: TableNames) => {
    const options = {
      primaryKey: "tenant_id, deck_id, card_id",
      // A vector is as private as its card: lexical vectors give their words away.
      visibleWhen: `exists (select 1 from ${tables.cards} c where c.tenant_id = ${t}.tenant_id and c.deck_id = ${t}.deck_id and c.card_id = ${t}.card_id)`,
    }
    const withVectors = [
      ...tenantTable(t, {
        ...options,
        columns: `deck_id text not null, card_id text not null, model text not null, embedding vector(${dimension}) not null`,
      }),
      `create index ${t}_hnsw on ${t} using hnsw (embedding vector_cosine_ops)`,
    ]
    const without = tenantTable(t, { ...options, columns: "deck_id text not null, card_id text not null, model text not null" })
    const run = (statements: readonly string[]) => statements.map((s) => `execute ${quoted(s)};`).join("\n")
    return [`do $do$ begin if to_regtype('vector') is not null then ${run(withVectors)} else ${run(without)} end if; end $do$`]
  },
})

const holdsVectors = async (sql: Sql, table: string): Promise<boolean> => {
  const [row] = await sql.query<{ found: boolean }>(
    "select exists (select 1 from pg_attribute where attrelid = to_regclass($1) and attname = 'embedding' and not attisdropped) as found",
    [table],
  )
  return row?.found === true
}

/** Cached vectors of texts that are code (the built-in decks), so each process embeds them once. */
export const makeVectorCache = (embeddings: Embeddings) => {
  const cache = new Map<string, Float32Array>()
  return async (texts: readonly string[]): Promise<readonly Float32Array[]> => {
    const missing = [...new Set(texts.filter((text) => !cache.has(text)))]
    if (missing.length > 0) {
      const vectors = await Effect.runPromise(embeddings.embed(missing))
      missing.forEach((text, i) => cache.set(text, vectors[i]!))
    }
    return texts.map((text) => cache.get(text)!)
  }
}

/** (Re)embeds `cards`, whose text is new or changed. */
export const writeCardVectors = async (
  sql: Sql,
  tables: TableNames,
  embeddings: Embeddings,
  embed: (texts: readonly string[]) => Promise<readonly Float32Array[]>,
  cards: readonly CardRow[],
) => {
  if (cards.length === 0 || !(await holdsVectors(sql, tables.card_vectors!))) return
  const vectors = await embed(cards.map((card) => card.search_text))
  const key = (card: CardRow) => ({ tenant_id: card.tenant_id, deck_id: card.deck_id, card_id: card.card_id })
  // A text of stopwords only has no direction: it cannot be found by meaning, so it gets no vector.
  const hasDirection = (i: number) => vectors[i]!.some((x) => x !== 0)
  if (vectors.some((vector) => vector.length !== embeddings.dimension))
    throw new Error(`${embeddings.model} gave a vector that is not ${embeddings.dimension} long`)
  await deleteRows(sql, tables.card_vectors!, CARD_KEY, cards.filter((_, i) => !hasDirection(i)).map(key))
  const rows = cards.flatMap((card, i) => (hasDirection(i) ? [{ ...key(card), model: embeddings.model, embedding: vectorLiteral(vectors[i]!) }] : []))
  await upsertRows(sql, tables.card_vectors!, VECTOR_COLUMNS, CARD_KEY, rows)
}
