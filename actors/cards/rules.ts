/**
 * Who may manage and read an organization's card library. Admins manage
 * decks; facilitators and admins read them (participants meet cards through
 * sessions). Licence changes and access records come from the server's
 * system identity only, never from a signed-in member.
 */
import type { User } from "../../engine/actor-kind.ts"
import { hasRole, sameTenant } from "../shared-values.ts"

/** The gateway's own identity inside a tenant; never minted into a token. */
export const SYSTEM_USER_ID = "system"

export const isSystem = (user: User): boolean => user.id === SYSTEM_USER_ID

export const mayManageDecks = (user: User): boolean => hasRole(user, "admin")

export const mayReadLibrary = (tenant: string, user: User): boolean =>
  sameTenant(user, tenant) && (isSystem(user) || hasRole(user, "admin") || hasRole(user, "facilitator"))
