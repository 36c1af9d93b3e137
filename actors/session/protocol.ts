/**
 * The session actor's wire protocol: the commands a client may send to
 * `session/<id>` and the events it logs. A session is one live run of a
 * journey through the fixed phases Pause, Expand, Focus, Doing. The core
 * (create, join, phases, lock, end) is here; facilitation, cards and group
 * work are in the protocol-*.ts files beside it. Events logged before those
 * existed still decode: `created` only gained an optional `journey`. The
 * bounds and the join code alphabet are plain values in limits.ts (the
 * decider and the browser import them from there), re-exported here.
 */
import { Schema } from "effect"
import { Plan, PHASES } from "../journey/activity.ts"
import { Id, NonEmptyText, Text } from "../shared.ts"
import { MAX_DISPLAY_NAME, MAX_TITLE } from "./limits.ts"
import { CardCommands, CardEvents } from "./protocol-cards.ts"
import { FacilitationCommands, FacilitationEvents } from "./protocol-facilitation.ts"
import { GroupCommands, GroupEvents } from "./protocol-group.ts"
import { InsightsCommands, InsightsEvents } from "./protocol-insights.ts"

export * from "./protocol-cards.ts"
export * from "./protocol-facilitation.ts"
export * from "./protocol-group.ts"
export * from "./protocol-insights.ts"
export { PHASES }
export { JOIN_CODE_ALPHABET, MAX_ATTENDANCE, MAX_DISPLAY_NAME, MAX_PARTICIPANTS, MAX_TITLE } from "./limits.ts"
export const Phase = Schema.Literals(PHASES)
export type Phase = typeof Phase.Type

export const JoinCode = Schema.String.check(
  Schema.isPattern(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/, {
    message: "must be 6 characters of A-Z and 2-9 without I, L, O (easy to read aloud)",
  }),
)

/** The journey version a session runs, copied in when it starts so later revisions cannot change it. */
export const JourneyRun = Schema.Struct({
  journeyId: Id,
  version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  title: NonEmptyText(120),
  plan: Plan,
})
export type JourneyRun = typeof JourneyRun.Type

// Commands

export const CreateSession = Schema.Struct({
  type: Schema.Literal("create"),
  title: NonEmptyText(MAX_TITLE),
  /** Chosen by the caller (the HTTP API, which can check it is unused); derived from a fresh id otherwise. */
  joinCode: Schema.optionalKey(JoinCode),
  journey: Schema.optionalKey(JourneyRun),
  /** The creator's name as members see it (the HTTP API fills it from the signed-in account). */
  displayName: Schema.optionalKey(Text(MAX_DISPLAY_NAME)),
})

export const JoinSession = Schema.Struct({
  type: Schema.Literal("join"),
  joinCode: JoinCode,
  displayName: Schema.optionalKey(Text(MAX_DISPLAY_NAME)),
})

export const LeaveSession = Schema.Struct({ type: Schema.Literal("leave") })

export const AdvancePhase = Schema.Struct({
  type: Schema.Literal("advancePhase"),
  /**
   * The phase the facilitator saw (null: the lobby before Pause). When two
   * facilitators press "next" together, the second press then does nothing
   * instead of skipping a phase.
   */
  from: Schema.optionalKey(Schema.NullOr(Phase)),
})

export const EndSession = Schema.Struct({ type: Schema.Literal("end") })
export const LockSession = Schema.Struct({ type: Schema.Literal("lock") })
export const UnlockSession = Schema.Struct({ type: Schema.Literal("unlock") })

export const SessionCommand = Schema.Union([
  CreateSession,
  JoinSession,
  LeaveSession,
  AdvancePhase,
  EndSession,
  LockSession,
  UnlockSession,
  ...FacilitationCommands,
  ...CardCommands,
  ...GroupCommands,
  ...InsightsCommands,
])
export type SessionCommand = typeof SessionCommand.Type

// Events

export const SessionCreated = Schema.Struct({
  type: Schema.Literal("created"),
  title: NonEmptyText(MAX_TITLE),
  phases: Schema.Array(Phase).check(Schema.isMinLength(1), Schema.isMaxLength(PHASES.length)),
  joinCode: JoinCode,
  facilitatorId: Id,
  journey: Schema.optionalKey(JourneyRun),
  facilitatorName: Schema.optionalKey(Text(MAX_DISPLAY_NAME)),
})

export const ParticipantJoined = Schema.Struct({
  type: Schema.Literal("participantJoined"),
  userId: Id,
  displayName: Text(MAX_DISPLAY_NAME),
})

export const ParticipantLeft = Schema.Struct({ type: Schema.Literal("participantLeft"), userId: Id })

export const PhaseAdvanced = Schema.Struct({
  type: Schema.Literal("phaseAdvanced"),
  from: Schema.NullOr(Phase),
  to: Phase,
})

export const SessionEnded = Schema.Struct({
  type: Schema.Literal("ended"),
  /** The phase the session ended in (null: it never left the lobby). */
  phase: Schema.NullOr(Phase),
})

export const SessionLocked = Schema.Struct({ type: Schema.Literal("locked") })
export const SessionUnlocked = Schema.Struct({ type: Schema.Literal("unlocked") })

export const SessionEvent = Schema.Union([
  SessionCreated,
  ParticipantJoined,
  ParticipantLeft,
  PhaseAdvanced,
  SessionEnded,
  SessionLocked,
  SessionUnlocked,
  ...FacilitationEvents,
  ...CardEvents,
  ...GroupEvents,
  ...InsightsEvents,
])
export type SessionEvent = typeof SessionEvent.Type
