/** Both analytics sinks pass the sink contract: NDJSON files, and BigQuery against a local stand-in of its insertAll REST API. */
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBigQueryStandIn, type StandIn } from "../testing/bigquery-standin.ts"
import { bigQueryConfigFromEnv, openBigQuerySink } from "./bigquery-sink.ts"
import { ndjsonFile, openNdjsonSink } from "./ndjson-sink.ts"
import { describeSinkContract } from "./testing/sink-contract.ts"
import type { AnalyticsSink } from "./sink.ts"

const dir = mkdtempSync(join(tmpdir(), "ndjson-sink-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const ndjson = openNdjsonSink(dir)
describeSinkContract("NDJSON files in BigQuery's load format", {
  sink: () => ndjson,
  stored: async (table) =>
    existsSync(ndjsonFile(dir, table))
      ? readFileSync(ndjsonFile(dir, table), "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line))
      : [],
})

describe("BigQuery sink against a local stand-in of the insertAll REST API", () => {
  let standIn: StandIn
  let sink: AnalyticsSink
  beforeAll(async () => {
    standIn = await startBigQueryStandIn("studio-test", "facts")
    sink = openBigQuerySink(
      bigQueryConfigFromEnv({
        GOOGLE_CLOUD_PROJECT: "studio-test",
        BIGQUERY_DATASET: "facts",
        BIGQUERY_API_ENDPOINT: standIn.endpoint,
        BIGQUERY_ACCESS_TOKEN: standIn.token,
      })!,
    )
  })
  afterAll(async () => {
    await standIn.close()
  })
  describeSinkContract("BigQuery (stand-in)", { sink: () => sink, stored: async (table) => standIn.rows(table) })

  const row = {
    insertId: "r1",
    json: {
      organization_id: "acme",
      day: "2025-02-01",
      events: 1,
      active_users: 1,
      sessions_created: 0,
      sessions_ended: 0,
      participants_joined: 0,
      canvas_operations: 0,
      journal_entries_written: 0,
      version: 1,
    },
  }

  it("reports BigQuery being unavailable as retriable, and a row BigQuery refuses as not", async () => {
    standIn.failNext(503)
    const unavailable = await Effect.runPromise(Effect.result(sink.insert("daily_engagement", [row])))
    expect(Result.isFailure(unavailable) && unavailable.failure.retriable).toBe(true)
    standIn.refuseWhere((json) => json.day === "2025-02-01")
    const refused = await Effect.runPromise(Effect.result(sink.insert("daily_engagement", [row])))
    standIn.refuseWhere(undefined)
    expect(Result.isFailure(refused) && refused.failure).toMatchObject({ retriable: false, message: expect.stringContaining("row 0") })
  })

  it("reports wrong credentials as a clear, non-retriable error", async () => {
    const wrong = openBigQuerySink({ projectId: "studio-test", dataset: "facts", endpoint: standIn.endpoint, token: async () => "expired" })
    const result = await Effect.runPromise(Effect.result(wrong.insert("daily_engagement", [row])))
    expect(Result.isFailure(result) && result.failure).toMatchObject({ retriable: false, message: expect.stringContaining("credentials") })
  })

  it("reads its configuration from the environment and names the variable that is wrong", () => {
    expect(bigQueryConfigFromEnv({})).toBeUndefined()
    expect(() => bigQueryConfigFromEnv({ GOOGLE_CLOUD_PROJECT: "Not A Project" })).toThrow(/GOOGLE_CLOUD_PROJECT/)
    expect(() => bigQueryConfigFromEnv({ GOOGLE_CLOUD_PROJECT: "studio-test", BIGQUERY_API_ENDPOINT: "ftp://x" })).toThrow(/BIGQUERY_API_ENDPOINT/)
  })
})
