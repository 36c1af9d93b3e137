/**
 * Who may see and change a canvas. The owner has full access. While the
 * canvas is shared, the members it is shared with have the level they were
 * given; making it private suspends those grants without forgetting them.
 * The tenant's facilitators may always look (and manage who sees it), but
 * edit only through a grant.
 */
import type { User } from "../../engine/actor-kind.ts"
import { hasRole, sameTenant } from "../shared.ts"
import type { CanvasState } from "./decider.ts"
import type { AccessLevel } from "./protocol.ts"

export type Access = "none" | AccessLevel | "owner"

const rank: Record<Access, number> = { none: 0, view: 1, comment: 2, edit: 3, owner: 4 }

export const grantOf = (state: CanvasState, userId: string): AccessLevel | undefined =>
  state.shares.find((share) => share.userId === userId)?.access

export const accessOf = (state: CanvasState, user: User): Access => {
  if (!state.exists || !sameTenant(user, state.tenant)) return "none"
  if (user.id === state.ownerId) return "owner"
  const granted: Access = state.privacy === "shared" ? (grantOf(state, user.id) ?? "none") : "none"
  const asFacilitator: Access = hasRole(user, "facilitator") ? "view" : "none"
  return rank[granted] >= rank[asFacilitator] ? granted : asFacilitator
}

export const canRead = (state: CanvasState, user: User): boolean => accessOf(state, user) !== "none"

export const canEdit = (state: CanvasState, user: User): boolean => rank[accessOf(state, user)] >= rank.edit

/** Changing the privacy and the grants: the owner, or a facilitator of the tenant. */
export const canManage = (state: CanvasState, user: User): boolean =>
  state.exists && sameTenant(user, state.tenant) && (user.id === state.ownerId || hasRole(user, "facilitator"))
