/**
 * What the insight detectors read: a session's events and its canvases'
 * operations, reduced to who did what and when. `from-log.ts` turns log
 * commits into these; the simulator (testing/) writes them directly.
 * Nothing here says how anyone feels: only what they did, which is all
 * Studio reads (it never infers emotions from canvas choices, faces or voices).
 */
export type Activity =
  | { readonly type: "opened"; readonly at: number; readonly facilitatorId: string }
  | { readonly type: "joined"; readonly at: number; readonly userId: string; readonly name: string }
  | { readonly type: "left"; readonly at: number; readonly userId: string }
  /** A co-facilitator runs the room with the lead: they are not measured as a participant while appointed. */
  | { readonly type: "cofacilitator"; readonly at: number; readonly userId: string; readonly appointed: boolean }
  /** The phase or the activity within it changed (label: "Pause", "Pause #2"; null in the lobby). */
  | { readonly type: "step"; readonly at: number; readonly label: string | null }
  /**
   * Something a member did: a canvas operation (op is the event type, kind the
   * element's), a pick, a vote, a raised hand, "I'm done". `themes` are the
   * card themes of a card placed or picked; `buildsOn` names whose element it
   * built on (a connector to it, a move, an edit, a comment) when not their own.
   */
  | {
      readonly type: "action"
      readonly at: number
      readonly userId: string
      readonly op: string
      readonly kind?: string
      readonly themes?: readonly string[]
      readonly buildsOn?: string
    }
  | { readonly type: "poll"; readonly at: number; readonly pollId: string; readonly open: boolean }
  | { readonly type: "vote"; readonly at: number; readonly userId: string; readonly pollId: string }
  | { readonly type: "done"; readonly at: number; readonly userId: string | null; readonly done: boolean }
  | { readonly type: "consent"; readonly at: number; readonly userId: string; readonly given: boolean }
  | { readonly type: "anonymised"; readonly at: number; readonly on: boolean }
  | { readonly type: "ended"; readonly at: number }

export type ActivityOf<T extends Activity["type"]> = Extract<Activity, { type: T }>

export const INSIGHT_KINDS = ["silent", "dominant", "stuck", "phaseDone", "sameTheme", "collaboration"] as const
export type InsightKind = (typeof INSIGHT_KINDS)[number]

/**
 * The thresholds, relative to the room wherever a room has a norm. "on" and
 * "off" differ (hysteresis) so an insight does not flicker at the boundary.
 */
export const THRESHOLDS = {
  /** Operations are counted over this sliding window. */
  windowMs: 120_000,
  /**
   * Silent: present a whole window, no operation in it, while the room did at
   * least this many operations per other participant in each half of the
   * window (busy throughout, so the first minute after a pause is not a silence)...
   */
  silentRoomOpsPerPerson: 1,
  /** ...; it clears once their share of the room's operations reaches this fraction of a fair share. */
  silentOffFair: 0.35,
  /** Dominant: a share of at least max(dominantOnShare, dominantOnFair x fair share); it clears below the "off" pair. */
  dominantOnShare: 0.45,
  dominantOnFair: 2.5,
  dominantOffShare: 0.35,
  dominantOffFair: 1.8,
  /** Dominance needs a room of at least this many participants and this many operations in the window per participant. */
  dominantMinParticipants: 3,
  dominantMinOpsPerPerson: 5,
  /** Stuck: a phase with participants present and no participant activity for this long. */
  stuckMs: 180_000,
  /** Same theme: at least this many cards chosen, this fraction of them sharing one theme... */
  themeMinCards: 8,
  themeOnFraction: 0.8,
  themeOffFraction: 0.6,
  /** ...which is at least this many times as common among the others' choices (when they chose at least one card). */
  themeRoomLift: 1.5,
  /** Collaboration balance is reported once members built on others' elements this many times. */
  collaborationMinLinks: 3,
  /** Gaps between one's actions up to this long count as active time. */
  activeGapMs: 60_000,
} as const

export type Thresholds = { readonly [K in keyof typeof THRESHOLDS]: number }

const SECONDS = /^[1-9][0-9]{0,4}$/

/**
 * The time thresholds an operator may set: STUDIO_INSIGHTS_WINDOW_SECONDS
 * (how long a silence or a share of the room is measured over, default 120)
 * and STUDIO_INSIGHTS_STUCK_SECONDS (how long without activity a phase is
 * stuck, default 180); short workshops may want less. A bad value stops the
 * start with one line naming the variable.
 */
export const thresholdsFromEnv = (env: Readonly<Record<string, string | undefined>>): Thresholds => {
  const seconds = (name: string, fallback: number) => {
    const raw = env[name]
    if (raw === undefined || raw === "") return fallback
    if (!SECONDS.test(raw) || Number(raw) < 5 || Number(raw) > 86_400)
      throw new Error(`${name} must be a whole number of seconds from 5 to 86400, got ${JSON.stringify(raw)}`)
    return Number(raw) * 1000
  }
  return {
    ...THRESHOLDS,
    windowMs: seconds("STUDIO_INSIGHTS_WINDOW_SECONDS", THRESHOLDS.windowMs),
    stuckMs: seconds("STUDIO_INSIGHTS_STUCK_SECONDS", THRESHOLDS.stuckMs),
  }
}
