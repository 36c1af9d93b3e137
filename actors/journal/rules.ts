/**
 * A journal belongs to its owner: no facilitator or admin reads it. A coach
 * reads exactly the entries the owner has consented to show them, and loses
 * each one the moment consent is withdrawn; a coach with no such entry left
 * cannot read the journal at all. Its id is its owner's user id, so every
 * participant has exactly one, a guest (joined a live session by its code)
 * included; a guest reads its own journal and no other, never as a coach.
 * Moving a journal to another account is the gateway's alone.
 */
import type { User } from "../../engine/actor-kind.ts"
import { sameTenant } from "../shared-values.ts"
import type { Entry, JournalState } from "./state.ts"

/** The gateway's own identity inside a tenant (as in the organization actor); never minted into a token. */
export const SYSTEM_USER_ID = "system"
export const isSystem = (user: User): boolean => user.id === SYSTEM_USER_ID
/** Readers who are never a coach: guests, and the gateway itself. */
const neverCoach = (user: User): boolean => user.session !== undefined || user.roles.includes("guest") || isSystem(user)

export const isOwner = (state: JournalState, user: User): boolean => state.exists && sameTenant(user, state.tenant) && user.id === state.ownerId

/** May `user` read this entry: its owner, or a coach it was shared with. */
export const canReadEntry = (state: JournalState, entry: Entry, user: User): boolean =>
  isOwner(state, user) || (state.exists && !neverCoach(user) && sameTenant(user, state.tenant) && entry.coaches.includes(user.id))

/** The entries a coach may read; empty for anyone but a consented coach. */
export const entriesSharedWith = (state: JournalState, user: User): Entry[] =>
  state.exists && !neverCoach(user) && sameTenant(user, state.tenant) && user.id !== state.ownerId
    ? state.entries.filter((entry) => entry.coaches.includes(user.id))
    : []

export const canRead = (state: JournalState, user: User): boolean => isOwner(state, user) || entriesSharedWith(state, user).length > 0

/** Only the user whose id the journal carries may open it. */
export const mayCreate = (state: JournalState, user: User): boolean => sameTenant(user, state.tenant) && user.id === state.id
