/**
 * Actor addresses. Every actor lives at `<tenant>` + `<kind>/<id>`; the tenant
 * comes from the caller's token, never from the wire, so a client can only
 * ever name actors of its own tenant.
 */
import { InvalidAddress } from "./errors.ts"

/** Ids, tenants and kinds share one charset, so they are safe in file names and NATS subjects. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export interface Address {
  readonly tenant: string
  readonly kind: string
  readonly id: string
}

export const isName = (value: unknown): value is string => typeof value === "string" && NAME_PATTERN.test(value)

export const makeAddress = (tenant: string, kind: string, id: string): Address => {
  for (const [field, value] of [
    ["tenant", tenant],
    ["kind", kind],
    ["id", id],
  ] as const) {
    if (!isName(value)) throw new InvalidAddress({ message: `${field} must match ${NAME_PATTERN}` })
  }
  return { tenant, kind, id }
}

/** Parses the wire form `kind/id` within the caller's tenant. */
export const parseAddress = (tenant: string, wire: unknown): Address => {
  if (typeof wire !== "string") throw new InvalidAddress({ message: "addr must be a string like canvas/<id>" })
  const slash = wire.indexOf("/")
  if (slash < 0) throw new InvalidAddress({ message: `addr ${JSON.stringify(wire.slice(0, 80))} must look like <kind>/<id>` })
  return makeAddress(tenant, wire.slice(0, slash), wire.slice(slash + 1))
}

/** The wire form, without the tenant. */
export const formatAddress = (addr: Address): string => `${addr.kind}/${addr.id}`

/** A unique key across tenants, used for maps, files and subjects. */
export const addressKey = (addr: Address): string => `${addr.tenant}.${addr.kind}.${addr.id}`

export const addressFromKey = (key: string): Address => {
  const [tenant, kind, id, ...rest] = key.split(".")
  if (tenant === undefined || kind === undefined || id === undefined || rest.length > 0) {
    throw new InvalidAddress({ message: `bad address key ${JSON.stringify(key)}` })
  }
  return makeAddress(tenant, kind, id)
}
