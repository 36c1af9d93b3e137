/** A log of named card-library commands, driven through the real deciders, for the card read-model tests. */
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { libraryKind, type LibraryCommand } from "../../actors/cards/index.ts"
import { SYSTEM_USER_ID } from "../../actors/cards/rules.ts"
import { makeDriver } from "./driver.ts"
import { createOrganization } from "./simulate-library.ts"
import { memoryLogOf } from "./simulate.ts"

export const libraryAdmin = (tenant: string): User => ({ id: `${tenant}-admin`, tenant, roles: ["admin"] })
export const libraryFacilitator = (tenant: string): User => ({ id: `${tenant}-facilitator`, tenant, roles: ["facilitator"] })
export const libraryParticipant = (tenant: string): User => ({ id: `${tenant}-participant`, tenant, roles: ["participant"] })

export const libraryScript = () => {
  let now = Date.UTC(2025, 0, 6, 8, 0, 0)
  const driver = makeDriver(() => (now += 60_000))
  const sendOrThrow = (tenant: string, user: User, command: LibraryCommand) => {
    if (!driver.send(libraryKind, makeAddress(tenant, "library", tenant), user, command))
      throw new Error(`library/${tenant} logged nothing for ${JSON.stringify(command)}`)
  }
  return {
    driver,
    /** As the tenant's admin. */
    admin: (tenant: string, command: LibraryCommand) => sendOrThrow(tenant, libraryAdmin(tenant), command),
    /** As billing (the system identity): tiers and packs. */
    billing: (tenant: string, command: LibraryCommand) => sendOrThrow(tenant, { id: SYSTEM_USER_ID, tenant, roles: ["admin"] }, command),
    organization: (tenant: string) => createOrganization(driver, tenant, libraryAdmin(tenant)),
    /** A log holding every commit so far (positions as logged, so a runner resumes where it was). */
    log: () => memoryLogOf(driver.commits).log,
  }
}
