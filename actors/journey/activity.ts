/**
 * The activities a journey is made of, phase by phase. A plan names what to
 * run; the live session runs it (the facilitator starts each draw, poll,
 * timer or breakout, with the plan's settings as the defaults). The phases
 * and the empty plan are plain values in phases.ts, re-exported here.
 */
import { Schema } from "effect"
import { Id, NonEmptyText } from "../shared.ts"

export { activityCount, EMPTY_PLAN, PHASES } from "./phases.ts"

export const MAX_ACTIVITIES_PER_PHASE = 20
export const MAX_PROMPT = 500
export const MAX_OPTIONS = 10
export const MAX_ROOMS = 50

const Title = NonEmptyText(80)
const Prompt = NonEmptyText(MAX_PROMPT)
const Minutes = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 240 }))
const between = (minimum: number, maximum: number) => Schema.Int.check(Schema.isBetween({ minimum, maximum }))

export const PollMode = Schema.Literals(["single", "multiple", "dots"])
export type PollMode = typeof PollMode.Type
/** When results are shown: as votes arrive, or only once the poll is closed. */
export const ResultsWhen = Schema.Literals(["live", "closed"])
export type ResultsWhen = typeof ResultsWhen.Type

export const PollSettings = {
  question: NonEmptyText(300),
  options: Schema.Array(NonEmptyText(120)).check(Schema.isMinLength(2), Schema.isMaxLength(MAX_OPTIONS)),
  mode: PollMode,
  /** Dots each voter places in a dot vote (several may go on one option); ignored otherwise. */
  dots: between(1, 10),
  anonymous: Schema.Boolean,
  resultsWhen: ResultsWhen,
}

export const BreakoutSettings = {
  /** Either a number of rooms or a room size; the other is null. */
  rooms: Schema.NullOr(between(2, MAX_ROOMS)),
  size: Schema.NullOr(between(2, 50)),
  names: Schema.Array(NonEmptyText(60)).check(Schema.isMaxLength(MAX_ROOMS)),
}

const activity = <K extends string, F extends Schema.Struct.Fields>(kind: K, fields: F) =>
  Schema.Struct({ kind: Schema.Literal(kind), title: Title, minutes: Minutes, ...fields })

export const Activity = Schema.Union([
  activity("cardDraw", {
    /** null: the facilitator chooses the deck when running it. */
    deckId: Schema.NullOr(Id),
    count: between(1, 30),
    faceDown: Schema.Boolean,
    picksPerPerson: between(0, 3),
    prompt: Schema.NullOr(Prompt),
  }),
  activity("reflection", { prompt: Prompt }),
  activity("canvas", { templateId: Id, prompt: Schema.NullOr(Prompt) }),
  activity("poll", PollSettings),
  activity("timer", { seconds: between(10, 4 * 3600) }),
  activity("journal", { prompt: Prompt }),
  activity("breakout", { ...BreakoutSettings, prompt: Schema.NullOr(Prompt) }),
])
export type Activity = typeof Activity.Type
export type ActivityKind = Activity["kind"]

const Activities = Schema.Array(Activity).check(Schema.isMaxLength(MAX_ACTIVITIES_PER_PHASE))

export const Plan = Schema.Struct({ Pause: Activities, Expand: Activities, Focus: Activities, Doing: Activities })
export type Plan = typeof Plan.Type
