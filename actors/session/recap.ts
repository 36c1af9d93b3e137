/**
 * The recap of a session: attendance, the timeline of phases and activities,
 * draws, picks, poll results and breakouts. It is built from a member's view
 * of the state (redactState), so a recap never shows what its reader could
 * not see live: picks appear once revealed (and one's own), anonymous polls
 * show only totals, hidden results only once closed.
 *
 * Deterministic: the same events give the same recap byte for byte (times as
 * ISO strings of the logged times, lists in the order events came, fixed key order).
 */
import { PHASES } from "../journey/activity.ts"
import type { SessionState } from "./state.ts"

export const RECAP_VERSION = 1

const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString())

export const buildRecap = (view: SessionState) => {
  const nameOf = (userId: string) =>
    view.attendance.find((a) => a.userId === userId)?.displayName || (view.facilitators.includes(userId) ? view.facilitatorName : "") || userId
  const cardWord = (deckId: string, cardId: string) =>
    view.decks.find((d) => d.deckId === deckId)?.cards.find((c) => c.cardId === cardId)?.word ?? cardId
  const deckOf = (drawId: string) => view.draws.find((d) => d.drawId === drawId)
  const activityTitle = (phase: (typeof PHASES)[number] | null, index: number | null) =>
    phase === null || index === null ? null : (view.plan[phase][index]?.title ?? null)
  return {
    recapVersion: RECAP_VERSION,
    session: {
      id: view.id,
      title: view.title,
      status: view.status,
      journey: view.journey && { journeyId: view.journey.journeyId, version: view.journey.version, title: view.journey.title },
      createdAt: iso(view.createdAt),
      endedAt: iso(view.endedAt),
      minutes: view.createdAt !== null && view.endedAt !== null ? Math.round((view.endedAt - view.createdAt) / 60_000) : null,
      facilitators: [...view.facilitators],
      coFacilitators: view.coFacilitators.map((co) => ({ userId: co.userId, name: nameOf(co.userId), powers: [...co.powers] })),
    },
    attendance: view.attendance.map((a) => ({
      userId: a.userId,
      name: a.displayName || a.userId,
      joinedAt: iso(a.firstJoinedAt),
      leftAt: iso(a.leftAt),
      removed: a.removed,
    })),
    timeline: view.timeline.map((entry) => ({
      at: iso(entry.at),
      phase: entry.phase,
      activity: entry.activity,
      activityTitle: activityTitle(entry.phase, entry.activity),
    })),
    draws: view.draws.map((d) => ({
      drawId: d.drawId,
      deck: view.decks.find((deck) => deck.deckId === d.deckId)?.title ?? d.deckId,
      faceDown: d.faceDown,
      count: d.count,
      at: iso(d.at),
      cards: d.cardIds.map((cardId) => cardWord(d.deckId, cardId)),
    })),
    picks: view.picks.flatMap((p) => {
      const draw = deckOf(p.drawId)
      return p.cardId === null || !draw
        ? []
        : [
            {
              drawId: p.drawId,
              userId: p.userId,
              name: nameOf(p.userId),
              cardId: p.cardId,
              word: cardWord(draw.deckId, p.cardId),
              revealed: p.revealed,
            },
          ]
    }),
    polls: view.polls.map((poll) => ({
      question: poll.question,
      mode: poll.mode,
      anonymous: poll.anonymous,
      status: poll.status,
      voters: poll.voters,
      options: poll.options.map((label, i) => ({ label, count: poll.tally === null ? null : (poll.tally[i] ?? 0) })),
    })),
    breakouts: view.breakout && {
      status: view.breakout.status,
      startedAt: iso(view.breakout.startedAt),
      rooms: view.breakout.rooms.map((room) => ({ name: room.name, members: room.members.map(nameOf) })),
    },
  }
}

export type Recap = ReturnType<typeof buildRecap>

export const recapJson = (recap: Recap): string => `${JSON.stringify(recap, null, 2)}\n`
