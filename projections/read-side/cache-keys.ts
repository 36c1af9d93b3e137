/**
 * What the response cache keys answers by (the viewer), and its counters in
 * the Prometheus text format.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { CacheStats } from "./response-cache.ts"

/** Everything about the caller an answer may depend on. */
export const viewerKey = (user: User): string => `${user.tenant}\u0000${user.id}\u0000${[...user.roles].sort().join(",")}`
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
