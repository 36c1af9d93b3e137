/**
 * The `organization` actor kind: one per tenant, at `organization/<tenant>`.
 * Only the tenant's admins (and the gateway's system identity) may read it,
 * and password and code hashes never leave the server.
 */
import type { User } from "../../engine/actor-kind.ts"
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decideOrganization, evolveOrganization, initialOrganization, SYSTEM_USER_ID, type OrganizationState } from "./decider.ts"
import { OrganizationCommand, OrganizationEvent } from "./protocol.ts"
import { ownEntry } from "../../engine/records.ts"

export * from "./decider.ts"
export * from "./protocol.ts"

export const ORGANIZATION_KIND = "organization"

const isAdmin = (state: OrganizationState, user: User) =>
  user.id === SYSTEM_USER_ID || (ownEntry(state.members, user.id)?.status === "active" && ownEntry(state.members, user.id)!.roles.includes("admin"))

const withoutSecrets = (event: OrganizationEvent): OrganizationEvent => {
  if (event.type === "memberAdded" || event.type === "passwordChanged") return { ...event, passwordHash: "redacted" }
  if (event.type === "invited") return { ...event, codeHash: "redacted" }
  return event
}

export const organizationKind = defineActorKind<OrganizationState, OrganizationCommand, OrganizationEvent>({
  kind: ORGANIZATION_KIND,
  commandSchema: OrganizationCommand,
  eventSchema: OrganizationEvent,
  initialState: initialOrganization,
  decide: decideOrganization,
  evolve: (state, event) => evolveOrganization(state, event),
  canRead: isAdmin,
  redactEvent: (_state, event) => withoutSecrets(event),
  redactState: (state) => ({
    name: state.name,
    members: Object.values(state.members).map(({ passwordHash: _hash, ...member }) => member),
    invitations: Object.values(state.invitations).map(({ codeHash: _hash, ...invitation }) => invitation),
    liveCodes: state.liveCodes,
  }),
})
