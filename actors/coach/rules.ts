/**
 * A conversation with the coach is its user's alone: only they ask, give
 * feedback and read it; the node (the system user) records the answers.
 * Guests (joined a live session by its code) do not use the coach.
 */
import type { User } from "../../engine/actor-kind.ts"
import { isSystem } from "../journal/rules.ts"
import { sameTenant } from "../shared-values.ts"
import type { CoachState } from "./decider.ts"

export const isGuest = (user: User): boolean => user.session !== undefined || user.roles.includes("guest")

export const isAsker = (state: CoachState, user: User): boolean => sameTenant(user, state.tenant) && user.id === state.id && !isGuest(user)

export const canRead = (state: CoachState, user: User): boolean => isAsker(state, user) || (sameTenant(user, state.tenant) && isSystem(user))
