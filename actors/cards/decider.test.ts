import { describe, expect, it } from "vitest"
import { TEST_TENANT, testAddress, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { libraryKind, MAX_CARDS_PER_DECK, SYSTEM_USER_ID, type CardInput, type LibraryEvent } from "./index.ts"

const admin = testUser("admin-1", ["admin"])
const facilitator = testUser("fac-1", ["facilitator"])
const system = testUser(SYSTEM_USER_ID, ["admin"])
const library = spec(libraryKind, { addr: testAddress("library", TEST_TENANT) })

const svg = '<svg viewBox="0 0 10 10"><rect width="10" height="10" fill="#eeeeee"/></svg>'
const card = (cardId: string, overrides: Partial<CardInput> = {}): CardInput => ({
  cardId,
  word: "Harbour",
  question: "Where do you feel safe?",
  image: { kind: "svg", svg },
  themes: ["rest"],
  tags: [],
  language: "en",
  tier: "free",
  ...overrides,
})
const deckFields = { title: "Team deck", description: "", language: "en", tier: "free", packId: null } as const
const created: LibraryEvent = { type: "deckCreated", deckId: "team", ...deckFields }
const added: LibraryEvent = { type: "cardAdded", deckId: "team", card: card("c1") }

describe("createDeck and importDeck", () => {
  it("an admin creates an empty deck", () => {
    const { state } = library.when({ type: "createDeck", deckId: "team", ...deckFields }, { user: admin }).then([created])
    expect(state.decks).toEqual([{ deckId: "team", ...deckFields, status: "active", cards: [] }])
  })

  it("importing creates the deck and adds every card in one decision", () => {
    const deck = { deckId: "team", ...deckFields, cards: [card("c1"), card("c2", { tier: "pro" })] }
    library
      .when({ type: "importDeck", deck }, { user: admin })
      .then([created, added, { type: "cardAdded", deckId: "team", card: card("c2", { tier: "pro" }) }])
  })

  it("is refused for facilitators and participants", () => {
    library.when({ type: "createDeck", deckId: "team", ...deckFields }, { user: facilitator }).thenRejects("forbidden", /admins/)
    library
      .when({ type: "importDeck", deck: { deckId: "team", ...deckFields, cards: [card("c1")] } }, { user: testUser("p") })
      .thenRejects("forbidden")
  })

  it("is refused when the deck id exists, repeats a card, is reserved, or a marketplace deck has no pack", () => {
    library
      .given([created])
      .when({ type: "createDeck", deckId: "team", ...deckFields }, { user: admin })
      .thenRejects("conflict", /already exists/)
    library
      .when({ type: "importDeck", deck: { deckId: "team", ...deckFields, cards: [card("c1"), card("c1")] } }, { user: admin })
      .thenRejects("invalid_command", /once/)
    library.when({ type: "createDeck", deckId: "studio-mine", ...deckFields }, { user: admin }).thenRejects("invalid_command", /built-in/)
    library.when({ type: "createDeck", deckId: "m", ...deckFields, tier: "marketplace" }, { user: admin }).thenRejects("invalid_command", /packId/)
  })

  it("refuses unsafe SVG, unknown tiers and bad language tags at the schema", () => {
    const bad = (image: unknown) => ({ type: "addCard", deckId: "team", card: { ...card("c9"), image } })
    library.when(bad({ kind: "svg", svg: "<svg><script>alert(1)</script></svg>" })).thenRefusedBySchema(/scripts/)
    library.when(bad({ kind: "svg", svg: '<svg><image href="https://x.example/a.png"/></svg>' })).thenRefusedBySchema(/external/)
    library.when(bad({ kind: "svg", svg: '<svg onload="x()"></svg>' })).thenRefusedBySchema(/handlers/)
    library.when(bad({ kind: "url", url: "javascript:alert(1)" })).thenRefusedBySchema(/https/)
    library.when({ type: "createDeck", deckId: "t", ...deckFields, tier: "gold" }).thenRefusedBySchema()
    library.when({ type: "createDeck", deckId: "t", ...deckFields, language: "English" }).thenRefusedBySchema(/language tag/)
  })
})

describe("updateDeck, retireDeck, restoreDeck", () => {
  it("records only what changes, and nothing when nothing changes", () => {
    library
      .given([created])
      .when({ type: "updateDeck", deckId: "team", changes: { title: "Team deck", tier: "pro" } }, { user: admin })
      .then([{ type: "deckUpdated", deckId: "team", changes: { tier: "pro" } }])
    library
      .given([created])
      .when({ type: "updateDeck", deckId: "team", changes: { title: "Team deck" } }, { user: admin })
      .then([])
  })

  it("refuses turning a deck into marketplace content without a pack, and an unknown deck", () => {
    library
      .given([created])
      .when({ type: "updateDeck", deckId: "team", changes: { tier: "marketplace" } }, { user: admin })
      .thenRejects("invalid_command", /packId/)
    library
      .given([created])
      .when({ type: "updateDeck", deckId: "nope", changes: { title: "x" } }, { user: admin })
      .thenRejects("not_found")
  })

  it("retires and restores, each once", () => {
    const { state } = library
      .given([created])
      .when({ type: "retireDeck", deckId: "team" }, { user: admin })
      .then([{ type: "deckRetired", deckId: "team" }])
    expect(state.decks[0]?.status).toBe("retired")
    library
      .given([created, { type: "deckRetired", deckId: "team" }])
      .when({ type: "retireDeck", deckId: "team" }, { user: admin })
      .then([])
    library
      .given([created, { type: "deckRetired", deckId: "team" }])
      .when({ type: "restoreDeck", deckId: "team" }, { user: admin })
      .then([{ type: "deckRestored", deckId: "team" }])
    library.given([created]).when({ type: "retireDeck", deckId: "team" }, { user: facilitator }).thenRejects("forbidden")
  })
})

describe("cards", () => {
  it("adds, edits only what changed, retires and restores a card", () => {
    library
      .given([created])
      .when({ type: "addCard", deckId: "team", card: card("c1") }, { user: admin })
      .then([added])
    library
      .given([created, added])
      .when({ type: "editCard", deckId: "team", cardId: "c1", changes: { word: "Harbour", question: "Who keeps you safe?" } }, { user: admin })
      .then([{ type: "cardEdited", deckId: "team", cardId: "c1", changes: { question: "Who keeps you safe?" } }])
    library
      .given([created, added])
      .when({ type: "editCard", deckId: "team", cardId: "c1", changes: { themes: ["rest"] } }, { user: admin })
      .then([])
    const { state } = library
      .given([created, added])
      .when({ type: "retireCard", deckId: "team", cardId: "c1" }, { user: admin })
      .then([{ type: "cardRetired", deckId: "team", cardId: "c1" }])
    expect(state.decks[0]?.cards[0]?.status).toBe("retired")
    library
      .given([created, added, { type: "cardRetired", deckId: "team", cardId: "c1" }])
      .when({ type: "restoreCard", deckId: "team", cardId: "c1" }, { user: admin })
      .then([{ type: "cardRestored", deckId: "team", cardId: "c1" }])
  })

  it("refuses a repeated card, an unknown card and a full deck", () => {
    library
      .given([created, added])
      .when({ type: "addCard", deckId: "team", card: card("c1") }, { user: admin })
      .thenRejects("conflict", /already/)
    library
      .given([created])
      .when({ type: "editCard", deckId: "team", cardId: "zz", changes: { word: "x" } }, { user: admin })
      .thenRejects("not_found")
    const full = Array.from({ length: MAX_CARDS_PER_DECK }, (_, i): LibraryEvent => ({ type: "cardAdded", deckId: "team", card: card(`k${i}`) }))
    library
      .given([created, ...full])
      .when({ type: "addCard", deckId: "team", card: card("extra") }, { user: admin })
      .thenRejects("conflict", /at most/)
  })
})

describe("licence", () => {
  it("only the system identity sets the tier and grants or revokes packs", () => {
    const { state } = library.when({ type: "setTier", tier: "pro" }, { user: system }).then([{ type: "tierChanged", from: "free", to: "pro" }])
    expect(state.licence).toEqual({ tier: "pro", packs: [] })
    library.when({ type: "setTier", tier: "free" }, { user: system }).then([])
    library.when({ type: "setTier", tier: "enterprise" }, { user: admin }).thenRejects("forbidden", /billing/)
    library.when({ type: "grantPack", packId: "tides" }, { user: system }).then([{ type: "packGranted", packId: "tides" }])
    library
      .given([{ type: "packGranted", packId: "tides" }])
      .when({ type: "grantPack", packId: "tides" }, { user: system })
      .then([])
    library
      .given([{ type: "packGranted", packId: "tides" }])
      .when({ type: "revokePack", packId: "tides" }, { user: system })
      .then([{ type: "packRevoked", packId: "tides" }])
    library.when({ type: "revokePack", packId: "tides" }, { user: system }).then([])
    library.when({ type: "grantPack", packId: "tides" }, { user: admin }).thenRejects("forbidden")
  })

  it("records a licensed access from the server only", () => {
    const access = { userId: "fac-1", deckId: "studio-sample", tier: "pro", packId: null, cards: 16, purpose: "view" } as const
    const { state } = library.when({ type: "recordAccess", ...access }, { user: system }).then([{ type: "contentAccessed", ...access }])
    expect(state.accesses).toBe(1)
    library.when({ type: "recordAccess", ...access }, { user: facilitator }).thenRejects("forbidden")
  })

  it("lives only at library/<tenant>", () => {
    spec(libraryKind, { addr: testAddress("library", "elsewhere") })
      .when({ type: "createDeck", deckId: "team", ...deckFields }, { user: admin })
      .thenRejects("not_found", /library\/tenant-1/)
  })

  it("refuses a user of another tenant as if the library did not exist", () => {
    library.when({ type: "createDeck", deckId: "team", ...deckFields }, { user: testUser("admin-2", ["admin"], "tenant-2") }).thenRejects("not_found")
  })
})

describe("reading", () => {
  const state = library.given([
    created,
    added,
    { type: "cardAdded", deckId: "team", card: card("c2", { tier: "pro" }) },
    { type: "deckCreated", deckId: "gone", ...deckFields },
    { type: "deckRetired", deckId: "gone" },
    { type: "contentAccessed", userId: "fac-1", deckId: "team", tier: "pro", packId: null, cards: 1, purpose: "view" },
  ]).state

  it("admins and facilitators read; participants and other tenants do not", () => {
    expect([admin, facilitator, testUser("p"), testUser("admin-1", ["admin"], "tenant-2")].map((u) => libraryKind.canRead(state, u))).toEqual([
      true,
      true,
      false,
      false,
    ])
  })

  it("facilitators see only active decks and the cards the licence covers, and no access records", () => {
    const view = libraryKind.redactState!(state, facilitator) as typeof state
    expect(view.decks.map((d) => [d.deckId, d.cards.map((c) => c.cardId)])).toEqual([["team", ["c1"]]])
    expect(view.accesses).toBe(0)
    expect(libraryKind.redactEvent!(state, { type: "cardAdded", deckId: "team", card: card("c2", { tier: "pro" }) }, facilitator)).toBeUndefined()
    expect(
      libraryKind.redactEvent!(
        state,
        { type: "contentAccessed", userId: "x", deckId: "team", tier: "pro", packId: null, cards: 1, purpose: "view" },
        facilitator,
      ),
    ).toBeUndefined()
    expect((libraryKind.redactState!(state, admin) as typeof state).decks).toHaveLength(2)
  })
})
