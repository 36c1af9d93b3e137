/**
 * What the live room shows and offers, decided from the session's state
 * alone (pure, tested in room-logic.test.ts): which draw, poll or breakout
 * belongs to the current activity, where the plan goes next, and the one
 * obvious next action the accent button carries.
 */
import { PHASES, type Activity } from "../../../../actors/journey/activity.ts"
import type { Power } from "../../../../actors/session/protocol.ts"
import type { Draw, Poll, SessionState } from "../../../../actors/session/state.ts"
import { currentActivity, pickerCount, presentParticipants } from "../../session/view.ts"

export type Phase = (typeof PHASES)[number]

/** When the current phase or activity began (the last timeline entry), or null in the lobby. */
export const activityStartedAt = (state: SessionState): number | null => state.timeline.at(-1)?.at ?? null

const since = (state: SessionState, at: number): boolean => {
  const start = activityStartedAt(state)
  return start !== null && at >= start
}

/** The latest draw dealt during the current activity. */
export const activityDraw = (state: SessionState): Draw | null => {
  const draw = state.draws.at(-1)
  return draw && since(state, draw.at) ? draw : null
}

/** The latest poll opened during the current activity (open or closed). */
export const activityPoll = (state: SessionState): Poll | null => {
  const poll = state.polls.at(-1)
  return poll && since(state, poll.openedAt) ? poll : null
}

/** Breakouts running now, or ended during the current activity. */
export const activityBreakout = (state: SessionState) => {
  const breakout = state.breakout
  if (!breakout) return null
  return breakout.status === "open" || since(state, breakout.startedAt) ? breakout : null
}

/** Picks of a draw not yet revealed (their picker is known, the card is not). */
export const hiddenPickers = (state: SessionState, drawId: string): readonly string[] => [
  ...new Set(state.picks.filter((p) => p.drawId === drawId && !p.revealed).map((p) => p.userId)),
]

export const hasNextActivity = (state: SessionState): boolean =>
  state.phase !== null && state.activity !== null && state.activity + 1 < state.plan[state.phase].length

/** The phase after the current one in the session's phases (Pause first from the lobby), or null after the last. */
export const nextPhase = (state: SessionState): Phase | null => {
  const phases = state.phases.length > 0 ? state.phases : PHASES
  if (state.phase === null) return phases[0] ?? null
  const at = phases.indexOf(state.phase)
  return phases[at + 1] ?? null
}

/** A lead holds every power; a co-facilitator the ones granted, while present. */
export const can = (state: SessionState, userId: string, power: Power): boolean =>
  state.facilitators.includes(userId) ||
  (state.participants.some((p) => p.userId === userId) && state.coFacilitators.some((co) => co.userId === userId && co.powers.includes(power)))

export const isLead = (state: SessionState, userId: string): boolean => state.facilitators.includes(userId)

export type PrimaryAction =
  | "startPhase"
  | "deal"
  | "reveal"
  | "openPoll"
  | "closePoll"
  | "startBreakout"
  | "endBreakout"
  | "startTimer"
  | "nextActivity"
  | "nextPhase"
  | "end"
  | "none"

/** The step that moves the room on once the current activity's work is done. */
const moveOn = (state: SessionState): PrimaryAction => (hasNextActivity(state) ? "nextActivity" : nextPhase(state) ? "nextPhase" : "end")

/** The one next action the room offers with the accent colour. */
export const primaryAction = (state: SessionState): PrimaryAction => {
  if (state.status !== "open") return "none"
  if (state.phase === null) return "startPhase"
  const activity = currentActivity(state)
  if (!activity) return moveOn(state)
  switch (activity.kind) {
    case "cardDraw": {
      const draw = activityDraw(state)
      if (!draw) return "deal"
      const waiting = draw.picksPerPerson > 0 && (hiddenPickers(state, draw.drawId).length > 0 || pickerCount(state, draw.drawId) === 0)
      return waiting ? "reveal" : moveOn(state)
    }
    case "poll": {
      const poll = activityPoll(state)
      return !poll ? "openPoll" : poll.status === "open" ? "closePoll" : moveOn(state)
    }
    case "breakout": {
      const breakout = activityBreakout(state)
      return !breakout ? "startBreakout" : breakout.status === "open" ? "endBreakout" : moveOn(state)
    }
    case "timer":
      return state.timer.status === "idle" ? "startTimer" : moveOn(state)
    default:
      return moveOn(state)
  }
}

/** Seconds the timer starts with for the current activity: a timer activity's own, else its planned minutes, else five minutes. */
export const plannedSeconds = (activity: Activity | null): number => {
  if (activity?.kind === "timer") return activity.seconds
  if (activity && activity.minutes > 0) return activity.minutes * 60
  return 300
}

/** "Ready" counter: who said "I'm done" among the participants present now. */
export const readyCount = (state: SessionState): { readonly done: number; readonly of: number } => {
  const present = presentParticipants(state)
  return { done: present.filter((p) => state.done.includes(p.userId)).length, of: present.length }
}

/** A join code split in two halves for reading aloud ("K7M 2QX"). */
export const spokenCode = (code: string): string => (code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code)
