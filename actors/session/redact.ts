/**
 * What each member may see of a session. A pick is the picker's own until a
 * facilitator reveals it; a face-down spread's cards and seed are nobody's
 * to see (the log keeps them for audit); an anonymous ballot is its voter's
 * alone, forever, and its poll's tally appears only when closed; a poll whose
 * results wait for the close shows its ballots and tally only to whoever runs
 * polls until then. Events are judged against the state they are delivered
 * from: live, the state they produced; on catch-up, the current state.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { SessionEvent } from "./protocol.ts"
import { hasPower, isSystem } from "./rules.ts"
import type { Draw, Pick, Poll, SessionState } from "./state.ts"

/** May `user` see the ballots and tally of `poll` now? Anonymous ballots are checked separately. */
const seesResults = (state: SessionState, poll: Poll, userId: string): boolean =>
  poll.status === "closed" || (!poll.anonymous && (poll.resultsWhen === "live" || hasPower(state, userId, "polls")))

const seesPick = (pick: Pick, userId: string): boolean => pick.revealed || pick.userId === userId

const hiddenDraw = (draw: Draw): Draw => (draw.faceDown ? { ...draw, seed: "", cardIds: [] } : draw)

const samePick = (pick: Pick, event: { drawId: string; userId: string; cardId: string; position: number | null }) =>
  pick.drawId === event.drawId && pick.userId === event.userId && pick.cardId === event.cardId && pick.position === event.position

export const redactEvent = (state: SessionState, event: SessionEvent, user: User): SessionEvent | undefined => {
  if (isSystem(user)) return event
  switch (event.type) {
    case "cardsDrawn":
      return event.faceDown ? { ...event, seed: "", cardIds: [] } : event
    case "cardPicked": {
      if (event.userId === user.id) return event
      const pick = state.picks.find((p) => samePick(p, event))
      return pick?.revealed ? event : undefined
    }
    case "voteCast": {
      if (event.voterId === user.id) return event
      const poll = state.polls.find((p) => p.pollId === event.pollId)
      if (!poll || poll.anonymous) return undefined
      return seesResults(state, poll, user.id) ? event : undefined
    }
    default:
      return event
  }
}

export const redactPoll = (state: SessionState, poll: Poll, userId: string): Poll => {
  const results = seesResults(state, poll, userId)
  const ownOnly = poll.anonymous || !results
  return {
    ...poll,
    ballots: ownOnly ? poll.ballots.filter((ballot) => ballot.voterId === userId) : poll.ballots,
    tally: results ? poll.tally : null,
  }
}

export const redactState = (state: SessionState, user: User): SessionState => {
  if (isSystem(user)) return state
  return {
    ...state,
    draws: state.draws.map(hiddenDraw),
    picks: state.picks.map((pick) => (seesPick(pick, user.id) ? pick : { ...pick, cardId: null, position: null })),
    polls: state.polls.map((poll) => redactPoll(state, poll, user.id)),
  }
}
