/**
 * The session's state: plain data only (records, arrays, strings, finite
 * numbers, null), so MessagePack snapshots restore it exactly. Arrays keep
 * the order events arrived in, which is also the order the recap lists.
 *
 * Redacted views (what one member may see) have the same shape: a hidden
 * pick has a null card and position, a hidden face-down spread has no cards
 * and no seed, a hidden tally is null, hidden ballots are left out (`voters`
 * still counts them). `evolve` folds redacted events into a redacted view.
 */
import type { Address } from "../../engine/address.ts"
import type { Licence } from "../cards/tiers.ts"
import type { Plan, PollMode, ResultsWhen } from "../journey/activity.ts"
import { EMPTY_PLAN } from "../journey/phases.ts"
import type { LoadedDeck, Phase, Power, Room, SharedView, SpotlightTarget } from "./protocol.ts"

export interface Participant {
  readonly userId: string
  readonly displayName: string
  readonly joinedAt: number
}

export interface Attendance {
  readonly userId: string
  readonly displayName: string
  readonly firstJoinedAt: number
  /** null while present. */
  readonly leftAt: number | null
  readonly removed: boolean
}

export interface CoFacilitator {
  readonly userId: string
  readonly powers: readonly Power[]
}

export interface TimelineEntry {
  readonly phase: Phase | null
  readonly activity: number | null
  readonly at: number
}

export interface Timer {
  readonly status: "idle" | "running" | "paused"
  readonly durationMs: number
  /** When a running timer reaches zero; every client counts down to it. */
  readonly endsAt: number | null
  readonly remainingMs: number | null
}

export interface Draw {
  readonly drawId: string
  readonly deckId: string
  readonly deckTier: string
  readonly packId: string | null
  readonly faceDown: boolean
  readonly picksPerPerson: number
  readonly seed: string
  readonly poolSize: number
  readonly count: number
  readonly cardIds: readonly string[]
  readonly at: number
}

export interface Pick {
  readonly drawId: string
  readonly userId: string
  /** null in a view that may not see this pick yet. */
  readonly cardId: string | null
  readonly position: number | null
  readonly revealed: boolean
  readonly at: number
}

export interface Ballot {
  readonly voterId: string
  readonly choices: readonly number[]
}

export interface Poll {
  readonly pollId: string
  readonly question: string
  readonly options: readonly string[]
  readonly mode: PollMode
  readonly dots: number
  readonly anonymous: boolean
  readonly resultsWhen: ResultsWhen
  readonly status: "open" | "closed"
  readonly ballots: readonly Ballot[]
  readonly voters: number
  /** Dots or votes per option; null in a view that may not see results yet. */
  readonly tally: readonly number[] | null
  readonly openedAt: number
  readonly closedAt: number | null
}

export interface Breakout {
  readonly status: "open" | "ended"
  readonly seed: string
  readonly rooms: readonly Room[]
  readonly startedAt: number
}

export interface SessionState {
  readonly tenant: string
  readonly id: string
  readonly status: "absent" | "open" | "ended"
  readonly title: string
  readonly joinCode: string
  readonly phases: readonly Phase[]
  /** null while in the lobby, before the first phase. */
  readonly phase: Phase | null
  readonly phaseStartedAt: number | null
  readonly locked: boolean
  /** Lead facilitators: the creator. They alone end the session, remove people and appoint co-facilitators. */
  readonly facilitators: readonly string[]
  /** The lead facilitator's name as members see it; "" when none was given (absent in snapshots older than it). */
  readonly facilitatorName?: string
  readonly participants: readonly Participant[]
  readonly createdAt: number | null
  readonly endedAt: number | null
  readonly journey: { readonly journeyId: string; readonly version: number; readonly title: string } | null
  readonly plan: Plan
  /** Index of the current activity in the current phase's plan; null when the phase has none. */
  readonly activity: number | null
  readonly coFacilitators: readonly CoFacilitator[]
  readonly removed: readonly string[]
  readonly attendance: readonly Attendance[]
  readonly timeline: readonly TimelineEntry[]
  readonly timer: Timer
  readonly spotlight: SpotlightTarget
  readonly view: SharedView | null
  readonly hands: readonly string[]
  /**
   * Who said "I'm done" with the current activity, in the order they said it.
   * Cleared when the phase or activity changes, when breakouts start or end,
   * and by a facilitator; someone who leaves drops out of it.
   */
  readonly done: readonly string[]
  /** null until the server loads the organization's decks. */
  readonly licence: Licence | null
  readonly decks: readonly LoadedDeck[]
  readonly draws: readonly Draw[]
  readonly picks: readonly Pick[]
  readonly polls: readonly Poll[]
  readonly ballots: number
  readonly breakout: Breakout | null
  /** Participants who consented to be named by facilitator insights (default: nobody). */
  readonly insightsConsent: readonly string[]
  /** The room's anonymised mode: insights name nobody. */
  readonly insightsAnonymised: boolean
}

export const IDLE_TIMER: Timer = { status: "idle", durationMs: 0, endsAt: null, remainingMs: null }

export const initialState = (addr: Address): SessionState => ({
  tenant: addr.tenant,
  id: addr.id,
  status: "absent",
  title: "",
  joinCode: "",
  phases: [],
  phase: null,
  phaseStartedAt: null,
  locked: false,
  facilitators: [],
  facilitatorName: "",
  participants: [],
  createdAt: null,
  endedAt: null,
  journey: null,
  plan: EMPTY_PLAN,
  activity: null,
  coFacilitators: [],
  removed: [],
  attendance: [],
  timeline: [],
  timer: IDLE_TIMER,
  spotlight: null,
  view: null,
  hands: [],
  done: [],
  licence: null,
  decks: [],
  draws: [],
  picks: [],
  polls: [],
  ballots: 0,
  breakout: null,
  insightsConsent: [],
  insightsAnonymised: false,
})

/**
 * A state restored from a snapshot taken before a field existed gets that
 * field's starting value (snapshots are not versioned; the log is the
 * truth). `decide`, `evolve` and `redactState` pass every state through it.
 */
export const upgradeState = (state: SessionState): SessionState => {
  const partial = state as Partial<SessionState>
  if (partial.done !== undefined && partial.insightsConsent !== undefined) return state
  return {
    ...state,
    done: partial.done ?? [],
    insightsConsent: partial.insightsConsent ?? [],
    insightsAnonymised: partial.insightsAnonymised ?? false,
  }
}
