/**
 * The four phases every journey and session runs through, and the empty
 * plan. Plain values, no schemas: the session's `evolve` and `initialState`
 * need them and run in the browser too, so this module must not import
 * Effect. activity.ts builds the plan's schema from them and re-exports them.
 */
import type { Plan } from "./activity.ts"

export const PHASES = ["Pause", "Expand", "Focus", "Doing"] as const

export const EMPTY_PLAN: Plan = { Pause: [], Expand: [], Focus: [], Doing: [] }

export const activityCount = (plan: Plan): number => PHASES.reduce((sum, phase) => sum + plan[phase].length, 0)
