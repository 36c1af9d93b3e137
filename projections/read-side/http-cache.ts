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

/** `language`: the content language Accept-Language chose, when not English (the same URL answers differently per language). */
export const etagFor = (version: number, user: User, language?: string): string =>
  `W/"${BOOT}.${version}.${fnv1a(viewerKey(user))}${language ? `.${language}` : ""}"`

/** `If-None-Match` holds a list of tags, or `*`; weak comparison, as RFC 9110 asks for GET. */
export const matchesEtag = (header: string | undefined, etag: string): boolean => {
  if (!header) return false
  if (header.trim() === "*") return true
  const bare = etag.replace(/^W\//, "")
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare)
}

const CACHE_FAMILIES: ReadonlyArray<{ name: string; type: "gauge" | "counter"; help: string; value: (stats: CacheStats, up: boolean) => number }> = [
  { name: "studio_read_side_up", type: "gauge", help: "1 when the read-side worker answers.", value: (_, up) => (up ? 1 : 0) },
  { name: "studio_read_cache_hits_total", type: "counter", help: "Read API answers served from the response cache.", value: (s) => s.hits },
  { name: "studio_read_cache_misses_total", type: "counter", help: "Read API answers that needed a query.", value: (s) => s.misses },
  { name: "studio_read_cache_entries", type: "gauge", help: "Answers held in the response cache.", value: (s) => s.entries },
  { name: "studio_read_cache_bytes", type: "gauge", help: "Approximate memory held by the response cache.", value: (s) => s.bytes },
]

/** The cache's counters and the worker's liveness, in the Prometheus text format. */
export const cacheMetrics = (stats: CacheStats, workerUp: boolean): string =>
  CACHE_FAMILIES.map((f) => `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n${f.name} ${f.value(stats, workerUp)}\n`).join("")
