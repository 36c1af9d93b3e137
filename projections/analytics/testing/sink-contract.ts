/**
 * The analytics sink contract, run against every adapter with a way to
 * read back what the destination holds.
 */
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { bigQueryTimestamp } from "../bigquery-tables.ts"
import type { AnalyticsSink, FactRow } from "../sink.ts"

export interface SinkHarness {
  readonly sink: () => AnalyticsSink
  /** Rows the destination holds for a table, in arrival order. */
  readonly stored: (table: string) => Promise<Array<Record<string, unknown>>>
}

const day = (n: number): FactRow => ({
  insertId: `acme.2025-01-0${n}@${n}`,
  json: {
    organization_id: "acme",
    day: `2025-01-0${n}`,
    events: 10 * n,
    active_users: n,
    sessions_created: 1,
    sessions_ended: 0,
    participants_joined: 2,
    canvas_operations: 3,
    journal_entries_written: 0,
    version: n,
  },
})

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.result(effect))

export const describeSinkContract = (adapter: string, harness: SinkHarness) =>
  describe(`analytics sink contract: ${adapter}`, () => {
    it("stores rows in arrival order, exactly as BigQuery's JSON encoding has them", async () => {
      const event: FactRow = {
        insertId: "acme.session.s1.1",
        json: {
          organization_id: "acme",
          event_id: "acme.session.s1.1",
          actor_kind: "session",
          actor_id: "s1",
          seq: 1,
          log_position: 7,
          event_type: "created",
          user_id: "u1",
          occurred_at: bigQueryTimestamp(Date.UTC(2025, 0, 6, 8)),
          event_date: "2025-01-06",
          attributes: JSON.stringify({ phases: 4 }),
        },
      }
      expect(Result.isSuccess(await run(harness.sink().insert("events", [event])))).toBe(true)
      expect(Result.isSuccess(await run(harness.sink().insert("daily_engagement", [day(1), day(2)])))).toBe(true)
      expect(await harness.stored("events")).toEqual([{ ...event.json, occurred_at: "2025-01-06 08:00:00.000 UTC" }])
      expect((await harness.stored("daily_engagement")).map((row) => row.day)).toEqual(["2025-01-01", "2025-01-02"])
    })

    it("drops a resent insertId", async () => {
      await run(harness.sink().insert("daily_engagement", [day(3)]))
      await run(harness.sink().insert("daily_engagement", [day(3), day(4)]))
      expect((await harness.stored("daily_engagement")).filter((row) => row.day === "2025-01-03").length).toBe(1)
    })

    it("refuses a call with a row that breaks the schema, naming the field, and stores none of its rows", async () => {
      const before = (await harness.stored("daily_engagement")).length
      const bad = { insertId: "bad", json: { ...day(5).json, events: "many" } }
      const result = await run(harness.sink().insert("daily_engagement", [day(6), bad]))
      expect(Result.isFailure(result) && result.failure).toMatchObject({
        retriable: false,
        message: expect.stringContaining("daily_engagement.events"),
      })
      const unknownField = await run(harness.sink().insert("daily_engagement", [{ insertId: "x", json: { ...day(7).json, mood: 3 } }]))
      expect(Result.isFailure(unknownField) && unknownField.failure.message).toMatch(/no field mood/)
      expect((await harness.stored("daily_engagement")).length).toBe(before)
    })
  })
