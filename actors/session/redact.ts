/**
 * What each member may see of a session. A pick is the picker's own until a
 * facilitator reveals it; a face-down spread's cards and seed are nobody's
 * to see (the log keeps them for audit); an anonymous ballot is its voter's
 * alone, forever, and its poll's tally appears only when closed; a poll whose
 * results wait for the close shows its ballots and tally only to whoever runs
 * polls until then. Events are judged against the state they are delivered
 * from: live, the state they produced; on catch-up, the current state.
 *
 * No session event is withheld: a member gets a redacted event instead, the
 * same redaction the snapshot applies (a pick without its card and position,
 * a vote without its choices, a poll opened with its tally hidden), so a
 * client folds its view with the kind's own
 * `evolve`: from `redactState(S, user)`, folding `redactEvent(S', e, user)`
 * for each later event gives `redactState` of the state reached. The one
 * exception is a change of the member's own view rules (`viewRulesChanged`:
 * they gained or lost the polls power), after which the client takes a fresh
 * snapshot, since no event carries the past a new view shows.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { SessionEvent } from "./protocol.ts"
import { hasPower, isSystem } from "./rules.ts"
import { upgradeState, type Draw, type Pick, type Poll, type SessionState } from "./state.ts"

/** May `user` see the ballots and tally of `poll` now? Anonymous ballots are checked separately. */
const seesResults = (state: SessionState, poll: Poll, userId: string): boolean =>
  poll.status === "closed" || (!poll.anonymous && (poll.resultsWhen === "live" || hasPower(state, userId, "polls")))

const seesPick = (pick: Pick, userId: string): boolean => pick.revealed || pick.userId === userId

const hiddenDraw = (draw: Draw): Draw => (draw.faceDown ? { ...draw, seed: "", cardIds: [] } : draw)

const samePick = (pick: Pick, event: { drawId: string; userId: string; cardId: string | null; position: number | null }) =>
  pick.drawId === event.drawId && pick.userId === event.userId && pick.cardId === event.cardId && pick.position === event.position

/** The view of one event for `user`: the event itself, or the event with what they may not see taken out. Never withheld. */
export const redactEvent = (state: SessionState, event: SessionEvent, user: User): SessionEvent => {
  if (isSystem(user)) return event
  switch (event.type) {
    case "cardsDrawn":
      return event.faceDown ? { ...event, seed: "", cardIds: [] } : event
    case "cardPicked": {
      if (event.userId === user.id) return event
      const pick = state.picks.find((p) => samePick(p, event))
      return pick?.revealed ? event : { ...event, cardId: null, position: null }
    }
    case "pollOpened": {
      const poll = state.polls.find((p) => p.pollId === event.pollId)
      return poll && seesResults(state, poll, user.id) ? event : { ...event, tally: null }
    }
    case "voteCast": {
      if (event.voterId === user.id) return event
      const poll = state.polls.find((p) => p.pollId === event.pollId)
      if (poll && !poll.anonymous && seesResults(state, poll, user.id)) return event
      const { choices: _hidden, ...counted } = event
      return counted
    }
    case "pollClosed": {
      // A named poll whose results waited for the close: its ballots, which most members have not seen, arrive with the close.
      const poll = state.polls.find((p) => p.pollId === event.pollId)
      return poll && !poll.anonymous && poll.resultsWhen === "closed" ? { ...event, ballots: poll.ballots } : event
    }
    default:
      return event
  }
}

/**
 * Whether `user`'s view rules differ between two states (the one before an
 * event and the one after): they gained or lost the polls power, which shows
 * the ballots and tallies of polls whose results wait for the close. After
 * such an event a client folding events takes a fresh snapshot. Every input
 * is public in a member's own view, so a client can ask this of the states it folds.
 */
export const viewRulesChanged = (before: SessionState, after: SessionState, user: User): boolean =>
  !isSystem(user) && hasPower(before, user.id, "polls") !== hasPower(after, user.id, "polls")

export const redactPoll = (state: SessionState, poll: Poll, userId: string): Poll => {
  const results = seesResults(state, poll, userId)
  const ownOnly = poll.anonymous || !results
  return {
    ...poll,
    ballots: ownOnly ? poll.ballots.filter((ballot) => ballot.voterId === userId) : poll.ballots,
    tally: results ? poll.tally : null,
  }
}

export const redactState = (restored: SessionState, user: User): SessionState => {
  const state = upgradeState(restored)
  if (isSystem(user)) return state
  return {
    ...state,
    draws: state.draws.map(hiddenDraw),
    picks: state.picks.map((pick) => (seesPick(pick, user.id) ? pick : { ...pick, cardId: null, position: null })),
    polls: state.polls.map((poll) => redactPoll(state, poll, user.id)),
  }
}
