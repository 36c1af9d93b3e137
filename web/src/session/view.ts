/**
 * A session as one member sees it, folded in the browser with the session
 * actor's own `evolve` from the redacted snapshot and the redacted events
 * the server sends, so the screens and the server can never disagree on what
 * a phase, a pick or a poll means. An event the member may not see at all
 * arrives as `withheld`: it changes nothing here, and the caller re-joins for
 * a fresh snapshot when it needs one.
 */
import { evolve } from "../../../actors/session/decider.ts"
import type { Activity } from "../../../actors/journey/activity.ts"
import type { Draw, Pick, Poll, SessionState } from "../../../actors/session/state.ts"

export type { Draw, Pick, Poll, SessionState }

export interface Envelope {
  readonly seq: number
  readonly ev: { readonly type: string }
  readonly by: string
  readonly at: number
}

export const applySessionEvent = (state: SessionState, event: Envelope): SessionState =>
  event.ev.type === "withheld" ? state : (evolve(state, event.ev as never, { seq: event.seq, by: event.by, at: event.at }) as SessionState)

export const foldSession = (snapshot: SessionState, events: readonly Envelope[]): SessionState => events.reduce(applySessionEvent, snapshot)

export const currentActivity = (state: SessionState): Activity | null =>
  state.phase === null || state.activity === null ? null : (state.plan[state.phase][state.activity] ?? null)

export const isFacilitatorOf = (state: SessionState, userId: string): boolean => state.facilitators.includes(userId)

/** Members present now who are not facilitators: whom the counters ("7/9") count. */
export const presentParticipants = (state: SessionState) => state.participants.filter((p) => !state.facilitators.includes(p.userId))

export const latestDraw = (state: SessionState): Draw | null => state.draws.at(-1) ?? null

export const picksOf = (state: SessionState, drawId: string, userId: string): readonly Pick[] =>
  state.picks.filter((pick) => pick.drawId === drawId && pick.userId === userId)

/** How many distinct members picked in a draw (the content stays hidden until the reveal). */
export const pickerCount = (state: SessionState, drawId: string): number =>
  new Set(state.picks.filter((p) => p.drawId === drawId).map((p) => p.userId)).size

export const openPoll = (state: SessionState): Poll | null => [...state.polls].reverse().find((poll) => poll.status === "open") ?? null

export const latestPoll = (state: SessionState): Poll | null => state.polls.at(-1) ?? null

export const displayName = (state: SessionState, userId: string): string =>
  state.participants.find((p) => p.userId === userId)?.displayName ?? state.attendance.find((a) => a.userId === userId)?.displayName ?? userId

export const roomOf = (state: SessionState, userId: string) =>
  state.breakout?.status === "open" ? (state.breakout.rooms.find((room) => room.members.includes(userId)) ?? null) : null

export const cardWord = (state: SessionState, cardId: string): string => {
  for (const deck of state.decks) {
    const card = deck.cards.find((c) => c.cardId === cardId)
    if (card) return card.word
  }
  return cardId
}
