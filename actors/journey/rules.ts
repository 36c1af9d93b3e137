/**
 * Who may plan journeys: facilitators and admins create them and read the
 * tenant's journeys; the journey's owner and admins revise and archive it.
 */
import type { User } from "../../engine/actor-kind.ts"
import { hasRole, sameTenant } from "../shared.ts"

export const mayPlan = (user: User): boolean => hasRole(user, "facilitator") || hasRole(user, "admin")

export const mayEdit = (ownerId: string | null, user: User): boolean => user.id === ownerId || hasRole(user, "admin")

export const mayReadJourney = (tenant: string, user: User): boolean => sameTenant(user, tenant) && mayPlan(user)
