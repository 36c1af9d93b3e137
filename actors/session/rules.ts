/**
 * Who may do what in a session, and who may read it. The session's creator
 * is its lead facilitator; participants become members by joining with the
 * code; a lead may appoint participants as co-facilitators with some of the
 * powers (never ending the session, removing people or appointing others).
 */
import type { User } from "../../engine/actor-kind.ts"
import { SYSTEM_USER_ID } from "../cards/rules.ts"
import { hasRole, sameTenant } from "../shared-values.ts"
import type { Power } from "./protocol.ts"
import type { SessionState } from "./state.ts"

export const isFacilitator = (state: SessionState, userId: string): boolean => state.facilitators.includes(userId)

export const isParticipant = (state: SessionState, userId: string): boolean => state.participants.some((participant) => participant.userId === userId)

export const isMember = (state: SessionState, userId: string): boolean => isFacilitator(state, userId) || isParticipant(state, userId)

export const isSystem = (user: User): boolean => user.id === SYSTEM_USER_ID

/** A lead facilitator holds every power; a co-facilitator the ones granted, while present. */
export const hasPower = (state: SessionState, userId: string, power: Power): boolean =>
  isFacilitator(state, userId) ||
  (isParticipant(state, userId) && state.coFacilitators.some((co) => co.userId === userId && co.powers.includes(power)))

/** Running sessions is the facilitators' job; admins may set one up for them. */
export const mayCreateSession = (user: User): boolean => hasRole(user, "facilitator") || hasRole(user, "admin")

/** Members of the session, and the tenant's admins, see it; nobody outside the tenant does. */
export const canRead = (state: SessionState, user: User): boolean =>
  state.status !== "absent" && sameTenant(user, state.tenant) && (isMember(state, user.id) || hasRole(user, "admin") || isSystem(user))
