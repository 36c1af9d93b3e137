/** The card library API over a real server: tiers, licensed access records, admin edits and deck import. */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { asDeckFile, SAMPLE_DECK, TIDES_DECK } from "../../actors/cards/sample-deck/index.ts"
import { embeddedReadSide, startMethodServer, type MethodServer } from "./testing/method-server.ts"

let api: MethodServer
let admin: string
let participant: string
let otherAdmin: string
beforeAll(async () => {
  // The audit trail (licensed accesses) is a read model: the server runs a read side.
  api = await startMethodServer({ readSide: embeddedReadSide })
  admin = await api.login("facilitator@demo.example")
  participant = await api.login("participant1@demo.example")
  otherAdmin = await api.login("admin@other.example")
})
afterAll(() => api.dispose())

const svg = '<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#336699"/></svg>'

describe("what an organization sees", () => {
  it("a free organization sees the built-in decks, may use the sample deck's free cards, and not the pack", async () => {
    const reply = await api.call("GET", "/api/decks", undefined, participant)
    expect(reply.status).toBe(200)
    expect(reply.body.licence).toEqual({ tier: "free", packs: [] })
    const byId = Object.fromEntries(reply.body.decks.map((d: any) => [d.deckId, d]))
    expect(byId["studio-sample"]).toMatchObject({ builtIn: true, allowed: true, cards: SAMPLE_DECK.cards.length, usableCards: 40 })
    expect(byId["studio-tides"]).toMatchObject({ allowed: false, usableCards: 0 })
    const deck = await api.call("GET", "/api/decks/studio-sample", undefined, participant)
    expect(deck.body.cards).toHaveLength(40)
    expect(deck.body.cards.every((c: any) => c.tier === "free")).toBe(true)
    expect(await api.call("GET", "/api/decks/studio-tides", undefined, participant)).toMatchObject({
      status: 403,
      body: { detail: expect.stringMatching(/marketplace pack tides/) },
    })
  })

  it("an upgraded organization sees more, and each opening of licensed cards is recorded", async () => {
    await api.license("other", "enterprise", ["tides"])
    const deck = await api.call("GET", "/api/decks/studio-sample", undefined, otherAdmin)
    expect(deck.body.cards).toHaveLength(64)
    expect((await api.call("GET", "/api/decks/studio-tides", undefined, otherAdmin)).body.cards).toHaveLength(TIDES_DECK.cards.length)
    await api.readModelsCaughtUp()
    const audit = await api.call("GET", "/api/audit?category=licensed-content", undefined, otherAdmin)
    expect(audit.body.entries.map((e: any) => e.summary)).toEqual([
      expect.stringMatching(/opened 24 .*studio-sample/),
      expect.stringMatching(/opened 8 marketplace .*studio-tides/),
    ])
  })

  it("opening only free cards is not a licensed access", async () => {
    await api.readModelsCaughtUp()
    const before = (await api.call("GET", "/api/audit?category=licensed-content", undefined, admin)).body.entries.length
    await api.call("GET", "/api/decks/studio-sample", undefined, participant)
    await api.readModelsCaughtUp()
    expect((await api.call("GET", "/api/audit?category=licensed-content", undefined, admin)).body.entries).toHaveLength(before)
  })
})

describe("managing decks", () => {
  it("an admin creates a deck, adds, edits and retires a card, and retires the deck", async () => {
    expect(await api.call("POST", "/api/decks", { deckId: "team", title: "Team deck", language: "en", tier: "free" }, admin)).toMatchObject({
      status: 201,
      body: { id: "team" },
    })
    const card = {
      cardId: "t1",
      word: "Harbour",
      question: "Where do you rest?",
      image: { kind: "svg", svg },
      themes: ["rest"],
      tags: [],
      language: "en",
      tier: "free",
    }
    expect((await api.call("POST", "/api/decks/team/cards", { card }, admin)).status).toBe(201)
    expect((await api.call("PATCH", "/api/decks/team/cards/t1", { changes: { word: "Haven" } }, admin)).status).toBe(200)
    expect((await api.call("GET", "/api/decks/team", undefined, participant)).body.cards.map((c: any) => c.word)).toEqual(["Haven"])
    expect((await api.call("DELETE", "/api/decks/team/cards/t1", undefined, admin)).status).toBe(200)
    expect((await api.call("GET", "/api/decks/team", undefined, participant)).body.cards).toEqual([])
    expect((await api.call("PATCH", "/api/decks/team", { changes: { title: "Our deck" } }, admin)).status).toBe(200)
    expect((await api.call("DELETE", "/api/decks/team", undefined, admin)).status).toBe(200)
    expect((await api.call("GET", "/api/decks/team", undefined, participant)).status).toBe(404)
    expect((await api.call("POST", "/api/decks/team/restore", {}, admin)).status).toBe(200)
    expect((await api.call("GET", "/api/decks/team", undefined, participant)).status).toBe(200)
  })

  it("participants cannot manage decks; built-in decks cannot be edited", async () => {
    const facilitator = await api.login("participant2@demo.example")
    expect(await api.call("POST", "/api/decks", { title: "Mine", language: "en", tier: "free" }, facilitator)).toMatchObject({ status: 403 })
    expect(await api.call("PATCH", "/api/decks/studio-sample", { changes: { title: "x" } }, admin)).toMatchObject({ status: 404 })
  })

  it("importing a deck file creates the deck; a bad file names every bad field and changes nothing", async () => {
    const file = asDeckFile({ ...SAMPLE_DECK, cards: SAMPLE_DECK.cards.slice(0, 12) }, "imported")
    expect(await api.call("POST", "/api/decks/import", file, admin)).toMatchObject({ status: 201, body: { id: "imported" } })
    expect((await api.call("GET", "/api/decks/imported", undefined, admin)).body.cards).toHaveLength(12)

    const bad = {
      ...file,
      deckId: "broken",
      tier: "gold",
      cards: [{ ...file.cards[0], word: "" }, { ...file.cards[1], image: { kind: "svg", svg: "<svg><script>x()</script></svg>" } }, file.cards[0]],
    }
    const reply = await api.call("POST", "/api/decks/import", bad, admin)
    expect(reply).toMatchObject({ status: 422, type: "application/problem+json", body: { code: "invalid_command" } })
    for (const field of ["tier", "cards[0].word", "cards[1].image.svg"]) expect(reply.body.detail).toContain(`${field}:`)
    expect((await api.call("GET", "/api/decks/broken", undefined, admin)).status).toBe(404)

    const repeated = await api.call("POST", "/api/decks/import", { ...file, deckId: "twice", cards: [file.cards[0], file.cards[0]] }, admin)
    expect(repeated).toMatchObject({ status: 422, body: { detail: expect.stringContaining("cards[1].cardId: repeats cards[0].cardId") } })
  })

  it("another organization never sees a tenant's own decks", async () => {
    const decks = (await api.call("GET", "/api/decks", undefined, otherAdmin)).body.decks.map((d: any) => d.deckId)
    expect(decks).not.toContain("imported")
    expect((await api.call("GET", "/api/decks/imported", undefined, otherAdmin)).status).toBe(404)
  })
})
