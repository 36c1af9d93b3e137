/**
 * Editing a journey's plan, purely: add, replace, remove and move
 * activities within a phase or across phases (drag and drop, and the
 * keyboard's move up / move down, both land here), plus the checks the
 * server would refuse, named per field so the builder can say what to fix.
 */
import { MAX_ACTIVITIES_PER_PHASE, MAX_OPTIONS, PHASES, type Activity, type ActivityKind, type Plan } from "../../../../actors/journey/activity.ts"

export type Phase = (typeof PHASES)[number]

export interface Slot {
  readonly phase: Phase
  readonly index: number
}

const withPhase = (plan: Plan, phase: Phase, activities: readonly Activity[]): Plan => ({ ...plan, [phase]: activities })

export const addActivity = (plan: Plan, phase: Phase, activity: Activity): Plan =>
  plan[phase].length >= MAX_ACTIVITIES_PER_PHASE ? plan : withPhase(plan, phase, [...plan[phase], activity])

export const replaceActivity = (plan: Plan, at: Slot, activity: Activity): Plan =>
  withPhase(
    plan,
    at.phase,
    plan[at.phase].map((a, i) => (i === at.index ? activity : a)),
  )

export const removeActivity = (plan: Plan, at: Slot): Plan =>
  withPhase(
    plan,
    at.phase,
    plan[at.phase].filter((_, i) => i !== at.index),
  )

/**
 * Moves the activity at `from` so that it lands at `to` (an index in the
 * target phase as it is before the move; the end of the phase when past it).
 * A full target phase refuses a move from another phase.
 */
export const moveActivity = (plan: Plan, from: Slot, to: Slot): Plan => {
  const activity = plan[from.phase][from.index]
  if (!activity) return plan
  if (from.phase !== to.phase && plan[to.phase].length >= MAX_ACTIVITIES_PER_PHASE) return plan
  const without = removeActivity(plan, from)
  let index = Math.max(0, Math.min(to.index, plan[to.phase].length))
  if (from.phase === to.phase && from.index < index) index -= 1
  const target = [...without[to.phase]]
  target.splice(index, 0, activity)
  return withPhase(without, to.phase, target)
}

/** One step up (into the end of the phase before, at the top of a phase) or down (into the start of the next). */
export const nudge = (plan: Plan, from: Slot, direction: -1 | 1): { readonly plan: Plan; readonly at: Slot } => {
  const length = plan[from.phase].length
  const phaseAt = PHASES.indexOf(from.phase)
  if (direction === -1 && from.index > 0)
    return { plan: moveActivity(plan, from, { phase: from.phase, index: from.index - 1 }), at: { phase: from.phase, index: from.index - 1 } }
  if (direction === 1 && from.index < length - 1)
    return { plan: moveActivity(plan, from, { phase: from.phase, index: from.index + 2 }), at: { phase: from.phase, index: from.index + 1 } }
  const other = PHASES[phaseAt + direction]
  if (!other || plan[other].length >= MAX_ACTIVITIES_PER_PHASE) return { plan, at: from }
  const index = direction === -1 ? plan[other].length : 0
  return { plan: moveActivity(plan, from, { phase: other, index }), at: { phase: other, index } }
}

export const canNudge = (plan: Plan, from: Slot, direction: -1 | 1): boolean => nudge(plan, from, direction).plan !== plan

/** A new activity of `kind` with the plan's usual defaults; `title` in the user's language. */
export const newActivity = (kind: ActivityKind, title: string): Activity => {
  switch (kind) {
    case "cardDraw":
      return { kind, title, minutes: 10, deckId: null, count: 10, faceDown: false, picksPerPerson: 1, prompt: null }
    case "reflection":
      return { kind, title, minutes: 10, prompt: "" }
    case "canvas":
      return { kind, title, minutes: 15, templateId: "values-map", prompt: null }
    case "poll":
      return { kind, title, minutes: 5, question: "", options: ["", ""], mode: "single", dots: 3, anonymous: false, resultsWhen: "live" }
    case "timer":
      return { kind, title, minutes: 1, seconds: 60 }
    case "journal":
      return { kind, title, minutes: 5, prompt: "" }
    case "breakout":
      return { kind, title, minutes: 15, rooms: null, size: 3, names: [], prompt: null }
  }
}

export type Problem = "title" | "prompt" | "question" | "options" | "minutes" | "count" | "seconds" | "rooms"

/** What the server would refuse in one activity, by field; empty when it is fine. */
export const problemsOf = (activity: Activity): readonly Problem[] => {
  const problems: Problem[] = []
  const text = (value: string, max: number) => value.trim().length > 0 && value.length <= max
  if (!text(activity.title, 80)) problems.push("title")
  if (!Number.isInteger(activity.minutes) || activity.minutes < 0 || activity.minutes > 240) problems.push("minutes")
  switch (activity.kind) {
    case "reflection":
    case "journal":
      if (!text(activity.prompt, 500)) problems.push("prompt")
      break
    case "cardDraw":
    case "canvas":
    case "breakout":
      if (activity.prompt !== null && !text(activity.prompt, 500)) problems.push("prompt")
      if (activity.kind === "cardDraw" && !(Number.isInteger(activity.count) && activity.count >= 1 && activity.count <= 30)) problems.push("count")
      if (activity.kind === "breakout" && !((activity.rooms === null) !== (activity.size === null))) problems.push("rooms")
      break
    case "poll":
      if (!text(activity.question, 300)) problems.push("question")
      if (activity.options.length < 2 || activity.options.length > MAX_OPTIONS || activity.options.some((o) => !text(o, 120)))
        problems.push("options")
      break
    case "timer":
      if (!(Number.isInteger(activity.seconds) && activity.seconds >= 10 && activity.seconds <= 4 * 3600)) problems.push("seconds")
      break
  }
  return problems
}

/** Every activity with something to fix, where it is. */
export const planProblems = (plan: Plan): readonly (Slot & { readonly problems: readonly Problem[] })[] =>
  PHASES.flatMap((phase) => plan[phase].map((activity, index) => ({ phase, index, problems: problemsOf(activity) }))).filter(
    (p) => p.problems.length > 0,
  )
