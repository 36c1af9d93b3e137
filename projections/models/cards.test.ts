/**
 * The card library on the embedded store (PGlite has pgvector): decks load
 * whole or not at all, and search by embedding finds the cards a fixture
 * says are nearest, through the HNSW index, within the caller's tenant.
 */
import { Effect, Result } from "effect"
import { Hono } from "hono"
import type { User } from "../../engine/actor-kind.ts"
import { makeReadApi, type ReadApiEnv } from "../http/read-api.ts"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import { vectorLiteral } from "../embeddings/port.ts"
import { nearestCards } from "../queries/cards.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import type { ReadStore } from "../store/port.ts"
import { NATURE_DECK, NEAREST, RIVAL_DECK } from "../testing/decks.ts"
import { loadDeck } from "./cards.ts"

const embeddings = lexicalHashEmbeddings()
let store: ReadStore
beforeAll(async () => {
  store = (await openPgliteStore()).store
  await Effect.runPromise(loadDeck(store, embeddings, "A", NATURE_DECK))
  await Effect.runPromise(loadDeck(store, embeddings, "B", RIVAL_DECK))
})
afterAll(async () => {
  await Effect.runPromise(store.close())
})

const search = async (tenant: string, q: string, limit = 3) => {
  const [vector] = await Effect.runPromise(embeddings.embed([q]))
  return Effect.runPromise(store.asViewer({ tenant, userId: "u1", roles: ["participant"] }, (sql) => nearestCards(sql, vectorLiteral(vector!), embeddings.model, limit)))
}

describe("card library with vector search (pgvector on PGlite)", () => {
  it("loads a deck with one embedding per card that has searchable words", async () => {
    const [row] = await Effect.runPromise(store.asOwner((sql) => sql.query<{ cards: number; vectors: number }>("select (select count(*)::int from cards where tenant_id = 'A') as cards, (select count(*)::int from card_vectors where tenant_id = 'A') as vectors")))
    expect(row).toEqual({ cards: NATURE_DECK.cards.length, vectors: NATURE_DECK.cards.length - 1 })
  })

  it.each(NEAREST)("finds $card first for '$q'", async ({ q, card }) => {
    const hits = await search("A", q)
    expect(hits[0]?.id).toBe(card)
    expect(hits.map((h) => h.distance)).toEqual([...hits.map((h) => h.distance)].sort((a, b) => a - b))
  })

  it("never returns another tenant's cards, even when they are nearer", async () => {
    const hits = await search("A", "river bridge over the river", 20)
    expect(hits.map((h) => h.id)).not.toContain("river-bridge-2")
    expect(hits.length).toBe(NATURE_DECK.cards.length - 1)
    expect((await search("B", "river bridge", 20)).map((h) => h.id)).toEqual(["river-bridge-2"])
  })

  // For a viewer the planner weighs the tenant filter against the index: on this tiny library it
  // sorts the tenant's few rows (exact), on thousands of cards it picks the HNSW scan.
  it("the HNSW index serves the nearest-card ordering", async () => {
    const [vector] = await Effect.runPromise(embeddings.embed(["river"]))
    const plan = await Effect.runPromise(
      store.asOwner(async (sql) => {
        await sql.query("set local enable_seqscan = off")
        return sql.query<Record<string, string>>("explain select card_id from card_vectors order by embedding <=> $1::vector limit 3", [vectorLiteral(vector!)])
      }),
    )
    expect(plan.map((row) => Object.values(row)[0]).join("\n")).toContain("card_vectors_hnsw")
  })

  it("GET /cards/search answers with the nearest cards of the caller's tenant", async () => {
    const app = new Hono<ReadApiEnv>()
    app.use("*", async (c, next) => {
      c.set("user", { id: "A-u1", tenant: "A", roles: ["participant"] } satisfies User)
      await next()
    })
    app.route("/api", makeReadApi(store, { embeddings }))
    const response = await app.request(`/api/cards/search?q=${encodeURIComponent("a bridge over the river")}&limit=2`)
    const body = (await response.json()) as { items: Array<{ id: string; distance: number }> }
    expect(response.status).toBe(200)
    expect(body.items.map((hit) => hit.id)).toHaveLength(2)
    expect(body.items[0]?.id).toBe("river-bridge")
  })

  it("refuses a deck with a bad card and changes nothing", async () => {
    const bad = { deck: "nature", cards: [{ id: "river-bridge", title: "Renamed" }, { id: "bad id!", title: "x" }] }
    const result = await Effect.runPromise(Effect.result(loadDeck(store, embeddings, "A", bad)))
    expect(Result.isFailure(result) && result.failure._tag).toBe("InvalidDeck")
    const duplicate = await Effect.runPromise(Effect.result(loadDeck(store, embeddings, "A", { deck: "x", cards: [{ id: "a", title: "a" }, { id: "a", title: "b" }] })))
    expect(Result.isFailure(duplicate) && duplicate.failure.message).toMatch(/appears twice/)
    const [row] = await Effect.runPromise(store.asOwner((sql) => sql.query<{ title: string }>("select title from cards where tenant_id = 'A' and card_id = 'river-bridge'")))
    expect(row?.title).toBe("River bridge")
  })
})
