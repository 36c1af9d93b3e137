/**
 * Opens the cache/presence port the configuration names: in this process
 * when REDIS_URL is unset, else Redis. A Redis that cannot be reached stops
 * the start with one line naming REDIS_URL. The Redis client loads only
 * when it is used.
 */
import type { CacheConfig } from "../../engine/config.ts"
import { ConfigError } from "../../engine/errors.ts"
import { InProcessCache } from "./in-process.ts"
import type { CachePort } from "./port.ts"

export const openCachePort = async (config: CacheConfig): Promise<CachePort> => {
  switch (config.kind) {
    case "in-process":
      return new InProcessCache()
    case "redis": {
      const { openRedisCache, shownRedisUrl } = await import("./redis.ts")
      try {
        return await openRedisCache({ url: config.url })
      } catch (error) {
        throw new ConfigError({
          variable: "REDIS_URL",
          problem: `cannot reach Redis at ${shownRedisUrl(config.url)} (${error instanceof Error ? error.message : String(error)})`,
          fix: "Start redis-server there, correct the URL or its password, or unset REDIS_URL for the in-process cache",
        })
      }
    }
  }
}
