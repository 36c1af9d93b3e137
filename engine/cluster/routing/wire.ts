/**
 * What routed nodes say to each other on NATS request/reply: a command or a
 * read for an actor, forwarded to the node that owns its shard, and the
 * owner's answer. MessagePack, as on the live socket, so a command reaches
 * the owner's decoder exactly as the receiving node's gateway decoded it.
 */
import { Packr } from "msgpackr"
import type { User } from "../../actor-kind.ts"
import type { Address } from "../../address.ts"
import type { ErrorCode } from "../../errors.ts"

const packr = new Packr({ useRecords: false, moreTypes: false })

export type RouteRequest =
  | { readonly t: "cmd"; readonly addr: Address; readonly user: User; readonly id: string; readonly cmd: unknown }
  | { readonly t: "inspect"; readonly addr: Address }

export type RouteReply =
  | { readonly t: "ack"; readonly seq: number }
  | { readonly t: "state"; readonly seq: number; readonly state: unknown }
  | { readonly t: "rejected"; readonly code: ErrorCode; readonly message: string }
  /** The receiver does not own the actor's shard (any more, or not yet): ask again after refreshing who does. */
  | { readonly t: "moved" }

/** The subject a node answers routed requests on, under the inbox its member record announces. */
export const routeSubject = (inbox: string): string => `${inbox}.route`

export const encodeRoute = (message: RouteRequest | RouteReply): Uint8Array => packr.pack(message)

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

export const decodeRequest = (bytes: Uint8Array): RouteRequest | undefined => {
  const value: unknown = packr.unpack(bytes)
  if (!isRecord(value) || !isRecord(value.addr)) return undefined
  if (value.t === "inspect") return value as RouteRequest
  if (value.t === "cmd" && isRecord(value.user) && typeof value.id === "string") return value as RouteRequest
  return undefined
}

export const decodeReply = (bytes: Uint8Array): RouteReply | undefined => {
  const value: unknown = packr.unpack(bytes)
  if (!isRecord(value)) return undefined
  switch (value.t) {
    case "ack":
    case "state":
      return typeof value.seq === "number" ? (value as RouteReply) : undefined
    case "rejected":
      return typeof value.code === "string" && typeof value.message === "string" ? (value as RouteReply) : undefined
    case "moved":
      return { t: "moved" }
    default:
      return undefined
  }
}
