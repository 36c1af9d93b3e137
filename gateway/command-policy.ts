/**
 * Commands the edge refuses before they reach an actor, the same way over
 * the live protocol and the HTTP API.
 */
import type { Address } from "../engine/address.ts"
import type { ErrorCode } from "./protocol.ts"

export interface EdgeRefusal {
  readonly code: ErrorCode
  readonly message: string
}

/**
 * Organization commands carry password and code hashes, so only the account
 * endpoints (which hash and check passwords) send them. Another organization
 * than the caller's own does not exist for the caller at all.
 */
export const refuseAtEdge = (addr: Address): EdgeRefusal | undefined => {
  if (addr.kind !== "organization") return undefined
  if (addr.id !== addr.tenant) return { code: "not_found", message: `organization/${addr.id} does not exist` }
  return { code: "forbidden", message: "organization commands go through /api/users and /api/invitations" }
}
