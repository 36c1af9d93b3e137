/**
 * The cache/presence port on Redis (ioredis), for nodes that share one
 * deployment. Commands go over one connection, subscriptions over a second
 * (a subscribed connection can issue nothing else). Steps that must be
 * atomic are Lua scripts (redis-scripts.ts); presence records travel as
 * MessagePack, so whatever a client may show survives the trip.
 *
 * Keys: `<prefix><tenant>:presence:<kind>:<id>:{expiry,records}` and
 * `<prefix><tenant>:cache:...`; an actor's channel is
 * `<prefix><tenant>:presence:<kind>:<id>`.
 */
import { Packr, Unpackr } from "msgpackr"
import { Redis } from "ioredis"
import type { Address } from "../../engine/address.ts"
import {
  CacheUnavailable,
  presenceKey,
  type CachePort,
  type PresenceBus,
  type PresenceListener,
  type PresenceRecord,
  type SharedCache,
} from "./port.ts"
import { INCREMENT, PUBLISH, READ, REFRESH, REMOVE, type ScriptSource } from "./redis-scripts.ts"
import { Subscriptions } from "./redis-subscriptions.ts"

export interface RedisCacheOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// */
  readonly url: string
  /** Put before every key and channel, so deployments can share a server. Default `studio:`. */
  readonly prefix?: string
  /** How long a command may take before it fails (default 2 s); presence is best-effort and must not hang a join. */
  readonly commandTimeoutMs?: number
  readonly connectTimeoutMs?: number
}

const SCRIPTS = { studioPublish: PUBLISH, studioRemove: REMOVE, studioRefresh: REFRESH, studioRead: READ, studioIncrement: INCREMENT }
type Scripted = Record<`${keyof typeof SCRIPTS}${"" | "Buffer"}`, (...args: Array<string | number | Buffer>) => Promise<unknown>>

const packr = new Packr({ useRecords: false, skipValues: [undefined] } as ConstructorParameters<typeof Packr>[0])
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" })

/** The URL as it may be printed: no password. */
export const shownRedisUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`
  } catch {
    return "(unparsable URL)"
  }
}

/** Connects both connections; rejects with the reason when the server cannot be reached. */
export const openRedisCache = async (options: RedisCacheOptions): Promise<CachePort> => {
  const prefix = options.prefix ?? "studio:"
  let started = false
  let lastError: Error | undefined
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    maxRetriesPerRequest: 2,
    // No retries while starting, so an unreachable server fails the start at once; backing off once running.
    retryStrategy: (attempt) => (started ? Math.min(attempt * 100, 2_000) : null),
  })
  const subscriber = client.duplicate()
  for (const connection of [client, subscriber]) connection.on("error", (error: Error) => (lastError = error))
  try {
    await client.connect()
    await subscriber.connect()
  } catch (error) {
    client.disconnect()
    subscriber.disconnect()
    throw new CacheUnavailable({ message: (lastError ?? (error as Error)).message })
  }
  started = true
  for (const [name, script] of Object.entries(SCRIPTS)) client.defineCommand(name, { numberOfKeys: script.keys, lua: script.lua })
  return new RedisCache(client, subscriber, prefix, shownRedisUrl(options.url))
}

class RedisCache implements CachePort {
  readonly name: string
  readonly presence: PresenceBus
  readonly cache: SharedCache
  private readonly subscriptions: Subscriptions

  constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    shownUrl: string,
  ) {
    this.name = `redis ${shownUrl}`
    this.subscriptions = new Subscriptions(subscriber)
    const scripts = client as unknown as Scripted
    const channel = (actor: Address) => `${prefix}${presenceKey(actor)}`
    const keys = (actor: Address) => [`${channel(actor)}:expiry`, `${channel(actor)}:records`]
    this.presence = {
      publish: async (actor, record, ttlMs) =>
        void (await guard(scripts.studioPublish(...keys(actor), record.member, packr.pack(record), ttlMs, channel(actor)))),
      remove: async (actor, member) =>
        void (await guard(scripts.studioRemove(...keys(actor), member.member, packr.pack({ ...member, data: null }), channel(actor)))),
      refresh: async (actor, members, ttlMs) => {
        if (members.length === 0) return []
        return (await guard(scripts.studioRefresh(...keys(actor), ttlMs, ...members))) as string[]
      },
      read: async (actor) => {
        const flat = (await guard(scripts.studioReadBuffer(...keys(actor)))) as Buffer[]
        const records: PresenceRecord[] = []
        for (let i = 1; i < flat.length; i += 2) records.push(unpackr.unpack(flat[i]!) as PresenceRecord)
        return records
      },
      subscribe: async (actor, listener: PresenceListener) => {
        const unsubscribe = await guard(this.subscriptions.add(channel(actor), (message) => listener(unpackr.unpack(message) as PresenceRecord)))
        return { unsubscribe: () => guard(unsubscribe()) }
      },
    }
    const cacheKey = (key: string) => `${prefix}${key}`
    this.cache = {
      get: async (key) => (await guard(client.get(cacheKey(key)))) ?? undefined,
      set: async (key, value, ttlMs) => void (await guard(client.set(cacheKey(key), value, "PX", ttlMs))),
      delete: async (key) => void (await guard(client.del(cacheKey(key)))),
      increment: async (key, windowMs) => {
        const [count, resetsInMs] = (await guard(scripts.studioIncrement(cacheKey(key), windowMs))) as [number, number]
        return { count, resetsInMs }
      },
    }
  }

  async close(): Promise<void> {
    // QUIT lets replies in flight arrive; a connection that is down is only told to stop reconnecting.
    const closeOne = async (connection: Redis) => {
      if (connection.status !== "ready") return connection.disconnect()
      await connection.quit().catch(() => connection.disconnect())
    }
    await Promise.all([closeOne(this.client), closeOne(this.subscriber)])
  }
}

/** Redis's failures as the port's one error, so callers need not know the client. */
const guard = async <T>(pending: Promise<T>): Promise<T> => {
  try {
    return await pending
  } catch (error) {
    throw new CacheUnavailable({ message: error instanceof Error ? error.message : String(error) })
  }
}
