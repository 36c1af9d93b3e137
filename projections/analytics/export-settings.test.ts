import { describe, expect, it } from "vitest"
import { analyticsExportFromEnv, describeAnalyticsExport } from "./export-settings.ts"

describe("analytics export settings", () => {
  it("are off with nothing set, and the start log says how to turn them on", () => {
    expect(analyticsExportFromEnv({})).toBeUndefined()
    expect(describeAnalyticsExport(undefined)).toMatch(/off \(set STUDIO_ANALYTICS_DIR .* GOOGLE_CLOUD_PROJECT/)
  })

  it("ship NDJSON files to STUDIO_ANALYTICS_DIR, every minute unless told otherwise", () => {
    const settings = analyticsExportFromEnv({ STUDIO_ANALYTICS_DIR: "/var/lib/studio/facts" })
    expect(settings).toEqual({ sink: "ndjson", dir: "/var/lib/studio/facts", everyMs: 60_000 })
    expect(describeAnalyticsExport(settings)).toBe("analytics export: NDJSON files in /var/lib/studio/facts, every 60 s")
  })

  it("ship to BigQuery with GOOGLE_CLOUD_PROJECT, carrying only BigQuery's variables to the worker", () => {
    const settings = analyticsExportFromEnv({
      GOOGLE_CLOUD_PROJECT: "studio-prod",
      BIGQUERY_DATASET: "facts",
      STUDIO_ANALYTICS_EXPORT_SECONDS: "15",
      STUDIO_JWT_SECRET: "not for the worker",
    })
    expect(settings).toEqual({ sink: "bigquery", env: { GOOGLE_CLOUD_PROJECT: "studio-prod", BIGQUERY_DATASET: "facts" }, everyMs: 15_000 })
    expect(describeAnalyticsExport(settings)).toBe("analytics export: BigQuery studio-prod.facts, every 15 s")
  })

  it("stop the start with one line naming the variable when they cannot work", () => {
    expect(() => analyticsExportFromEnv({ STUDIO_ANALYTICS_DIR: "/facts", GOOGLE_CLOUD_PROJECT: "studio-prod" })).toThrow(
      /^STUDIO_ANALYTICS_DIR: is set together with GOOGLE_CLOUD_PROJECT/,
    )
    expect(() => analyticsExportFromEnv({ STUDIO_ANALYTICS_DIR: "/facts", STUDIO_ANALYTICS_EXPORT_SECONDS: "soon" })).toThrow(
      /^STUDIO_ANALYTICS_EXPORT_SECONDS: /,
    )
    expect(() => analyticsExportFromEnv({ GOOGLE_CLOUD_PROJECT: "Not A Project" })).toThrow(/^GOOGLE_CLOUD_PROJECT: /)
  })
})
