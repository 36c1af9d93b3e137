/**
 * Plain helpers every actor kind uses: tenancy and role checks, and the
 * cleanup that keeps `undefined` out of events. No schemas here, so the
 * browser can fold a session with the actor's own `evolve` without
 * bundling Effect; shared.ts holds the schemas and re-exports these.
 */
import type { User } from "../engine/actor-kind.ts"

export const sameTenant = (user: User, tenant: string): boolean => user.tenant === tenant

export const hasRole = (user: User, role: User["roles"][number]): boolean => user.roles.includes(role)

/** Removes the keys whose value is undefined, so events never carry `undefined` into the log. */
export const definedOnly = <A extends object>(value: A): A =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as A
