/**
 * Card library read model: per tenant, its licence (`card_libraries`), its
 * decks (`card_decks`) and their cards (`cards`, with a full-text index and,
 * in `card_vectors`, embeddings for search by meaning).
 *
 * A tenant's library opens when its organization or its `library/<tenant>`
 * actor first appears in the log, whichever comes first: the gateway creates
 * every tenant through its organization, so its members find the built-in
 * decks from their first sign-in, before anyone touched the library; and a
 * library's own first event opens it too, so a log without organizations
 * (tests, imports) still gets one. At that moment the built-in decks (code,
 * not events) are written as the tenant's rows, under the free licence. They
 * are rows like any others so that listing, full-text and the HNSW search
 * work on one table, and so that the licence decides what each tenant sees
 * of them. Because those rows depend on code, the projection's version is
 * derived from the built-in decks and the embeddings model: changing either
 * rebuilds the read model.
 *
 * Library events then change the licence and the tenant's own decks exactly
 * as the actor's `evolve` does (library-fold.ts). Visibility mirrors actors/cards: admins see all
 * of their organization's own decks and cards; admins and facilitators see
 * the active decks and cards the licence covers (`usableDeck`), built-in or
 * own; nobody else sees the library (participants meet cards in sessions).
 *
 * Deck files are not loaded here: they go through the library actor's
 * `importDeck` (POST /api/decks/import), and so arrive as events.
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import type { Commit } from "../../engine/eventlog/port.ts"
import { LIBRARY_KIND, LibraryEvent } from "../../actors/cards/index.ts"
import { BUILT_IN_DECKS } from "../../actors/cards/sample-deck/index.ts"
import { ORGANIZATION_KIND } from "../../actors/organization/index.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import type { Embeddings } from "../embeddings/port.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { tenantTable, viewerHasRole } from "../store/tables.ts"
import { loadRows, updateRows, upsertRows } from "./bulk.ts"
import { cardVectorsTable, makeVectorCache, writeCardVectors } from "./card-vectors.ts"
import { cardKey, foldEvent, settle, type LibraryFold, type Scope } from "./library-fold.ts"
import {
  builtInRows,
  CARD_COLUMNS,
  CARD_KEY,
  cardUsable,
  DECK_COLUMNS,
  DECK_KEY,
  freshLibrary,
  LIBRARY_COLUMNS,
  licenceOf,
  type CardRow,
  type DeckRow,
  type LibraryRow,
} from "./library-rows.ts"
import { decoderFor, streamsOf, type Stream } from "./streams.ts"

/** Bump when the tables or the meaning of `apply` change. */
const CARDS_SCHEMA_VERSION = 1

const READS_LIBRARY = `(${viewerHasRole("admin")} or ${viewerHasRole("facilitator")})`
export const LIBRARY_ROW_VISIBLE = `((usable and ${READS_LIBRARY}) or (${viewerHasRole("admin")} and not built_in))`

const librariesTable = {
  name: "card_libraries",
  create: (t: string) =>
    tenantTable(t, {
      columns: "tier text not null, packs text[] not null, last_seq integer not null",
      primaryKey: "tenant_id",
      visibleWhen: READS_LIBRARY,
    }),
}

const decksTable = {
  name: "card_decks",
  create: (t: string) =>
    tenantTable(t, {
      columns: `deck_id text not null, built_in boolean not null, title text not null, description text not null, language text not null,
        tier text not null, pack_id text, status text not null, usable boolean not null`,
      primaryKey: "tenant_id, deck_id",
      visibleWhen: LIBRARY_ROW_VISIBLE,
    }),
}

const cardsTable = {
  name: "cards",
  create: (t: string) => [
    ...tenantTable(t, {
      columns: `deck_id text not null, card_id text not null, built_in boolean not null, word text not null, question text not null,
        themes text[] not null, tags text[] not null, language text not null, tier text not null, status text not null, usable boolean not null,
        image jsonb not null, search_text text not null,
        search tsvector generated always as (setweight(to_tsvector('english', word), 'A') || setweight(to_tsvector('english', search_text), 'B')) stored`,
      primaryKey: "tenant_id, deck_id, card_id",
      visibleWhen: LIBRARY_ROW_VISIBLE,
    }),
    `create index ${t}_search on ${t} using gin (search)`,
  ],
}

const decode = decoderFor(LibraryEvent, LIBRARY_KIND)

const fromDb = <R>(row: Record<string, unknown>): R => {
  const { search: _search, ...rest } = row
  return rest as R
}

/** Opens the libraries of tenants seen for the first time: a library row under the free licence, and the built-in decks. */
const openLibraries = async (
  sql: Sql,
  tables: TableNames,
  tenants: readonly string[],
  embeddings: Embeddings,
  embedBuiltIn: ReturnType<typeof makeVectorCache>,
) => {
  const rows = tenants.map(builtInRows)
  await upsertRows(sql, tables.card_libraries!, LIBRARY_COLUMNS, ["tenant_id"], tenants.map(freshLibrary))
  await upsertRows(
    sql,
    tables.card_decks!,
    DECK_COLUMNS,
    DECK_KEY,
    rows.flatMap((r) => r.decks),
  )
  const cards = rows.flatMap((r) => r.cards)
  await upsertRows(sql, tables.cards!, CARD_COLUMNS, CARD_KEY, cards)
  await writeCardVectors(sql, tables, embeddings, embedBuiltIn, cards)
}

const loadFolds = async (sql: Sql, tables: TableNames, streams: readonly Stream<LibraryEvent>[], libraries: ReadonlyMap<string, LibraryRow>) => {
  const tenants = streams.map((s) => s.addr.tenant)
  const decks = (await sql.query<Record<string, unknown>>(`select * from ${tables.card_decks} where tenant_id = any($1::text[])`, [tenants])).map(
    (row) => fromDb<DeckRow>(row),
  )
  const referenced = streams.flatMap((s) =>
    s.events.flatMap(({ event }) => ("cardId" in event ? [{ tenant_id: s.addr.tenant, deck_id: event.deckId, card_id: event.cardId }] : [])),
  )
  const cards = (await loadRows<Record<string, unknown>>(sql, tables.cards!, CARD_KEY, referenced)).map((row) => fromDb<CardRow>(row))
  return new Map(
    tenants.map((tenant): [string, LibraryFold] => {
      const loadedDecks = new Map(decks.filter((d) => d.tenant_id === tenant).map((d) => [d.deck_id, d]))
      const loadedCards = new Map(cards.filter((c) => c.tenant_id === tenant).map((c) => [cardKey(c.deck_id, c.card_id), c]))
      const library = libraries.get(tenant)!
      return [tenant, { library, loadedLibrary: library, decks: new Map(loadedDecks), loadedDecks, cards: new Map(loadedCards), loadedCards }]
    }),
  )
}

const USABLE_COLUMNS = CARD_COLUMNS.filter((c) => (CARD_KEY as readonly string[]).includes(c.name) || c.name === "usable")

const refreshUsable = async (sql: Sql, tables: TableNames, scopes: readonly Scope[], folds: ReadonlyMap<string, LibraryFold>) => {
  if (scopes.length === 0) return
  const rows = await sql.query<CardRow>(
    `select c.tenant_id, c.deck_id, c.card_id, c.tier, c.status, c.usable from ${tables.cards} c
       join jsonb_to_recordset($1::text::jsonb) as r(tenant_id text, deck_id text) on c.tenant_id = r.tenant_id and (r.deck_id is null or c.deck_id = r.deck_id)`,
    [JSON.stringify(scopes)],
  )
  const changed = rows.flatMap((card) => {
    const fold = folds.get(card.tenant_id)!
    const usable = cardUsable(fold.decks.get(card.deck_id)!, card, licenceOf(fold.library))
    return usable === card.usable ? [] : [{ tenant_id: card.tenant_id, deck_id: card.deck_id, card_id: card.card_id, usable }]
  })
  await updateRows(sql, tables.cards!, USABLE_COLUMNS, CARD_KEY, changed)
}

export const makeCardsProjection = (embeddings: Embeddings): Projection => {
  const embedBuiltIn = makeVectorCache(embeddings)
  const embed = (texts: readonly string[]) => Effect.runPromise(embeddings.embed(texts))
  const derivedFrom = createHash("sha256").update(JSON.stringify(BUILT_IN_DECKS)).update(embeddings.model).digest()

  const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
    const tenants = new Set(commits.filter((c) => c.addr.kind === ORGANIZATION_KIND || c.addr.kind === LIBRARY_KIND).map((c) => c.addr.tenant))
    if (tenants.size === 0) return
    const libraries = new Map(
      (
        await loadRows<LibraryRow>(
          sql,
          tables.card_libraries!,
          ["tenant_id"],
          [...tenants].map((tenant_id) => ({ tenant_id })),
        )
      ).map((row) => [row.tenant_id, row]),
    )
    const newcomers = [...tenants].filter((tenant) => !libraries.has(tenant))
    if (newcomers.length > 0) await openLibraries(sql, tables, newcomers, embeddings, embedBuiltIn)
    for (const tenant of newcomers) libraries.set(tenant, freshLibrary(tenant))

    // The actor refuses any library but `library/<tenant>`, so no other id is ever logged.
    const streams = [...streamsOf(commits, LIBRARY_KIND, decode).values()].filter(
      (s) => s.addr.id === s.addr.tenant && s.events.some((e) => e.seq > libraries.get(s.addr.tenant)!.last_seq),
    )
    if (streams.length === 0) return
    const folds = await loadFolds(sql, tables, streams, libraries)
    for (const stream of streams) {
      const fold = folds.get(stream.addr.tenant)!
      for (const logged of stream.events) {
        if (logged.seq <= fold.library.last_seq) continue
        foldEvent(fold, logged.event)
        fold.library = { ...fold.library, last_seq: logged.seq }
      }
    }
    const settled = [...folds.values()].map(settle)
    await upsertRows(
      sql,
      tables.card_libraries!,
      LIBRARY_COLUMNS,
      ["tenant_id"],
      [...folds.values()].map((f) => f.library),
    )
    await upsertRows(
      sql,
      tables.card_decks!,
      DECK_COLUMNS,
      DECK_KEY,
      settled.flatMap((s) => s.decks),
    )
    await upsertRows(
      sql,
      tables.cards!,
      CARD_COLUMNS,
      CARD_KEY,
      settled.flatMap((s) => s.cards),
    )
    await writeCardVectors(
      sql,
      tables,
      embeddings,
      embed,
      settled.flatMap((s) => s.texts),
    )
    await refreshUsable(
      sql,
      tables,
      settled.flatMap((s) => s.reconsider),
      folds,
    )
  }

  return {
    name: "cards",
    version: CARDS_SCHEMA_VERSION * 1_000_000 + (derivedFrom.readUInt32BE(0) % 1_000_000),
    tables: [librariesTable, decksTable, cardsTable, cardVectorsTable(embeddings.dimension)],
    onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "skip" },
    apply,
  }
}

/**
 * With the lexical hash, as tests and tools that start projections in one thread use it. A node's
 * read-side worker is handed the configured embeddings by its entry (gateway/read-side-worker.ts), for its
 * projection and its read API alike: a search compares vectors of one model only.
 */
export const cardsProjection = makeCardsProjection(lexicalHashEmbeddings())
