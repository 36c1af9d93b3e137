/**
 * Who may see and change a canvas. The owner has full access. While the
 * canvas is shared, the members it is shared with have the level they were
 * given (view, comment, edit); making it private suspends those grants
 * without forgetting them. The tenant's facilitators may always look, read
 * comments, manage who sees it and lock it, but edit only through a grant.
 * Comments are read and written from comment access up; view-only members
 * see the elements without the discussion. Who else a canvas is shared with
 * is for its managers only.
 */
import type { User } from "../../engine/actor-kind.ts"
import { hasRole, sameTenant } from "../shared-values.ts"
import type { AccessLevel } from "./protocol.ts"
import type { CanvasState } from "./state.ts"

export type Access = "none" | AccessLevel | "owner"

const rank: Record<Access, number> = { none: 0, view: 1, comment: 2, edit: 3, owner: 4 }

export const grantOf = (state: CanvasState, userId: string): AccessLevel | undefined => state.shares.find((share) => share.userId === userId)?.access

export const accessOf = (state: CanvasState, user: User): Access => {
  if (!state.exists || !sameTenant(user, state.tenant)) return "none"
  // A guest is bounded to its session: a canvas of another session, or of none, is closed to it whatever it was granted.
  if (user.session !== undefined && state.sessionId !== user.session) return "none"
  if (user.id === state.ownerId) return "owner"
  const granted: Access = state.privacy === "shared" ? (grantOf(state, user.id) ?? "none") : "none"
  const asFacilitator: Access = hasRole(user, "facilitator") ? "view" : "none"
  return rank[granted] >= rank[asFacilitator] ? granted : asFacilitator
}

export const canRead = (state: CanvasState, user: User): boolean => accessOf(state, user) !== "none"

export const canEdit = (state: CanvasState, user: User): boolean => rank[accessOf(state, user)] >= rank.edit

export const canComment = (state: CanvasState, user: User): boolean => rank[accessOf(state, user)] >= rank.comment

const isFacilitatorHere = (state: CanvasState, user: User): boolean => state.exists && sameTenant(user, state.tenant) && hasRole(user, "facilitator")

export const canReadComments = (state: CanvasState, user: User): boolean => canComment(state, user) || isFacilitatorHere(state, user)

/** Changing the privacy and the grants: the owner, or a facilitator of the tenant. */
export const canManage = (state: CanvasState, user: User): boolean =>
  state.exists && sameTenant(user, state.tenant) && (user.id === state.ownerId || hasRole(user, "facilitator"))

/** Locks are the facilitator's: a participant who owns the canvas cannot lift them. */
export const canLock = isFacilitatorHere
