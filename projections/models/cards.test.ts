/**
 * The card library on the embedded store (PGlite has pgvector), filled by
 * the cards projection from library events: search by embedding finds the
 * cards a fixture says are nearest, through the HNSW index, within the
 * caller's tenant, among the built-in decks as well as the tenant's own.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { SAMPLE_DECK, SAMPLE_DECK_ID } from "../../actors/cards/sample-deck/index.ts"
import { readApiOver } from "../../gateway/http/testing/read-api.ts"
import { lexicalHashEmbeddings } from "../../ml/embeddings/lexical-hash.ts"
import { vectorLiteral } from "../../ml/embeddings/port.ts"
import { nearestCards } from "../queries/cards.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import type { ReadStore } from "../store/port.ts"
import { NATURE_DECK, NEAREST, RIVAL_DECK } from "../testing/decks.ts"
import { owner, runToHead } from "../testing/fixtures.ts"
import { libraryFacilitator, libraryScript } from "../testing/library.ts"
import { cardsProjection } from "./cards.ts"

const embeddings = lexicalHashEmbeddings()
const FREE_SAMPLE_CARDS = SAMPLE_DECK.cards.filter((card) => card.tier === "free")
let store: ReadStore
beforeAll(async () => {
  store = (await openPgliteStore()).store
  const script = libraryScript()
  script.admin("A", { type: "importDeck", deck: NATURE_DECK })
  script.admin("B", { type: "importDeck", deck: RIVAL_DECK })
  await runToHead(store, script.log(), cardsProjection)
})
afterAll(async () => {
  await Effect.runPromise(store.close())
})

const search = async (tenant: string, q: string, limit = 3, deck?: string) => {
  const [vector] = await Effect.runPromise(embeddings.embed([q]))
  return Effect.runPromise(
    store.asViewer({ tenant, userId: `${tenant}-facilitator`, roles: ["facilitator"] }, (sql) =>
      nearestCards(sql, vectorLiteral(vector!), embeddings.model, limit, deck),
    ),
  )
}

describe("card library with vector search (pgvector on PGlite)", () => {
  it("holds the built-in decks and the imported deck, with one embedding per card that has searchable words", async () => {
    const [row] = await owner(store, (sql) =>
      sql.query<{ cards: number; vectors: number }>(
        "select (select count(*)::int from cards where tenant_id = 'A') as cards, (select count(*)::int from card_vectors where tenant_id = 'A') as vectors",
      ),
    )
    const builtIn = SAMPLE_DECK.cards.length + 8
    expect(row).toEqual({ cards: builtIn + NATURE_DECK.cards.length, vectors: builtIn + NATURE_DECK.cards.length - 1 })
  })

  it.each(NEAREST)("finds $card first for '$q', among the nature deck and the built-in decks", async ({ q, card }) => {
    const hits = await search("A", q)
    expect(hits[0]?.id).toBe(card)
    expect(hits.map((h) => h.distance)).toEqual([...hits.map((h) => h.distance)].sort((a, b) => a - b))
    expect((await search("A", q, 1, "nature"))[0]?.id).toBe(card)
  })

  it("finds every free sample card first when searched by its own question, and never a card the licence does not cover", async () => {
    for (const card of FREE_SAMPLE_CARDS) {
      const hits = await search("A", card.question, 3, SAMPLE_DECK_ID)
      expect(hits[0]?.id, card.question).toBe(card.cardId)
    }
    const hits = await search("A", "what", 200, SAMPLE_DECK_ID)
    expect(hits.map((h) => h.tier).every((tier) => tier === "free")).toBe(true)
    expect(hits.length).toBe(FREE_SAMPLE_CARDS.length)
  })

  it("never returns another tenant's cards, even when they are nearer", async () => {
    const hits = await search("A", "river bridge over the river", 200)
    expect(hits.map((h) => h.id)).not.toContain("river-bridge-2")
    expect(hits.length).toBe(NATURE_DECK.cards.length - 1 + FREE_SAMPLE_CARDS.length)
    expect((await search("B", "river bridge", 1)).map((h) => h.id)).toEqual(["river-bridge-2"])
  })

  // For a viewer the planner weighs the tenant filter against the index: on this tiny library it
  // sorts the tenant's few rows (exact), on thousands of cards it picks the HNSW scan.
  it("the HNSW index serves the nearest-card ordering", async () => {
    const [vector] = await Effect.runPromise(embeddings.embed(["river"]))
    const plan = await owner(store, async (sql) => {
      await sql.query("set local enable_seqscan = off")
      return sql.query<Record<string, string>>("explain select card_id from card_vectors order by embedding <=> $1::vector limit 3", [
        vectorLiteral(vector!),
      ])
    })
    expect(plan.map((row) => Object.values(row)[0]).join("\n")).toContain("card_vectors_hnsw")
  })

  it("GET /cards/search answers with the nearest cards of the caller's tenant", async () => {
    const app = readApiOver(store, { embeddings })
    const response = await app.request(`/api/cards/search?q=${encodeURIComponent("a bridge over the river")}&limit=2`, {
      headers: { "x-test-user": JSON.stringify(libraryFacilitator("A") satisfies User) },
    })
    const body = (await response.json()) as { items: Array<{ id: string; deck: string; word: string; distance: number }> }
    expect(response.status).toBe(200)
    expect(body.items).toHaveLength(2)
    expect(body.items[0]).toMatchObject({ id: "river-bridge", deck: "nature", word: "River bridge" })
  })
})
