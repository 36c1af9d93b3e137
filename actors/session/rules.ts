/**
 * Who may do what in a session, and who may read it. The session's creator
 * is its facilitator; participants become members by joining with the code.
 */
import type { User } from "../../engine/actor-kind.ts"
import { hasRole, sameTenant } from "../shared.ts"
import type { SessionState } from "./decider.ts"

export const isFacilitator = (state: SessionState, userId: string): boolean => state.facilitators.includes(userId)

export const isParticipant = (state: SessionState, userId: string): boolean =>
  state.participants.some((participant) => participant.userId === userId)

export const isMember = (state: SessionState, userId: string): boolean =>
  isFacilitator(state, userId) || isParticipant(state, userId)

/** Running sessions is the facilitators' job; admins may set one up for them. */
export const mayCreateSession = (user: User): boolean => hasRole(user, "facilitator") || hasRole(user, "admin")

/** Members of the session, and the tenant's admins, see it; nobody outside the tenant does. */
export const canRead = (state: SessionState, user: User): boolean =>
  state.status !== "absent" &&
  sameTenant(user, state.tenant) &&
  (isMember(state, user.id) || hasRole(user, "admin"))
