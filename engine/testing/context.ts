/**
 * Deterministic command contexts for decider tests: a fixed clock, ids
 * "id-1", "id-2"... and a default user, so expected events can be written
 * out literally.
 */
import type { CommandContext, Role, User } from "../actor-kind.ts"
import { makeAddress, type Address } from "../address.ts"

/** 2025-01-06T09:00:00Z: every test context reads this clock unless told otherwise. */
export const FIXED_NOW = Date.UTC(2025, 0, 6, 9, 0, 0)
export const TEST_TENANT = "tenant-1"
export const DEFAULT_USER_ID = "user-1"
export const DEFAULT_ACTOR_ID = "actor-1"

export const testUser = (id: string = DEFAULT_USER_ID, roles: readonly Role[] = ["participant"], tenant = TEST_TENANT): User => ({
  id,
  tenant,
  roles,
})

/** A fresh counter: "id-1", "id-2", ... in call order. */
export const idSequence = (prefix = "id-"): (() => string) => {
  let next = 0
  return () => `${prefix}${++next}`
}

export const testAddress = (kind: string, id: string = DEFAULT_ACTOR_ID, tenant = TEST_TENANT): Address => makeAddress(tenant, kind, id)

export type ContextOverrides = Partial<CommandContext>

/** A context for one command; its id counter starts at "id-1" unless `newId` is given. */
export const makeTestContext = (addr: Address, overrides: ContextOverrides = {}): CommandContext => ({
  addr,
  user: testUser(DEFAULT_USER_ID, ["participant"], addr.tenant),
  now: FIXED_NOW,
  commandId: "cmd-1",
  newId: idSequence(),
  ...overrides,
})
