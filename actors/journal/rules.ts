/**
 * A journal is private to its owner: no facilitator or admin reads it (a
 * coach's access, with the owner's consent, is a later rule). Its id is its
 * owner's user id, so every participant has exactly one.
 */
import type { User } from "../../engine/actor-kind.ts"
import { sameTenant } from "../shared.ts"
import type { JournalState } from "./decider.ts"

export const isOwner = (state: JournalState, user: User): boolean =>
  state.exists && sameTenant(user, state.tenant) && user.id === state.ownerId

export const canRead = isOwner

/** Only the user whose id the journal carries may open it. */
export const mayCreate = (state: JournalState, user: User): boolean => sameTenant(user, state.tenant) && user.id === state.id
