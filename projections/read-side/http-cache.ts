/**
 * HTTP validators for read-API answers: an ETag names the tenant's read-model
 * version and the viewer, so a client revalidating an unchanged list gets a
 * 304 without a query; and the cache's counters in Prometheus text.
 */
import { randomBytes } from "node:crypto"
import type { User } from "../../engine/actor-kind.ts"
import type { CacheStats } from "./response-cache.ts"

/** Versions restart with the process; the boot id keeps an old ETag from matching a new version. */
const BOOT = randomBytes(4).toString("hex")

/** Everything about the caller an answer may depend on. */
export const viewerKey = (user: User): string => `${user.tenant}\u0000${user.id}\u0000${[...user.roles].sort().join(",")}`

/** 32-bit FNV-1a: short, and a collision could only make two viewers share a validator, never an answer. */
const fnv1a = (text: string): string => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

export const etagFor = (version: number, user: User): string => `W/"${BOOT}.${version}.${fnv1a(viewerKey(user))}"`

/** `If-None-Match` holds a list of tags, or `*`; weak comparison, as RFC 9110 asks for GET. */
export const matchesEtag = (header: string | undefined, etag: string): boolean => {
  if (!header) return false
  if (header.trim() === "*") return true
  const bare = etag.replace(/^W\//, "")
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare)
}

export const cacheMetrics = (stats: CacheStats, workerUp: boolean): string =>
  [
    "# HELP studio_read_side_up 1 when the read-side worker answers.",
    "# TYPE studio_read_side_up gauge",
    `studio_read_side_up ${workerUp ? 1 : 0}`,
    "# HELP studio_read_cache_hits_total Read API answers served from the response cache.",
    "# TYPE studio_read_cache_hits_total counter",
    `studio_read_cache_hits_total ${stats.hits}`,
    "# HELP studio_read_cache_misses_total Read API answers that needed a query.",
    "# TYPE studio_read_cache_misses_total counter",
    `studio_read_cache_misses_total ${stats.misses}`,
    "# HELP studio_read_cache_entries Answers held in the response cache.",
    "# TYPE studio_read_cache_entries gauge",
    `studio_read_cache_entries ${stats.entries}`,
    "# HELP studio_read_cache_bytes Approximate memory held by the response cache.",
    "# TYPE studio_read_cache_bytes gauge",
    `studio_read_cache_bytes ${stats.bytes}`,
    "",
  ].join("\n")
