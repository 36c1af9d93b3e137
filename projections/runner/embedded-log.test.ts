/**
 * The runner over the durable embedded event log (not the in-memory one):
 * the read models it builds equal those built from the same commits held in
 * memory, row for row, and it follows commits appended after a reopen.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openEmbeddedLog } from "../../engine/eventlog/embedded/embedded-log.ts"
import type { Commit, EventLog } from "../../engine/eventlog/port.ts"
import { READ_MODEL_PROJECTIONS } from "../models/index.ts"
import { resetProjection, runToHead, snapshotTables } from "../testing/fixtures.ts"
import { testSeed } from "../../engine/testing/random.ts"
import { openServerStore, serverAvailable, type ServerStore } from "../testing/server.ts"
import { memoryLogOf, simulate } from "../testing/simulate.ts"

const available = await serverAvailable()

const appendAll = async (log: EventLog, commits: readonly Commit[]) => {
  for (const commit of commits) {
    await Effect.runPromise(
      log.append({
        addr: commit.addr,
        expectedSeq: commit.firstSeq - 1,
        events: commit.events,
        by: commit.by,
        at: commit.at,
        commandKey: commit.commandKey,
      }),
    )
  }
}

describe.skipIf(!available)("projections over the embedded event log", () => {
  let opened: ServerStore
  const dir = mkdtempSync(join(tmpdir(), "projections-embedded-log-"))
  const commits = simulate({ seed: testSeed("embedded log"), tenants: ["A", "B"], events: 400 }).commits
  const split = Math.floor(commits.length * 0.7)

  beforeAll(async () => {
    opened = await openServerStore("embedded_log")
  })
  afterAll(async () => {
    await opened?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it("builds the same read models as the same commits in memory, and follows appends after a reopen", async () => {
    const first = await openEmbeddedLog({ dir, warn: () => undefined })
    await appendAll(first, commits.slice(0, split))
    for (const projection of READ_MODEL_PROJECTIONS) await runToHead(opened.store, first, projection)
    await Effect.runPromise(first.close())

    const reopened = await openEmbeddedLog({ dir, warn: () => undefined })
    await appendAll(reopened, commits.slice(split))
    const fromDisk: Record<string, unknown>[] = []
    for (const projection of READ_MODEL_PROJECTIONS) {
      await runToHead(opened.store, reopened, projection)
      fromDisk.push(await snapshotTables(opened.store, projection))
    }
    await Effect.runPromise(reopened.close())

    const fromMemory: Record<string, unknown>[] = []
    for (const projection of READ_MODEL_PROJECTIONS) {
      await resetProjection(opened.store, projection)
      await runToHead(opened.store, memoryLogOf(commits).log, projection)
      fromMemory.push(await snapshotTables(opened.store, projection))
    }
    expect(fromDisk).toEqual(fromMemory)
  })
})
