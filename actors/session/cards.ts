/**
 * Card work in a session. The server loads the organization's licence and
 * decks (the decider cannot read other actors); a draw is refused when the
 * licence does not cover the deck, and shuffles only the cards it covers.
 * The shuffle's seed comes from a fresh server id and is recorded with the
 * cards it produced, so any draw can be recomputed and audited. A facilitator
 * may choose the cards instead (the live room's suggestions): the same
 * shuffle then runs over the chosen cards only.
 */
import { isRejection, reject, unknownCommand, type CommandContext, type Decision, type Rejection } from "../../engine/actor-kind.ts"
import { seededShuffle } from "../cards/seeded-random.ts"
import { describeLicence, tierAllows } from "../cards/licence.ts"
import type { Licence } from "../cards/tiers.ts"
import type { Evolver, SessionHandler } from "./handler.ts"
import { needMember, needPower } from "./handler.ts"
import { MAX_LOADED_CARDS } from "./limits.ts"
import type { LoadedDeck, RevealedPick, SessionCommand, SessionEvent } from "./protocol.ts"
import { isSystem } from "./rules.ts"
import type { SessionState } from "./state.ts"

export const MAX_DRAWS = 200
export const MAX_PICKS = 5_000

export const CARD_COMMANDS = ["loadDecks", "drawCards", "pickCard", "revealPicks"] as const
type CardCommand = Extract<SessionCommand, { type: (typeof CARD_COMMANDS)[number] }>

/** The cards of `deck` that `licence` covers, in deck order: what a draw shuffles. */
export const drawPool = (deck: LoadedDeck, licence: Licence): string[] =>
  deck.cards.filter((card) => tierAllows(licence, { tier: card.tier, packId: deck.packId })).map((card) => card.cardId)

/** Recomputes a draw from its seed: what an auditor runs against the recorded `cardIds`. */
export const replayDraw = (pool: readonly string[], seed: string, count: number): string[] => seededShuffle(pool, seed).slice(0, count)

/**
 * The pool of a deal of chosen cards: the chosen cards in deck order, so the
 * spread the log records (its cards and seed) recomputes with `replayDraw`
 * whatever order they were chosen in; choosing every card the licence covers
 * deals exactly what a plain draw of that many would. A rejection names the
 * first thing wrong and changes nothing.
 */
const chosenPool = (deck: LoadedDeck, covered: readonly string[], cardIds: readonly string[], count: number): string[] | Rejection => {
  if (cardIds.length !== count)
    return reject(
      "invalid_command",
      `you chose ${cardIds.length} ${cardIds.length === 1 ? "card" : "cards"} but asked to deal ${count}; deal as many as you chose`,
    )
  if (new Set(cardIds).size !== cardIds.length) return reject("invalid_command", "each chosen card may be dealt once; one was chosen twice")
  const unknown = cardIds.find((id) => !deck.cards.some((card) => card.cardId === id))
  if (unknown !== undefined) return reject("invalid_command", `card ${unknown} is not in "${deck.title}"`)
  const locked = cardIds.find((id) => !covered.includes(id))
  if (locked !== undefined) return reject("forbidden", `card ${locked} of "${deck.title}" is not covered by your organization's licence`)
  const chosen = new Set(cardIds)
  return covered.filter((id) => chosen.has(id))
}

const loadDecks: SessionHandler<"loadDecks"> = (_state, command, ctx) => {
  if (!isSystem(ctx.user)) return reject("forbidden", "decks are loaded by the server from the organization's library and licence")
  const cards = command.decks.reduce((sum, deck) => sum + deck.cards.length, 0)
  if (cards > MAX_LOADED_CARDS) return reject("invalid_command", `a session loads at most ${MAX_LOADED_CARDS} cards`)
  if (new Set(command.decks.map((d) => d.deckId)).size !== command.decks.length) return reject("invalid_command", "each deck may be loaded once")
  return [{ type: "decksLoaded", licence: command.licence, decks: command.decks }]
}

const drawCards: SessionHandler<"drawCards"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "cards", "draw cards")
  if (refused) return refused
  if (state.licence === null) return reject("conflict", "no decks are loaded in this session yet; the server loads them when the session starts")
  const deck = state.decks.find((d) => d.deckId === command.deckId)
  if (!deck) return reject("not_found", `deck ${command.deckId} is not available in this session`)
  if (!tierAllows(state.licence, deck)) {
    const needs = deck.tier === "marketplace" ? `the marketplace pack ${deck.packId}` : `a ${deck.tier} licence`
    return reject("forbidden", `"${deck.title}" needs ${needs}; your organization has a ${describeLicence(state.licence)}`)
  }
  if (state.draws.length >= MAX_DRAWS) return reject("conflict", `a session holds at most ${MAX_DRAWS} draws`)
  const covered = drawPool(deck, state.licence)
  const pool = command.cardIds === undefined ? covered : chosenPool(deck, covered, command.cardIds, command.count)
  if (isRejection(pool)) return pool
  if (pool.length < command.count)
    return reject("invalid_command", `"${deck.title}" has ${pool.length} cards your licence covers; draw at most that many`)
  const drawId = ctx.newId()
  const seed = ctx.newId()
  return [
    {
      type: "cardsDrawn",
      drawId,
      deckId: deck.deckId,
      deckTier: deck.tier,
      packId: deck.packId,
      faceDown: command.faceDown,
      count: command.count,
      picksPerPerson: command.picksPerPerson,
      seed,
      poolSize: pool.length,
      cardIds: replayDraw(pool, seed, command.count),
    },
  ]
}

const pickCard: SessionHandler<"pickCard"> = (state, command, ctx) => {
  const refused = needMember(state, ctx, "pick a card")
  if (refused) return refused
  const draw = state.draws.find((d) => d.drawId === command.drawId)
  if (!draw) return reject("not_found", `no draw ${command.drawId} in this session`)
  if (draw.picksPerPerson === 0) return reject("conflict", "this spread is for looking at together; nothing to pick")
  let cardId: string
  let position: number | null = null
  if (draw.faceDown) {
    if (command.position === undefined || command.cardId !== undefined)
      return reject("invalid_command", "a face-down spread is picked by position, not by card")
    if (command.position >= draw.cardIds.length) return reject("invalid_command", `the spread has positions 0 to ${draw.cardIds.length - 1}`)
    position = command.position
    cardId = draw.cardIds[position]!
  } else {
    if (command.cardId === undefined || command.position !== undefined)
      return reject("invalid_command", "a face-up spread is picked by card id, not by position")
    if (!draw.cardIds.includes(command.cardId)) return reject("invalid_command", `card ${command.cardId} is not in this spread`)
    cardId = command.cardId
  }
  // Only the picker's own picks decide these answers, so a refusal never tells anyone about another's pick.
  const mine = state.picks.filter((p) => p.drawId === draw.drawId && p.userId === ctx.user.id)
  if (mine.some((p) => p.cardId === cardId && p.position === position)) return []
  if (mine.length >= draw.picksPerPerson)
    return reject("conflict", `you already picked ${draw.picksPerPerson === 1 ? "your card" : `${draw.picksPerPerson} cards`} in this draw`)
  if (state.picks.length >= MAX_PICKS) return reject("conflict", `a session holds at most ${MAX_PICKS} picks`)
  return [{ type: "cardPicked", drawId: draw.drawId, userId: ctx.user.id, cardId, position }]
}

const revealPicks: SessionHandler<"revealPicks"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "reveal", "reveal picks")
  if (refused) return refused
  if (!state.draws.some((d) => d.drawId === command.drawId)) return reject("not_found", `no draw ${command.drawId} in this session`)
  const hidden = state.picks.filter(
    (p) => p.drawId === command.drawId && !p.revealed && (command.userId === undefined || p.userId === command.userId),
  )
  if (hidden.length === 0) return command.userId === undefined ? [] : reject("conflict", `${command.userId} has no unrevealed pick in this draw`)
  return [
    { type: "picksRevealed", drawId: command.drawId, picks: hidden.map((p) => ({ userId: p.userId, cardId: p.cardId!, position: p.position })) },
  ]
}

export const decideCards = (state: SessionState, command: CardCommand, ctx: CommandContext): Decision<SessionEvent> => {
  switch (command.type) {
    case "loadDecks":
      return loadDecks(state, command, ctx)
    case "drawCards":
      return drawCards(state, command, ctx)
    case "pickCard":
      return pickCard(state, command, ctx)
    case "revealPicks":
      return revealPicks(state, command, ctx)
    default:
      return unknownCommand(command, "session")
  }
}

const isRevealedBy = (
  event: { picks: readonly { userId: string; cardId: string; position: number | null }[] },
  pick: { userId: string; cardId: string | null; position: number | null },
) => event.picks.some((r) => r.userId === pick.userId && r.cardId === pick.cardId && r.position === pick.position)

export const CARD_EVENTS = ["decksLoaded", "cardsDrawn", "cardPicked", "picksRevealed"] as const

export const cardEvolvers: { [T in (typeof CARD_EVENTS)[number]]: Evolver<T> } = {
  decksLoaded: (state, event) => ({ ...state, licence: event.licence, decks: event.decks }),
  cardsDrawn: (state, event, envelope) => {
    const { type: _type, ...draw } = event
    return { ...state, draws: [...state.draws, { ...draw, at: envelope.at }] }
  },
  cardPicked: (state, event, envelope) => ({
    ...state,
    picks: [
      ...state.picks,
      { drawId: event.drawId, userId: event.userId, cardId: event.cardId, position: event.position, revealed: false, at: envelope.at },
    ],
  }),
  picksRevealed: (state, event) => {
    // In a member's view others' hidden picks have no card: the revealed picks no known pick matches fill them, person by person, in order.
    const hidden = state.picks.filter((p) => p.drawId === event.drawId && !p.revealed)
    const unmatched = new Map<string, RevealedPick[]>()
    for (const r of event.picks) {
      if (hidden.some((p) => p.cardId !== null && p.userId === r.userId && p.cardId === r.cardId && p.position === r.position)) continue
      unmatched.set(r.userId, [...(unmatched.get(r.userId) ?? []), r])
    }
    return {
      ...state,
      picks: state.picks.map((p) => {
        if (p.drawId !== event.drawId || p.revealed) return p
        if (p.cardId !== null) return isRevealedBy(event, p) ? { ...p, revealed: true } : p
        const next = unmatched.get(p.userId)?.shift()
        return next ? { ...p, cardId: next.cardId, position: next.position, revealed: true } : p
      }),
    }
  },
}

/**
 * The cards a member's view of the session shows (`redactState`): every card
 * of a face-up spread, and the picks they may see (their own, and revealed
 * ones); never the cards of a face-down spread nobody picked or revealed to
 * them. Each card once, with its deck: the spreads' cards in draw order, then
 * the picked cards not already among them.
 */
export const cardsInView = (view: SessionState): Array<{ readonly deckId: string; readonly cardId: string }> => {
  const seen = new Map<string, { deckId: string; cardId: string }>()
  const add = (deckId: string, cardId: string) => {
    const key = `${deckId}\u0000${cardId}`
    if (!seen.has(key)) seen.set(key, { deckId, cardId })
  }
  for (const draw of view.draws) for (const cardId of draw.cardIds) add(draw.deckId, cardId)
  for (const pick of view.picks) {
    const draw = view.draws.find((d) => d.drawId === pick.drawId)
    if (draw && pick.cardId !== null) add(draw.deckId, pick.cardId)
  }
  return [...seen.values()]
}
