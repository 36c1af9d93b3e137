/**
 * Session commands and events for running the room: co-facilitators and
 * their powers, removing and readmitting people, activities, the shared
 * timer, spotlight, "bring everyone to my view", raised hands and the ready
 * counter ("I'm done").
 */
import { Schema } from "effect"
import { PHASES } from "../journey/activity.ts"
import { Id } from "../shared.ts"
import { MAX_TIMER_SECONDS } from "./limits.ts"
import { POWERS } from "./powers.ts"

export { MAX_TIMER_SECONDS } from "./limits.ts"
export { POWERS } from "./powers.ts"
export const Power = Schema.Literals(POWERS)
export type Power = typeof Power.Type
export const Powers = Schema.Array(Power).check(Schema.isMinLength(1), Schema.isMaxLength(POWERS.length))

const Seconds = (max: number) => Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: max }))
const Millis = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Timestamp = Schema.Finite

export const SpotlightTarget = Schema.NullOr(
  Schema.Union([
    Schema.Struct({ kind: Schema.Literal("participant"), userId: Id }),
    Schema.Struct({ kind: Schema.Literal("card"), drawId: Id, cardId: Id }),
  ]),
)
export type SpotlightTarget = typeof SpotlightTarget.Type

export const VIEW_KINDS = ["activity", "canvas", "draw", "poll", "breakouts", "spotlight"] as const
export const SharedView = Schema.Struct({ kind: Schema.Literals(VIEW_KINDS), id: Schema.NullOr(Id) })
export type SharedView = typeof SharedView.Type

/**
 * The phase and activity a participant's "I'm done" (or "not done") was for.
 * When the room has moved on since, the press is a no-op rather than a mark
 * on the next activity.
 */
export const DoneFor = Schema.Struct({ phase: Schema.NullOr(Schema.Literals(PHASES)), activity: Schema.NullOr(Schema.Int) })
export type DoneFor = typeof DoneFor.Type

const message = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

export const FacilitationCommands = [
  message("appointCoFacilitator", { userId: Id, powers: Powers }),
  message("dismissCoFacilitator", { userId: Id }),
  message("removeParticipant", { userId: Id }),
  message("readmitParticipant", { userId: Id }),
  message("advanceActivity", {
    /** The activity index the facilitator saw; a stale one makes the press a no-op, as for phases. */
    from: Schema.optionalKey(Schema.NullOr(Schema.Int)),
  }),
  message("startTimer", { seconds: Seconds(MAX_TIMER_SECONDS) }),
  message("pauseTimer", {}),
  message("resumeTimer", {}),
  message("addTime", { seconds: Seconds(3600) }),
  message("stopTimer", {}),
  message("spotlight", { target: SpotlightTarget }),
  message("bringToView", { view: SharedView }),
  message("raiseHand", {}),
  /** Without a userId: one's own hand. Another's hand needs the hands power. */
  message("lowerHand", { userId: Schema.optionalKey(Id) }),
  message("lowerAllHands", {}),
  /** "I'm done" with the current activity: one's own mark only. */
  message("markDone", { during: Schema.optionalKey(DoneFor) }),
  message("markNotDone", { during: Schema.optionalKey(DoneFor) }),
  /** Everyone back to "not done" (the advance power); moving on clears the marks by itself. */
  message("clearDone", {}),
] as const

export const FacilitationEvents = [
  message("coFacilitatorAppointed", { userId: Id, powers: Powers }),
  message("coFacilitatorDismissed", { userId: Id }),
  message("participantRemoved", { userId: Id }),
  message("participantReadmitted", { userId: Id }),
  message("activityAdvanced", { index: Schema.Int }),
  message("timerStarted", { durationMs: Millis, endsAt: Timestamp }),
  message("timerPaused", { remainingMs: Millis }),
  message("timerResumed", { endsAt: Timestamp }),
  message("timeAdded", { addedMs: Millis, endsAt: Schema.NullOr(Timestamp), remainingMs: Schema.NullOr(Millis) }),
  message("timerStopped", {}),
  message("spotlightSet", { target: SpotlightTarget }),
  message("viewShared", { view: SharedView }),
  message("handRaised", { userId: Id }),
  message("handLowered", { userId: Id }),
  message("handsCleared", {}),
  message("doneMarked", { userId: Id }),
  message("doneUnmarked", { userId: Id }),
  message("doneCleared", {}),
] as const
