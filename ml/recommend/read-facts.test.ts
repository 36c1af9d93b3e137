/**
 * The recommender reads what the projections wrote: a session driven through
 * the real deciders (a face-up deal, a face-down one, picks, a reveal, a card
 * placed on the session's canvas), projected into PGlite, read back as fact
 * rows and folded into interactions with their phases. A pick never revealed
 * is not read.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { canvasKind, sessionKind } from "../../actors/index.ts"
import { freeDeck, lead, ana, ben, system } from "../../actors/session/testing/fixtures.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { canvasesProjection } from "../../projections/models/canvases.ts"
import { sessionsProjection } from "../../projections/models/sessions.ts"
import type { ReadStore } from "../../projections/store/port.ts"
import { openPgliteStore } from "../../projections/store/pglite-store.ts"
import { makeDriver } from "../../projections/testing/driver.ts"
import { runToHead } from "../../projections/testing/fixtures.ts"
import { memoryLogOf } from "../../projections/testing/simulate.ts"
import { interactionsFrom } from "./interactions.ts"
import { readFactRows } from "./read-facts.ts"

let store: ReadStore
let faceUp: readonly string[]
let hiddenPick: string

beforeAll(async () => {
  let clock = Date.UTC(2026, 2, 1, 9)
  const driver = makeDriver(() => (clock += 1000))
  const tenant = lead.tenant
  const session = makeAddress(tenant, "session", "s1")
  const canvas = makeAddress(tenant, "canvas", "c1")
  const send = (kind: typeof sessionKind | typeof canvasKind, addr: typeof session, user: typeof lead, command: object) =>
    expect(driver.send(kind, addr, user, command), JSON.stringify(command)).toBe(true)
  send(sessionKind, session, lead, { type: "create", title: "Read back", joinCode: "ABC234" })
  send(sessionKind, session, system, { type: "loadDecks", licence: { tier: "free", packs: [] }, decks: [freeDeck] })
  send(sessionKind, session, ana, { type: "join", joinCode: "ABC234" })
  send(sessionKind, session, ben, { type: "join", joinCode: "ABC234" })
  send(sessionKind, session, lead, { type: "advancePhase" })
  send(sessionKind, session, lead, { type: "drawCards", deckId: freeDeck.deckId, count: 3, faceDown: false, picksPerPerson: 1 })
  const up = driver.state<SessionState>(session)!.draws[0]!
  faceUp = up.cardIds
  send(sessionKind, session, lead, { type: "advancePhase" })
  send(sessionKind, session, ana, { type: "pickCard", drawId: up.drawId, cardId: faceUp[1] })
  send(sessionKind, session, lead, { type: "revealPicks", drawId: up.drawId })
  send(sessionKind, session, lead, { type: "drawCards", deckId: freeDeck.deckId, count: 3, faceDown: true, picksPerPerson: 1 })
  const down = driver.state<SessionState>(session)!.draws[1]!
  send(sessionKind, session, ben, { type: "pickCard", drawId: down.drawId, position: 0 })
  hiddenPick = driver.state<SessionState>(session)!.picks.find((p) => p.drawId === down.drawId)!.cardId!
  send(canvasKind, canvas, lead, { type: "create", title: "Board", privacy: "shared", sessionId: "s1" })
  send(canvasKind, canvas, lead, { type: "addElement", element: { kind: "card", cardId: faceUp[2], x: 0, y: 0, w: 100, h: 140 } })

  store = (await openPgliteStore()).store
  const { log } = memoryLogOf(driver.commits)
  await runToHead(store, log, sessionsProjection)
  await runToHead(store, log, canvasesProjection)
}, 60_000)
afterAll(async () => {
  if (store) await Effect.runPromise(store.close())
})

describe("reading the recommender's facts from the read store", () => {
  it("finds the face-up deal, the revealed pick and the placed card with their phases, and never an unrevealed pick", async () => {
    const rows = await Effect.runPromise(store.asOwner(readFactRows))
    const interactions = interactionsFrom(rows).map((i) => [i.kind, i.cardId, i.phase, i.userId])
    expect(interactions).toEqual([
      ...faceUp.map((id) => ["draw", id, "Pause", lead.id]),
      ["pick", faceUp[1], "Expand", ana.id],
      ["place", faceUp[2], "Expand", lead.id],
    ])
    // Ben's face-down pick was never revealed: no row names it, and the face-down deal lists no cards.
    expect(interactionsFrom(rows).filter((i) => i.userId === ben.id)).toEqual([])
    expect(hiddenPick).toMatch(/\S/)
    expect(rows.find((r) => r.event_type === "cardsDrawn" && r.attributes.faceDown === true)?.attributes.cardIds).toEqual([])
  })
})
