/**
 * Who sees which cards, through the read API, as library events arrive:
 * a tenant's library opens with the built-in decks when its organization is
 * created; facilitators see the active cards the licence covers, admins also
 * their own retired and uncovered ones, participants none; licence changes,
 * retirements and edits show at once; a card's vector follows its text.
 */
import { Effect } from "effect"
import type { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { CardInput } from "../../actors/cards/card.ts"
import { SAMPLE_DECK, SAMPLE_DECK_ID, TIDES_DECK_ID, TIDES_PACK_ID } from "../../actors/cards/sample-deck/index.ts"
import type { ContentTier } from "../../actors/cards/tiers.ts"
import { sessionKind } from "../../actors/session/index.ts"
import { lexicalHashEmbeddings } from "../../ml/embeddings/lexical-hash.ts"
import { readApiOver } from "../../gateway/http/testing/read-api.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import type { ReadStore } from "../store/port.ts"
import { owner, runToHead } from "../testing/fixtures.ts"
import { libraryAdmin, libraryFacilitator, libraryParticipant, libraryScript } from "../testing/library.ts"
import { cardsProjection } from "./cards.ts"

const embeddings = lexicalHashEmbeddings()
const sampleOf = (...tiers: ContentTier[]) =>
  SAMPLE_DECK.cards.filter((card) => tiers.includes(card.tier)).map((card) => `${SAMPLE_DECK_ID}/${card.cardId}`)
const ownCard = (cardId: string, tier: ContentTier, word: string, question: string): CardInput => ({
  cardId,
  word,
  question,
  image: { kind: "svg", svg: `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>` },
  themes: ["practice"],
  tags: [],
  language: "en",
  tier,
})
const OWN = {
  deckId: "own",
  title: "Our deck",
  description: "Made here",
  language: "en",
  tier: "free" as const,
  packId: null,
  cards: [
    ownCard("o-free", "free", "Lighthouse", "Which light guides you home?"),
    ownCard("o-pro", "pro", "Anchor", "What keeps you steady?"),
    ownCard("o-enterprise", "enterprise", "Summit", "What would the top show you?"),
    ownCard("o-retired", "free", "Ember", "What still glows?"),
  ],
}

let store: ReadStore
let app: Hono
const script = libraryScript()
const catchUp = () => runToHead(store, script.log(), cardsProjection)

const get = async (path: string, user: User) => {
  const response = await app.request(path, { headers: { "x-test-user": JSON.stringify(user) } })
  return { status: response.status, body: (await response.json()) as any }
}
/** Every card the caller sees, as deck/card, following the cursor. */
const seen = async (user: User, query = "") => {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page = await get(`/api/cards?limit=30${query}${cursor ? `&cursor=${cursor}` : ""}`, user)
    expect(page.status).toBe(200)
    ids.push(...page.body.items.map((card: { deck: string; id: string }) => `${card.deck}/${card.id}`))
    cursor = page.body.nextCursor
  } while (cursor)
  return ids
}

beforeAll(async () => {
  store = (await openPgliteStore()).store
  app = readApiOver(store, { embeddings })
  script.organization("C")
  const someone = libraryAdmin("D")
  script.driver.send(sessionKind, makeAddress("D", "session", "s1"), someone, { type: "create", title: "A session only" })
  await catchUp()
})
afterAll(async () => {
  await Effect.runPromise(store.close())
})

describe("card library visibility", () => {
  it("opens a tenant's library with the built-in decks when its organization is created, before any library event", async () => {
    expect(await seen(libraryFacilitator("C"))).toEqual(sampleOf("free"))
    // A tenant whose log holds only a session has no library yet.
    expect(await seen(libraryFacilitator("D"))).toEqual([])
    const [row] = await owner(store, (sql) => sql.query("select tier, packs, last_seq from card_libraries where tenant_id = 'C'"))
    expect(row).toEqual({ tier: "free", packs: [], last_seq: 0 })
  })

  it("shows facilitators the covered active cards, admins also their own retired and uncovered ones, participants nothing", async () => {
    script.admin("C", { type: "importDeck", deck: OWN })
    script.admin("C", { type: "retireCard", deckId: "own", cardId: "o-retired" })
    await catchUp()
    expect(await seen(libraryFacilitator("C"))).toEqual([`own/o-free`, ...sampleOf("free")])
    expect(await seen(libraryAdmin("C"))).toEqual([...OWN.cards.map((c) => `own/${c.cardId}`).sort(), ...sampleOf("free")])
    expect(await seen(libraryParticipant("C"))).toEqual([])
    const retired = await get("/api/cards?status=retired", libraryAdmin("C"))
    expect(retired.body.items.map((c: any) => ({ id: c.id, status: c.status, usable: c.usable }))).toEqual([
      { id: "o-retired", status: "retired", usable: false },
    ])
  })

  it("follows the licence: a higher tier and a pack show more cards, revoking and lowering hide them again", async () => {
    const facilitator = libraryFacilitator("C")
    script.billing("C", { type: "setTier", tier: "pro" })
    await catchUp()
    expect(await seen(facilitator)).toEqual(["own/o-free", "own/o-pro", ...sampleOf("free", "pro")])
    script.billing("C", { type: "grantPack", packId: TIDES_PACK_ID })
    await catchUp()
    expect(await seen(facilitator, `&deck=${TIDES_DECK_ID}`)).toHaveLength(8)
    script.billing("C", { type: "revokePack", packId: TIDES_PACK_ID })
    script.billing("C", { type: "setTier", tier: "free" })
    await catchUp()
    expect(await seen(facilitator)).toEqual(["own/o-free", ...sampleOf("free")])
  })

  it("hides a retired deck's cards from facilitators and keeps them for admins, until it is restored", async () => {
    script.admin("C", { type: "retireDeck", deckId: "own" })
    await catchUp()
    expect(await seen(libraryFacilitator("C"), "&deck=own")).toEqual([])
    const forAdmin = (await get("/api/cards?deck=own", libraryAdmin("C"))).body.items.map((c: any) => ({
      deckStatus: c.deckStatus,
      usable: c.usable,
    }))
    expect(forAdmin).toEqual(OWN.cards.map(() => ({ deckStatus: "retired", usable: false })))
    script.admin("C", { type: "restoreDeck", deckId: "own" })
    await catchUp()
    expect(await seen(libraryFacilitator("C"), "&deck=own")).toEqual(["own/o-free"])
  })

  it("filters by tier, theme and words", async () => {
    const admin = libraryAdmin("C")
    expect(await seen(admin, "&tier=enterprise")).toEqual(["own/o-enterprise"])
    expect(await seen(admin, "&theme=practice&status=active")).toEqual(["own/o-enterprise", "own/o-free", "own/o-pro"])
    expect(await seen(admin, "&q=lighthouse")).toEqual(["own/o-free"])
    const threshold = SAMPLE_DECK.cards.find((card) => card.word === "Threshold")!
    expect(await seen(admin, "&q=threshold")).toEqual([`${SAMPLE_DECK_ID}/${threshold.cardId}`])
    expect((await get("/api/cards?tier=gold", admin)).status).toBe(400)
  })

  it("re-embeds a card when its text changes, and only then", async () => {
    const vectorOf = async () =>
      (
        await owner(store, (sql) =>
          sql.query<{ embedding: string }>("select embedding::text from card_vectors where tenant_id = 'C' and card_id = 'o-free'"),
        )
      )[0]?.embedding
    const before = await vectorOf()
    script.admin("C", { type: "editCard", deckId: "own", cardId: "o-free", changes: { tier: "pro" } })
    await catchUp()
    expect(await vectorOf()).toBe(before)
    script.admin("C", { type: "editCard", deckId: "own", cardId: "o-free", changes: { tier: "free", question: "Which harbour beacon calls you?" } })
    await catchUp()
    expect(await vectorOf()).not.toBe(before)
    const hits = await get(`/api/cards/search?q=${encodeURIComponent("harbour beacon")}&limit=1`, libraryFacilitator("C"))
    expect(hits.body.items.map((c: any) => c.id)).toEqual(["o-free"])
  })
})
