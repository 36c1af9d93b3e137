/**
 * The cache/presence port: what the gateway nodes of one deployment share
 * besides the event log. Nothing here is durable; everything expires.
 *
 * - `presence`: who shows what (cursor, selection, typing) on an actor, on
 *   every node. A node publishes its members' presence, follows the actors
 *   its members joined, and reads an actor's current presence for a join.
 *   Entries live for a TTL that their node refreshes while it is alive, so
 *   a node that dies takes its members' presence with it.
 * - `cache`: small values and counters every node must agree on (a rate
 *   limit over all nodes, a cached answer), each with an expiry.
 *
 * Every key carries its tenant: presence is keyed by an actor `Address`
 * (whose tenant comes from the caller's token), and cache keys are
 * `CacheKey`s, which only `cacheKey(tenant, ...)` makes.
 *
 * Adapters: in-process.ts (one process; several nodes in it may share one
 * instance) and redis.ts (REDIS_URL). Both pass testing/contract.ts.
 */
import { Data } from "effect"
import { isName, NAME_PATTERN, type Address } from "../../engine/address.ts"

declare const tenantScoped: unique symbol
/** A cache key that names its tenant. Only `cacheKey` makes one, so no key can leave the tenant out. */
export type CacheKey = string & { readonly [tenantScoped]: true }

/**
 * The key `parts` name within `tenant`. Parts are escaped, so no choice of
 * parts can spell another tenant's key or another list of parts.
 */
export const cacheKey = (tenant: string, first: string, ...rest: readonly string[]): CacheKey => {
  if (!isName(tenant)) throw new TypeError(`a cache key's tenant must match ${NAME_PATTERN}; got ${JSON.stringify(tenant)}`)
  return [tenant, first, ...rest].map(encodeURIComponent).join(":") as CacheKey
}

/** The key under which an actor's presence is kept and published: the actor's tenant first. */
export const presenceKey = (actor: Address): CacheKey => cacheKey(actor.tenant, "presence", actor.kind, actor.id)

/** One member's presence on one actor, as published. */
export interface PresenceRecord {
  /** Unique over all nodes and connections (the node id is part of it). */
  readonly member: string
  /** The node the member is connected to: a node ignores its own records when they come back to it. */
  readonly node: string
  /** The user id shown to others. */
  readonly user: string
  /** What the member shows; `null` in a change means the member is gone. */
  readonly data: unknown
}

export type PresenceListener = (change: PresenceRecord) => void

export interface PresenceBus {
  /** Stores `record` for `ttlMs` and tells every subscriber of `actor`. */
  publish(actor: Address, record: PresenceRecord, ttlMs: number): Promise<void>
  /** Forgets the member and tells every subscriber of `actor` (a change with `data: null`). */
  remove(actor: Address, member: Omit<PresenceRecord, "data">): Promise<void>
  /**
   * Extends the life of these members' entries to `ttlMs` from now, telling
   * no one. Returns the members that had no live entry left (expired): the
   * caller publishes those again.
   */
  refresh(actor: Address, members: readonly string[], ttlMs: number): Promise<string[]>
  /** The entries of `actor` that have not expired, from every node. */
  read(actor: Address): Promise<PresenceRecord[]>
  /**
   * Calls `listener` with every change published for `actor` from the moment
   * the returned promise resolves, until its `unsubscribe` resolves.
   */
  subscribe(actor: Address, listener: PresenceListener): Promise<{ unsubscribe(): Promise<void> }>
}

export interface WindowCount {
  /** The counter after this increment: 1 for the first in a window. */
  readonly count: number
  /** Milliseconds until the counter expires and the next increment counts 1 again. */
  readonly resetsInMs: number
}

export interface SharedCache {
  get(key: CacheKey): Promise<string | undefined>
  set(key: CacheKey, value: string, ttlMs: number): Promise<void>
  delete(key: CacheKey): Promise<void>
  /**
   * Adds one to the counter at `key`, atomically over every node. A counter
   * that did not exist starts a window of `windowMs` and expires with it: a
   * fixed-window rate limit is `increment(key, windowMs).count <= limit`.
   */
  increment(key: CacheKey, windowMs: number): Promise<WindowCount>
}

export interface CachePort {
  /** For logs and health: `in-process` or `redis <host:port>`. */
  readonly name: string
  readonly presence: PresenceBus
  readonly cache: SharedCache
  close(): Promise<void>
}

/** The shared service did not answer (Redis down, a timeout). Presence is best-effort: callers log it and carry on. */
export class CacheUnavailable extends Data.TaggedError("CacheUnavailable")<{ readonly message: string }> {}
