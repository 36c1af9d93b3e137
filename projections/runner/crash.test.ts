/**
 * A crash right after a read-model transaction commits must not apply
 * anything twice: the checkpoint commits with the rows, so the restarted
 * runner resumes exactly after them. Child processes are killed with
 * SIGKILL at seeded points, then a last one runs to the end; the result
 * must equal a build that never crashed, row for row.
 */
import { spawn } from "node:child_process"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ALL_PROJECTIONS } from "../all.ts"
import { owner } from "../testing/fixtures.ts"
import { crashProbeProjection } from "./testing/crash-probe.ts"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import { openServerStore, serverAvailable, TEST_SERVER_URL, type ServerStore } from "../testing/server.ts"
import { resetProjection, runToHead, snapshotTables } from "../testing/fixtures.ts"
import { memoryLogOf, simulateCommits } from "../testing/simulate.ts"

const available = await serverAvailable()
const EVENTS = 1000
const BATCH = 40
// Generous: each child starts through tsx, which takes seconds on a busy machine; these bound only a child that hangs.
const CHILD_WATCHDOG_MS = 120_000
const ROUNDS_TIMEOUT_MS = 400_000

interface Kill {
  readonly afterCommits?: number
  readonly inApply?: number
  readonly grouped?: boolean
}

const runChild = (schema: string, seed: number, kill: Kill = {}) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CRASH_DATABASE_URL: TEST_SERVER_URL,
      CRASH_SCHEMA: schema,
      CRASH_SEED: String(seed),
      CRASH_EVENTS: String(EVENTS),
      CRASH_BATCH: String(BATCH),
    }
    if (kill.afterCommits !== undefined) env.KILL_AFTER_COMMITS = String(kill.afterCommits)
    if (kill.inApply !== undefined) env.KILL_IN_APPLY = String(kill.inApply)
    if (kill.grouped) env.CRASH_GROUP = "1"
    const child = spawn(process.execPath, ["--import", "tsx", "projections/runner/testing/crash-child.ts"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    // A child that never finishes would only show as the test's timeout: end it sooner and show what it said.
    const watchdog = setTimeout(() => {
      stderr += `\n[crash test] the child did not finish in ${CHILD_WATCHDOG_MS} ms; killed. stdout so far: ${stdout.slice(-2000)}`
      child.kill("SIGKILL")
    }, CHILD_WATCHDOG_MS)
    child.on("exit", (code, signal) => {
      clearTimeout(watchdog)
      resolve({ code, signal, stdout, stderr })
    })
  })

describe.skipIf(!available)("crash between the read-model commit and anything after it", () => {
  let crashed: ServerStore
  let grouped: ServerStore
  let reference: ServerStore
  beforeAll(async () => {
    crashed = await openServerStore("crash")
    grouped = await openServerStore("crash_group")
    reference = await openServerStore("crash_reference")
  })
  afterAll(async () => {
    await crashed?.dispose()
    await grouped?.dispose()
    await reference?.dispose()
  })

  /** The probe counted every commit once, and every read model equals a build that never crashed. */
  const expectEveryEventOnce = async (target: ServerStore, seed: number) => {
    const [probe] = await owner(target.store, (sql) =>
      sql.query<{ commits: number; twice: number }>(
        `select count(*)::int as commits, count(*) filter (where times <> 1)::int as twice from ${crashProbeProjection.name}`,
      ),
    )
    expect(probe).toEqual({ commits: expect.any(Number), twice: 0 })
    const { log } = memoryLogOf(simulateCommits({ seed, tenants: ["A", "B"], events: EVENTS }))
    for (const projection of ALL_PROJECTIONS) {
      await resetProjection(reference.store, projection)
      await runToHead(reference.store, log, projection, { batchCommits: 500 })
      expect(await snapshotTables(target.store, projection), projection.name).toEqual(await snapshotTables(reference.store, projection))
    }
    expect(probe?.commits).toBe(await Effect.runPromise(log.headPosition()))
  }

  it("SIGKILL after seeded commits, then a restart from the stored checkpoints, applies every event exactly once", {
    timeout: ROUNDS_TIMEOUT_MS,
  }, async () => {
    const seed = testSeed("projection crash rounds")
    const random = makeRandom(seed)
    // Four projections, about EVENTS / BATCH transactions each: kill points spread over the whole run.
    const totalTransactions = (ALL_PROJECTIONS.length + 1) * Math.ceil(EVENTS / BATCH)
    for (let round = 0; round < 3; round++) {
      const result = await runChild(crashed.schema, seed, { afterCommits: 1 + random.int(Math.floor(totalTransactions / 5)) })
      expect(result.signal, `round ${round}: ${result.stderr}`).toBe("SIGKILL")
      // The transaction that committed just before the kill is in the checkpoint: nothing after the commit was needed.
      const { committed, position } = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { committed: string; position: number }
      const [checkpoint] = await owner(crashed.store, (sql) =>
        sql.query<{ position: number }>("select position from projection_checkpoints where projection = $1", [committed]),
      )
      expect(Number(checkpoint?.position), `round ${round}: ${committed}`).toBe(position)
    }
    const last = await runChild(crashed.schema, seed)
    expect(last.code, last.stderr).toBe(0)
    await expectEveryEventOnce(crashed, seed)
  })

  it("SIGKILL inside a shared transaction or right after it commits, then a restart, applies every event exactly once", {
    timeout: ROUNDS_TIMEOUT_MS,
  }, async () => {
    const seed = testSeed("projection group crash rounds")
    const random = makeRandom(seed)
    // One shared transaction per batch for all projections: about EVENTS / BATCH of them.
    const ticks = Math.ceil(EVENTS / BATCH)
    for (let round = 0; round < 4; round++) {
      const inside = round % 2 === 0
      const point = 1 + random.int(Math.floor(ticks / 5))
      const result = await runChild(grouped.schema, seed, inside ? { inApply: point, grouped: true } : { afterCommits: point, grouped: true })
      expect(result.signal, `round ${round}: ${result.stderr}`).toBe("SIGKILL")
      const report = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as {
        positions: Record<string, number>
        committed?: string
        position?: number
      }
      const stored = Object.fromEntries(
        (
          await owner(grouped.store, (sql) =>
            sql.query<{ projection: string; position: number }>("select projection, position from projection_checkpoints"),
          )
        ).map((row) => [row.projection, Number(row.position)]),
      )
      // Killed inside: nothing of that transaction is stored. Killed after: it is, for every projection it held at once.
      expect(stored, `round ${round} (${inside ? "inside" : "after"} at ${point})`).toEqual(report.positions)
      if (!inside) expect(stored[report.committed!]).toBe(report.position)
    }
    const last = await runChild(grouped.schema, seed, { grouped: true })
    expect(last.code, last.stderr).toBe(0)
    await expectEveryEventOnce(grouped, seed)
  })
})
