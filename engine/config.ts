/**
 * Configuration from the environment, checked once at start. Every problem
 * becomes a ConfigError naming the variable and the fix, so a node never
 * starts half-configured.
 */
import { resolve } from "node:path"
import { ConfigError } from "./errors.ts"

export type EventLogConfig =
  | { readonly kind: "embedded"; readonly dir: string }
  | { readonly kind: "jetstream"; readonly url: string; readonly stream: string; readonly replicas: number }

/** Where the gateway's nodes share presence and small caches (gateway/cache): this process, or Redis. */
export type CacheConfig = { readonly kind: "in-process" } | { readonly kind: "redis"; readonly url: string }

export interface EngineConfig {
  readonly dataDir: string
  readonly eventLog: EventLogConfig
  readonly cache: CacheConfig
  readonly port: number
  /** Read-API answers kept by the response cache; 0 turns it off (to measure the read models alone). */
  readonly readCacheEntries: number
}

type Env = Readonly<Record<string, string | undefined>>

/** A whole-number setting: `fallback` when unset; anything else out of [min, max] stops the start with one line naming the variable. */
export const wholeNumberFromEnv = (env: Env, variable: string, fallback: number, min: number, max: number): number => {
  const raw = env[variable]
  if (raw === undefined || raw === "") return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError({
      variable,
      problem: `${JSON.stringify(raw)} is not a whole number from ${min} to ${max}`,
      fix: `Set ${variable}=${fallback} or unset it`,
    })
  }
  return value
}

const natsUrl = (raw: string): string => {
  const urls = raw.split(",").map((part) => part.trim())
  for (const url of urls) {
    let parsed: URL
    try {
      parsed = new URL(url.includes("://") ? url : `nats://${url}`)
    } catch {
      throw new ConfigError({
        variable: "NATS_URL",
        problem: `${JSON.stringify(url)} is not a URL`,
        fix: "Use nats://host:4222 (comma-separate several servers), or unset it for the embedded log",
      })
    }
    if (!["nats:", "tls:"].includes(parsed.protocol)) {
      throw new ConfigError({
        variable: "NATS_URL",
        problem: `scheme ${parsed.protocol} is not nats: or tls:`,
        fix: "Use nats://host:4222, or unset it for the embedded log",
      })
    }
  }
  return urls.join(",")
}

const redisUrl = (raw: string): string => {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError({
      variable: "REDIS_URL",
      problem: "the value is not a URL",
      fix: "Use redis://host:6379 (redis://:password@host:6379/0, rediss:// for TLS), or unset it for the in-process cache",
    })
  }
  if (!["redis:", "rediss:"].includes(parsed.protocol) || parsed.hostname === "") {
    throw new ConfigError({
      variable: "REDIS_URL",
      problem: `${parsed.protocol}//${parsed.host} is not a redis:// or rediss:// URL with a host`,
      fix: "Use redis://host:6379, or unset it for the in-process cache",
    })
  }
  return raw
}

export const loadConfig = (env: Env = process.env): EngineConfig => {
  const dataDir = resolve(env.STUDIO_DATA_DIR || "./data")
  const nats = env.NATS_URL?.trim()
  const eventLog: EventLogConfig = nats
    ? {
        kind: "jetstream",
        url: natsUrl(nats),
        stream: env.STUDIO_EVENT_STREAM || "STUDIO_EVENTS",
        replicas: wholeNumberFromEnv(env, "STUDIO_EVENT_REPLICAS", 1, 1, 5),
      }
    : { kind: "embedded", dir: resolve(dataDir, "log") }
  if (eventLog.kind === "jetstream" && !/^[A-Za-z0-9_-]{1,64}$/.test(eventLog.stream)) {
    throw new ConfigError({
      variable: "STUDIO_EVENT_STREAM",
      problem: `${JSON.stringify(eventLog.stream)} is not a valid stream name`,
      fix: "Use letters, digits, - and _ only",
    })
  }
  const redis = env.REDIS_URL?.trim()
  return {
    dataDir,
    eventLog,
    cache: redis ? { kind: "redis", url: redisUrl(redis) } : { kind: "in-process" },
    port: wholeNumberFromEnv(env, "PORT", 8080, 0, 65_535),
    readCacheEntries: wholeNumberFromEnv(env, "STUDIO_READ_CACHE_ENTRIES", 10_000, 0, 1_000_000),
  }
}
