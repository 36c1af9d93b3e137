/**
 * Facts reach the warehouse: the analytics projection fills the fact tables
 * from a seeded simulation, and the exporter ships them to BigQuery (a local
 * stand-in of its insertAll REST API) and to NDJSON files, resuming after a
 * failure without losing or duplicating rows.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAddress } from "../../engine/address.ts"
import { startBigQueryStandIn, type StandIn } from "../testing/bigquery-standin.ts"
import { owner, runToHead } from "../testing/fixtures.ts"
import { testSeed } from "../../engine/testing/random.ts"
import { openServerStore, serverAvailable, type ServerStore } from "../testing/server.ts"
import { memoryLogOf, simulate } from "../testing/simulate.ts"
import { openBigQuerySink } from "./bigquery-sink.ts"
import { FACT_TABLES } from "./bigquery-tables.ts"
import { exportFacts } from "./exporter.ts"
import { analyticsProjection } from "./facts.ts"
import { ndjsonFile, openNdjsonSink } from "./ndjson-sink.ts"
import { rowsProblem } from "./sink.ts"

const available = await serverAvailable()

describe.skipIf(!available)("analytics export", () => {
  let opened: ServerStore
  let standIn: StandIn
  const dir = mkdtempSync(join(tmpdir(), "facts-"))
  const { log } = memoryLogOf(simulate({ seed: testSeed("analytics export"), tenants: ["A", "B"], events: 1200 }).commits)
  const sourceCount = async (source: string) =>
    (await owner(opened.store, (sql) => sql.query<{ n: number }>(`select count(*)::int as n from ${source}`)))[0]!.n

  beforeAll(async () => {
    opened = await openServerStore("analytics_export")
    standIn = await startBigQueryStandIn("studio-test", "facts")
    await runToHead(opened.store, log, analyticsProjection)
  })
  afterAll(async () => {
    await standIn?.close()
    await opened?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it("ships every fact row once to BigQuery, resuming after an outage where it stopped", async () => {
    const sink = openBigQuerySink({ projectId: "studio-test", dataset: "facts", endpoint: standIn.endpoint, token: async () => standIn.token })
    standIn.failNext(503, 1, 2)
    const failed = await Effect.runPromise(Effect.result(exportFacts(opened.store, sink, { batchRows: 200 })))
    expect(Result.isFailure(failed) && failed.failure._tag).toBe("AnalyticsSinkError")
    expect(standIn.rows("events").length).toBe(400)
    const report = await Effect.runPromise(exportFacts(opened.store, sink, { batchRows: 200 }))
    for (const table of FACT_TABLES) {
      expect(standIn.rows(table.name).length, table.name).toBe(await sourceCount(table.source))
    }
    expect(report.shipped.events).toBe((await sourceCount("fact_events")) - 400)
    // The resumed export started after the last accepted batch: nothing was sent twice.
    expect(standIn.dropped()).toBe(0)
    expect((await Effect.runPromise(exportFacts(opened.store, sink))).shipped).toEqual({ events: 0, session_metrics: 0, daily_engagement: 0 })
  })

  it("sends a changed fact again as a newer version, so the latest version per key equals the read store", async () => {
    const sink = openBigQuerySink({ projectId: "studio-test", dataset: "facts", endpoint: standIn.endpoint, token: async () => standIn.token })
    const [session] = await owner(opened.store, (sql) =>
      sql.query<{ tenant_id: string; session_id: string; last_seq: number }>(
        "select tenant_id, session_id, last_seq from fact_session_metrics where ended_at is null limit 1",
      ),
    )
    await Effect.runPromise(
      log.append({
        addr: makeAddress(session!.tenant_id, "session", session!.session_id),
        expectedSeq: session!.last_seq,
        by: "closer",
        at: Date.UTC(2026, 0, 1),
        commandKey: "closer:1",
        events: [{ type: "ended", phase: null }],
      }),
    )
    await runToHead(opened.store, log, analyticsProjection)
    const report = await Effect.runPromise(exportFacts(opened.store, sink))
    expect(report.shipped).toEqual({ events: 1, session_metrics: 1, daily_engagement: 1 })
    const versions = standIn.rows("session_metrics").filter((row) => row.session_id === session!.session_id)
    const latest = versions.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a))
    expect(versions.length).toBe(2)
    expect(latest.ended_at).toBe("2026-01-01 00:00:00.000 UTC")
  })

  it("writes NDJSON load files whose every line fits the BigQuery schema", async () => {
    await Effect.runPromise(exportFacts(opened.store, openNdjsonSink(dir)))
    for (const table of FACT_TABLES) {
      const lines = readFileSync(ndjsonFile(dir, table.name), "utf8").trim().split("\n")
      expect(lines.length).toBe(await sourceCount(table.source))
      expect(
        rowsProblem(
          table.name,
          lines.map((line, i) => ({ insertId: String(i), json: JSON.parse(line) })),
        ),
      ).toBeUndefined()
    }
  })
})
