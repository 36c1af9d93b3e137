/**
 * Whether a node ships its analytics facts, and where: BigQuery when
 * GOOGLE_CLOUD_PROJECT is set (bigquery-sink.ts), NDJSON files in BigQuery's
 * load format when STUDIO_ANALYTICS_DIR is, nowhere otherwise. Read once in
 * the node's main thread, so a bad value stops the start with one line; the
 * read-side worker, which holds the facts, opens the sink from these plain
 * settings (they cross the thread boundary, a token function would not).
 */
import { ConfigError } from "../../engine/errors.ts"
import { wholeNumberFromEnv } from "../../engine/config.ts"
import { bigQueryConfigFromEnv, openBigQuerySink } from "./bigquery-sink.ts"
import { openNdjsonSink } from "./ndjson-sink.ts"
import type { AnalyticsSink } from "./sink.ts"

type Env = Readonly<Record<string, string | undefined>>

export type AnalyticsExportSettings =
  | { readonly sink: "ndjson"; readonly dir: string; readonly everyMs: number }
  | { readonly sink: "bigquery"; readonly env: Readonly<Record<string, string>>; readonly everyMs: number }

const BIGQUERY_VARIABLES = ["GOOGLE_CLOUD_PROJECT", "BIGQUERY_DATASET", "BIGQUERY_API_ENDPOINT", "BIGQUERY_ACCESS_TOKEN"] as const

export const analyticsExportFromEnv = (env: Env): AnalyticsExportSettings | undefined => {
  const dir = env["STUDIO_ANALYTICS_DIR"]?.trim()
  const bigQuery = bigQueryConfigFromEnv(env)
  if (dir && bigQuery) {
    throw new ConfigError({
      variable: "STUDIO_ANALYTICS_DIR",
      problem: "is set together with GOOGLE_CLOUD_PROJECT",
      fix: "Set one: STUDIO_ANALYTICS_DIR for NDJSON files, GOOGLE_CLOUD_PROJECT for BigQuery",
    })
  }
  const everyMs = wholeNumberFromEnv(env, "STUDIO_ANALYTICS_EXPORT_SECONDS", 60, 1, 86_400) * 1000
  if (dir) return { sink: "ndjson", dir, everyMs }
  if (!bigQuery) return undefined
  const passed: Record<string, string> = {}
  for (const variable of BIGQUERY_VARIABLES) if (env[variable]) passed[variable] = env[variable]!
  return { sink: "bigquery", env: passed, everyMs }
}

/** The start log's line about it: what is exported where, or that it is off and how to turn it on. */
export const describeAnalyticsExport = (settings: AnalyticsExportSettings | undefined): string => {
  if (!settings) return "analytics export: off (set STUDIO_ANALYTICS_DIR for NDJSON files, or GOOGLE_CLOUD_PROJECT for BigQuery)"
  const every = `every ${settings.everyMs / 1000} s`
  return settings.sink === "ndjson"
    ? `analytics export: NDJSON files in ${settings.dir}, ${every}`
    : `analytics export: BigQuery ${settings.env["GOOGLE_CLOUD_PROJECT"]}.${settings.env["BIGQUERY_DATASET"] || "studio"}, ${every}`
}

export const openAnalyticsSink = (settings: AnalyticsExportSettings): AnalyticsSink =>
  settings.sink === "ndjson" ? openNdjsonSink(settings.dir) : openBigQuerySink(bigQueryConfigFromEnv(settings.env)!)
