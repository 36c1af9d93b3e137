import { describe, expect, it } from "vitest"
import { spec } from "../../engine/testing/decider-spec.ts"
import { cardsInView, drawPool, replayDraw } from "./cards.ts"
import { admin, ana, ben, coFacilitator, decksLoaded, drawn, freeDeck, lead, outsider, picked, system, withGroup } from "./testing/fixtures.ts"
import { sessionKind, type SessionState } from "./index.ts"

const session = spec(sessionKind)
const ready = [...withGroup, decksLoaded()]

describe("loadDecks", () => {
  it("the server's system identity loads the licence and decks", () => {
    const { state } = session
      .given(withGroup)
      .when({ type: "loadDecks", licence: { tier: "pro", packs: [] }, decks: [freeDeck] }, { user: system })
      .then([{ type: "decksLoaded", licence: { tier: "pro", packs: [] }, decks: [freeDeck] }])
    expect(state.licence?.tier).toBe("pro")
  })

  it("is refused for anyone else, facilitators and admins included, and for a deck loaded twice", () => {
    const command = { type: "loadDecks", licence: { tier: "enterprise", packs: [] }, decks: [freeDeck] }
    session
      .given(withGroup)
      .when(command, { user: lead })
      .thenRejects("forbidden", /loaded by the server/)
    session.given(withGroup).when(command, { user: admin }).thenRejects("forbidden")
    session
      .given(withGroup)
      .when({ ...command, decks: [freeDeck, freeDeck] }, { user: system })
      .thenRejects("invalid_command", /once/)
  })
})

describe("drawCards", () => {
  it("shuffles the cards the licence covers with a seed from a fresh id and records seed, pool and cards", () => {
    const pool = drawPool(freeDeck, { tier: "free", packs: [] })
    expect(pool).toEqual(["f1", "f2", "f3", "f4", "f5", "f6"])
    const cardIds = replayDraw(pool, "id-2", 3)
    const { state } = session
      .given(ready)
      .when({ type: "drawCards", deckId: "sample", count: 3, faceDown: true, picksPerPerson: 1 }, { user: lead })
      .then([
        {
          type: "cardsDrawn",
          drawId: "id-1",
          deckId: "sample",
          deckTier: "free",
          packId: null,
          faceDown: true,
          count: 3,
          picksPerPerson: 1,
          seed: "id-2",
          poolSize: 6,
          cardIds,
        },
      ])
    expect(state.draws).toHaveLength(1)
    expect(new Set(cardIds).size).toBe(3)
    expect(cardIds.every((id) => pool.includes(id))).toBe(true)
  })

  it("the same seed always gives the same spread, and different seeds spread differently", () => {
    const pool = drawPool(freeDeck, { tier: "pro", packs: [] })
    expect(replayDraw(pool, "seed-a", 8)).toEqual(replayDraw(pool, "seed-a", 8))
    expect(replayDraw(pool, "seed-a", 8).sort()).toEqual([...pool].sort())
    const spreads = new Set(Array.from({ length: 20 }, (_, i) => replayDraw(pool, `seed-${i}`, 8).join()))
    expect(spreads.size).toBeGreaterThan(15)
  })

  it("is refused for a deck the licence does not cover, naming what it needs", () => {
    session
      .given(ready)
      .when({ type: "drawCards", deckId: "studio-pro", count: 2, faceDown: false, picksPerPerson: 1 }, { user: lead })
      .thenRejects("forbidden", /needs a pro licence; your organization has a free licence/)
    session
      .given(ready)
      .when({ type: "drawCards", deckId: "tides", count: 2, faceDown: false, picksPerPerson: 1 }, { user: lead })
      .thenRejects("forbidden", /marketplace pack tides/)
    session
      .given([...withGroup, decksLoaded("enterprise", ["tides"])])
      .when({ type: "drawCards", deckId: "tides", count: 2, faceDown: false, picksPerPerson: 1 }, { user: lead })
      .then([expect.objectContaining({ type: "cardsDrawn", deckId: "tides", packId: "tides", deckTier: "marketplace" })])
  })

  it("is refused before decks are loaded, for an unknown deck, and for more cards than the licence covers", () => {
    session
      .given(withGroup)
      .when({ type: "drawCards", deckId: "sample", count: 2, faceDown: false, picksPerPerson: 1 }, { user: lead })
      .thenRejects("conflict", /no decks/)
    session
      .given(ready)
      .when({ type: "drawCards", deckId: "nope", count: 2, faceDown: false, picksPerPerson: 1 }, { user: lead })
      .thenRejects("not_found")
    session
      .given(ready)
      .when({ type: "drawCards", deckId: "sample", count: 7, faceDown: false, picksPerPerson: 1 }, { user: lead })
      .thenRejects("invalid_command", /6 cards your licence covers/)
  })

  it("deals the cards a facilitator chose, shuffled with the seed over the chosen cards in deck order", () => {
    const { state } = session
      .given(ready)
      .when({ type: "drawCards", deckId: "sample", count: 3, faceDown: true, picksPerPerson: 1, cardIds: ["f5", "f2", "f4"] }, { user: lead })
      .then([
        {
          type: "cardsDrawn",
          drawId: "id-1",
          deckId: "sample",
          deckTier: "free",
          packId: null,
          faceDown: true,
          count: 3,
          picksPerPerson: 1,
          seed: "id-2",
          poolSize: 3,
          cardIds: replayDraw(["f2", "f4", "f5"], "id-2", 3),
        },
      ])
    expect([...state.draws[0]!.cardIds].sort()).toEqual(["f2", "f4", "f5"])
    // The order they were chosen in does not matter: the log's cards and seed recompute the spread.
    session
      .given(ready)
      .when({ type: "drawCards", deckId: "sample", count: 3, faceDown: true, picksPerPerson: 1, cardIds: ["f4", "f5", "f2"] }, { user: lead })
      .then([expect.objectContaining({ cardIds: state.draws[0]!.cardIds })])
    // Choosing every card the licence covers deals what a plain draw of that many deals.
    const pool = drawPool(freeDeck, { tier: "free", packs: [] })
    const chooseAll = session
      .given(ready)
      .when({ type: "drawCards", deckId: "sample", count: 6, faceDown: false, picksPerPerson: 0, cardIds: [...pool].reverse() }, { user: lead })
      .then([expect.objectContaining({ poolSize: 6 })]).events
    const plain = session
      .given(ready)
      .when({ type: "drawCards", deckId: "sample", count: 6, faceDown: false, picksPerPerson: 0 }, { user: lead })
      .then([expect.objectContaining({ poolSize: 6 })]).events
    expect(chooseAll).toEqual(plain)
  })

  it("a face-down deal of chosen cards hides which position holds which: the seed decides it, and members see neither", () => {
    const chosen = ["f1", "f2", "f3", "f4", "f5"]
    const spreads = new Set(Array.from({ length: 20 }, (_, i) => replayDraw(chosen, `seed-${i}`, 5).join()))
    expect(spreads.size).toBeGreaterThan(15)
    const { events, state } = session
      .given(ready)
      .when({ type: "drawCards", deckId: "sample", count: 2, faceDown: true, picksPerPerson: 1, cardIds: ["f1", "f2"] }, { user: lead })
      .then([expect.objectContaining({ type: "cardsDrawn", faceDown: true })])
    for (const user of [ana, lead]) {
      expect((sessionKind.redactState!(state, user) as SessionState).draws[0]).toMatchObject({ cardIds: [], seed: "", count: 2 })
      expect(sessionKind.redactEvent!(state, events[0]!, user)).toMatchObject({ cardIds: [], seed: "" })
    }
  })

  it("refuses bad choices with a plain reason and changes nothing", () => {
    const deal = (cardIds: string[], count = cardIds.length) => ({
      type: "drawCards",
      deckId: "sample",
      count,
      faceDown: false,
      picksPerPerson: 1,
      cardIds,
    })
    session
      .given(ready)
      .when(deal(["f1", "f2"], 3), { user: lead })
      .thenRejects("invalid_command", /chose 2 cards but asked to deal 3/)
    session
      .given(ready)
      .when(deal(["f1", "f1"]), { user: lead })
      .thenRejects("invalid_command", /chosen twice/)
    session
      .given(ready)
      .when(deal(["f1", "q1"]), { user: lead })
      .thenRejects("invalid_command", /card q1 is not in "Sample"/)
    session
      .given(ready)
      .when(deal(["f1", "p1"]), { user: lead })
      .thenRejects("forbidden", /card p1 of "Sample" is not covered by your organization's licence/)
    session
      .given([...withGroup, decksLoaded("pro")])
      .when(deal(["f1", "p1"]), { user: lead })
      .then([expect.objectContaining({ type: "cardsDrawn", poolSize: 2 })])
    session
      .given(ready)
      .when(deal([], 1), { user: lead })
      .thenRejects("invalid_command", /chose 0 cards/)
    session
      .given(ready)
      .when({ ...deal(["q1"]), deckId: "studio-pro" }, { user: lead })
      .thenRejects("forbidden", /needs a pro licence/)
    session
      .given(ready)
      .when(deal(["f1"]), { user: ana })
      .thenRejects("forbidden", /cards power/)
    session
      .given(ready)
      .when(
        deal(
          Array.from({ length: 31 }, (_, i) => `c${i}`),
          30,
        ),
        { user: lead },
      )
      .thenRefusedBySchema()
  })

  it("is for facilitators and co-facilitators with the cards power only", () => {
    const draw = { type: "drawCards", deckId: "sample", count: 2, faceDown: false, picksPerPerson: 1 }
    session
      .given(ready)
      .when(draw, { user: ana })
      .thenRejects("forbidden", /cards power/)
    session
      .given([...ready, coFacilitator("part-1", "timer")])
      .when(draw, { user: ana })
      .thenRejects("forbidden")
    session
      .given([...ready, coFacilitator("part-1", "cards")])
      .when(draw, { user: ana })
      .then([expect.objectContaining({ type: "cardsDrawn" })])
  })
})

describe("pickCard", () => {
  const faceUp = [...ready, drawn("d1", ["f1", "f2", "f3"])]
  const faceDown = [...ready, drawn("d2", ["f4", "f5", "f6"], { faceDown: true })]

  it("a member picks a face-up card by id and a face-down card by position", () => {
    session
      .given(faceUp)
      .when({ type: "pickCard", drawId: "d1", cardId: "f2" }, { user: ana })
      .then([picked("d1", "part-1", "f2")])
    const { state } = session
      .given(faceDown)
      .when({ type: "pickCard", drawId: "d2", position: 1 }, { user: ana })
      .then([picked("d2", "part-1", "f5", 1)])
    expect(state.picks).toEqual([expect.objectContaining({ userId: "part-1", cardId: "f5", revealed: false })])
  })

  it("several people may pick the same card, so a refusal never tells anyone what another picked", () => {
    session
      .given([...faceUp, picked("d1", "part-2", "f2")])
      .when({ type: "pickCard", drawId: "d1", cardId: "f2" }, { user: ana })
      .then([picked("d1", "part-1", "f2")])
  })

  it("one pick per person unless the draw allows more; the same pick again is a no-op", () => {
    session
      .given([...faceUp, picked("d1", "part-1", "f1")])
      .when({ type: "pickCard", drawId: "d1", cardId: "f2" }, { user: ana })
      .thenRejects("conflict", /already picked your card/)
    session
      .given([...faceUp, picked("d1", "part-1", "f1")])
      .when({ type: "pickCard", drawId: "d1", cardId: "f1" }, { user: ana })
      .then([])
    session
      .given([...ready, drawn("d3", ["f1", "f2"], { picks: 2 }), picked("d3", "part-1", "f1")])
      .when({ type: "pickCard", drawId: "d3", cardId: "f2" }, { user: ana })
      .then([picked("d3", "part-1", "f2")])
  })

  it("is refused for a card not in the spread, the wrong kind of pick, an unknown draw, a look-only spread and non-members", () => {
    session
      .given(faceUp)
      .when({ type: "pickCard", drawId: "d1", cardId: "f6" }, { user: ana })
      .thenRejects("invalid_command", /not in this spread/)
    session
      .given(faceUp)
      .when({ type: "pickCard", drawId: "d1", position: 0 }, { user: ana })
      .thenRejects("invalid_command", /by card id/)
    session
      .given(faceDown)
      .when({ type: "pickCard", drawId: "d2", cardId: "f4" }, { user: ana })
      .thenRejects("invalid_command", /by position/)
    session
      .given(faceDown)
      .when({ type: "pickCard", drawId: "d2", position: 3 }, { user: ana })
      .thenRejects("invalid_command", /positions 0 to 2/)
    session.given(faceUp).when({ type: "pickCard", drawId: "zz", cardId: "f1" }, { user: ana }).thenRejects("not_found")
    session
      .given([...ready, drawn("d4", ["f1"], { picks: 0 })])
      .when({ type: "pickCard", drawId: "d4", cardId: "f1" }, { user: ana })
      .thenRejects("conflict", /nothing to pick/)
    session.given(faceUp).when({ type: "pickCard", drawId: "d1", cardId: "f1" }, { user: outsider }).thenRejects("forbidden", /join/)
  })
})

describe("revealPicks", () => {
  const picks = [...ready, drawn("d1", ["f1", "f2", "f3"]), picked("d1", "part-1", "f1"), picked("d1", "part-2", "f3")]

  it("reveals every hidden pick at once", () => {
    const { state } = session
      .given(picks)
      .when({ type: "revealPicks", drawId: "d1" }, { user: lead })
      .then([
        {
          type: "picksRevealed",
          drawId: "d1",
          picks: [
            { userId: "part-1", cardId: "f1", position: null },
            { userId: "part-2", cardId: "f3", position: null },
          ],
        },
      ])
    expect(state.picks.every((p) => p.revealed)).toBe(true)
  })

  it("reveals one person's picks, leaving the others hidden", () => {
    const { state } = session
      .given(picks)
      .when({ type: "revealPicks", drawId: "d1", userId: "part-2" }, { user: lead })
      .then([{ type: "picksRevealed", drawId: "d1", picks: [{ userId: "part-2", cardId: "f3", position: null }] }])
    expect(state.picks.map((p) => [p.userId, p.revealed])).toEqual([
      ["part-1", false],
      ["part-2", true],
    ])
  })

  it("is a no-op when all is revealed, refused for someone without picks, and needs the reveal power", () => {
    const revealed = [
      ...picks,
      {
        type: "picksRevealed" as const,
        drawId: "d1",
        picks: [
          { userId: "part-1", cardId: "f1", position: null },
          { userId: "part-2", cardId: "f3", position: null },
        ],
      },
    ]
    session.given(revealed).when({ type: "revealPicks", drawId: "d1" }, { user: lead }).then([])
    session
      .given(picks)
      .when({ type: "revealPicks", drawId: "d1", userId: "part-3" }, { user: lead })
      .thenRejects("conflict", /no unrevealed pick/)
    session
      .given(picks)
      .when({ type: "revealPicks", drawId: "d1" }, { user: ben })
      .thenRejects("forbidden", /reveal power/)
    session
      .given([...picks, coFacilitator("part-2", "cards")])
      .when({ type: "revealPicks", drawId: "d1" }, { user: ben })
      .thenRejects("forbidden")
    session.given(picks).when({ type: "revealPicks", drawId: "zz" }, { user: lead }).thenRejects("not_found")
  })
})

describe("the cards a member's view shows", () => {
  const table = [
    ...ready,
    drawn("up", ["f1", "f2"]),
    drawn("down", ["f3", "f4", "f5"], { faceDown: true }),
    picked("down", "part-1", "f5", 2),
    picked("down", "part-2", "f3", 0),
    picked("up", "part-2", "f2"),
  ]
  const shown = (events: typeof table, user: typeof ana) =>
    cardsInView(sessionKind.redactState!(session.given(events).state, user) as SessionState).map((c) => `${c.deckId}/${c.cardId}`)

  it("face-up spreads for everyone; a face-down card only to whoever picked it, until revealed; each card once", () => {
    expect(shown(table, ana)).toEqual(["sample/f1", "sample/f2", "sample/f5"])
    expect(shown(table, ben)).toEqual(["sample/f1", "sample/f2", "sample/f3"])
    expect(shown(table, lead)).toEqual(["sample/f1", "sample/f2"])
    const revealed = [...table, { type: "picksRevealed" as const, drawId: "down", picks: [{ userId: "part-2", cardId: "f3", position: 0 }] }]
    expect(shown(revealed, lead)).toEqual(["sample/f1", "sample/f2", "sample/f3"])
    expect(shown(revealed, ana)).toEqual(["sample/f1", "sample/f2", "sample/f5", "sample/f3"])
  })
})
