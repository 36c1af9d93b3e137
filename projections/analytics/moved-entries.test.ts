/**
 * A guest's journal entries moved into their new account are written once:
 * the daily counts do not count them again, and the journal read model keeps
 * when each was first written.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { journalProjection } from "../models/journal.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import type { ReadStore } from "../store/port.ts"
import { owner, runToHead } from "../testing/fixtures.ts"
import { memoryLogOf } from "../testing/simulate.ts"
import { analyticsProjection } from "./facts.ts"

const DAY = Date.UTC(2026, 11, 7, 9)
const WRITTEN = Date.UTC(2026, 11, 6, 18)
let position = 0
const commit = (id: string, seq: number, at: number, events: object[]): Commit => ({
  addr: makeAddress("A", "journal", id),
  firstSeq: seq,
  events,
  position: ++position,
  by: id,
  at,
  commandKey: `${id}:${position}`,
})
const entry = { title: "Morning", body: "What I noticed", tags: [], mood: null, sessionId: "s-1", prompt: "What did you notice?" }
const { log } = memoryLogOf([
  commit("guest-1", 1, WRITTEN, [
    { type: "created", ownerId: "guest-1" },
    { type: "entryWritten", entryId: "e1", ...entry },
  ]),
  commit("member-1", 1, DAY, [
    { type: "created", ownerId: "member-1" },
    { type: "entryWritten", entryId: "e1", ...entry, moved: { from: "guest-1", writtenAt: WRITTEN, updatedAt: WRITTEN } },
  ]),
])

let store: ReadStore
beforeAll(async () => {
  store = (await openPgliteStore()).store
  await runToHead(store, log, analyticsProjection)
  await runToHead(store, log, journalProjection)
})
afterAll(async () => {
  await store?.close?.()
})

it("counts a moved entry once, on the day it was first written, and keeps its first time", async () => {
  const daily = await owner(store, (sql) =>
    sql.query<{ day: string; n: number }>("select day::text as day, journal_entries_written::int as n from fact_daily_engagement order by day"),
  )
  expect(daily.map((row) => [row.day, row.n])).toEqual([
    ["2026-12-06", 1],
    ["2026-12-07", 0],
  ])
  const written = await owner(store, (sql) =>
    sql.query<{ written_at: string }>("select written_at from journal_entries where journal_id = 'member-1'"),
  )
  expect(new Date(written[0]!.written_at).getTime()).toBe(WRITTEN)
})
