/**
 * The read-side worker reading the node's log itself: the embedded log's
 * segments (a read-only follower) while the node appends to them, and a
 * JetStream stream on a connection of its own. The node's thread ships no
 * commit, only tells the worker where the durable head is; a worker killed
 * and started again resumes from its checkpoints.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { openEmbeddedLog } from "../../engine/eventlog/embedded/embedded-log.ts"
import { signalHead, type HeadSignal } from "../../engine/eventlog/head-signal.ts"
import { deleteStreams, NATS_TEST_URL, shouldSkipJetStream, uniqueNames } from "../../engine/eventlog/jetstream/testing/nats-test-support.ts"
import { openJetStreamLog } from "../../engine/eventlog/jetstream/jetstream-log.ts"
import type { Commit, EventLog } from "../../engine/eventlog/port.ts"
import { testRandom } from "../../engine/testing/random.ts"
import { readApiFor, readApiOver } from "../../gateway/http/testing/read-api.ts"
import { startReadSide } from "../../gateway/read-side.ts"
import { ALL_PROJECTIONS } from "../all.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import { runToHead } from "../testing/fixtures.ts"
import { simulate, type Simulation } from "../testing/simulate.ts"
import type { ReadSide } from "./read-side.ts"
import type { WorkerLogConfig } from "./messages.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)?.[1])
const LISTS = ["/api/sessions", "/api/canvases", "/api/journal/entries", "/api/cards"]

/** Appends the simulated commits in bursts of random sizes, each burst's appends in flight together (one group commit). */
const appendAll = async (log: EventLog, commits: readonly Commit[], random: { int(max: number): number }) => {
  let i = 0
  while (i < commits.length) {
    const burst = commits.slice(i, i + 1 + random.int(12))
    // Within a burst, one commit per actor at a time: the later ones of an actor wait for its earlier.
    const byActor = new Map<string, Commit[]>()
    for (const commit of burst) {
      const key = `${commit.addr.tenant}.${commit.addr.kind}.${commit.addr.id}`
      byActor.set(key, [...(byActor.get(key) ?? []), commit])
    }
    await Promise.all(
      [...byActor.values()].map(async (chain) => {
        for (const commit of chain)
          await run(
            log.append({
              addr: commit.addr,
              expectedSeq: commit.firstSeq - 1,
              events: commit.events,
              by: commit.by,
              at: commit.at,
              commandKey: commit.commandKey,
            }),
          )
      }),
    )
    i += burst.length
  }
}

/** Every list, for every user, as the read API over an in-process store brought to the head answers it. */
const sameAnswers = async (readSide: ReadSide, log: EventLog, sim: Simulation) => {
  const inProcess = await openPgliteStore({})
  try {
    for (const projection of ALL_PROJECTIONS) await runToHead(inProcess.store, log, projection)
    const direct = readApiOver(inProcess.store)
    const viaWorker = readApiFor(readSide)
    for (const users of sim.users.values())
      for (const user of users.slice(0, 3) as User[])
        for (const path of LISTS) {
          const ask = async (app: typeof direct) => {
            const response = await app.request(path, { headers: { "x-test-user": JSON.stringify(user) } })
            return { status: response.status, body: await response.json() }
          }
          expect(await ask(viaWorker), `${path} for ${user.id}`).toEqual(await ask(direct))
        }
  } finally {
    await run(inProcess.store.close())
  }
}

const followingReadSide = (label: string, open: () => Promise<{ log: EventLog; config: WorkerLogConfig; cleanup: () => Promise<void> }>) => {
  let dir: string
  let opened: Awaited<ReturnType<typeof open>>
  let heads: HeadSignal
  let readSide: ReadSide
  const random = testRandom(`read side follows the ${label} log`)
  const sim = simulate({ seed: random.seed, tenants: ["A", "B"], events: 400 })
  const half = Math.floor(sim.commits.length / 2)

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `studio-read-side-${label}-`))
    opened = await open()
    heads = signalHead(opened.log)
    readSide = await startReadSide(heads.log, {
      store: { kind: "pglite", dataDir: join(dir, "readstore") },
      log: opened.config,
      heads,
      idleMs: { min: 5, max: 200 },
      restartMs: 50,
      batchCommits: 50,
      onError: () => undefined,
    })
  }, 180_000)
  afterAll(async () => {
    await readSide?.stop()
    await run(heads?.log.close() ?? Effect.void)
    await opened?.cleanup()
    await rm(dir, { recursive: true, force: true })
  })

  it("applies commits appended while it reads, and the node's thread ships none", async () => {
    await appendAll(heads.log, sim.commits.slice(0, half), random)
    expect(await readSide.waitFor(await run(heads.log.headPosition()), 90_000)).toBe(true)
    await sameAnswers(readSide, heads.log, sim)
    const metrics = await readSide.metrics()
    expect(counter(metrics, "studio_read_side_commits_shipped_total")).toBe(0)
    expect(counter(metrics, "studio_read_side_log_reads_total")).toBe(0)
    expect(counter(metrics, "studio_read_side_head_announcements_total")).toBeGreaterThan(0)
  }, 180_000)

  it("a killed worker started again resumes from its checkpoints, not from the start of the log", async () => {
    const before = await run(heads.log.headPosition())
    await readSide.killWorker()
    await appendAll(heads.log, sim.commits.slice(half), random)
    const head = await run(heads.log.headPosition())
    // A new worker opens the store again (seconds on a busy machine); until then waitFor is refused.
    await expect.poll(() => readSide.waitFor(head, 90_000).catch(() => false), { timeout: 120_000, interval: 200 }).toBe(true)
    const metrics = await readSide.metrics()
    // The new worker's runners applied only what came after their checkpoints (each projection at most the commits since).
    const applied = [...metrics.matchAll(/^studio_projection_commits_applied_total\{[^}]*\} (\d+)$/gm)].map((match) => Number(match[1]))
    expect(applied.length).toBeGreaterThan(0)
    for (const count of applied) expect(count).toBeLessThanOrEqual(head - before)
    await sameAnswers(readSide, heads.log, sim)
    expect(counter(metrics, "studio_read_side_commits_shipped_total")).toBe(0)
  }, 240_000)
}

describe("read side following the embedded log", () => {
  followingReadSide("embedded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "studio-followed-log-"))
    // Small segments: the worker crosses into segments created while it reads.
    const log = await openEmbeddedLog({ dir, segmentBytes: 16 * 1024 })
    return { log, config: { kind: "embedded", dir }, cleanup: () => rm(dir, { recursive: true, force: true }) }
  })
})

describe.skipIf(await shouldSkipJetStream())("read side following a JetStream stream", () => {
  followingReadSide("jetstream", async () => {
    const names = uniqueNames("readside")
    const log = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
    return {
      log,
      config: { kind: "jetstream", url: NATS_TEST_URL, stream: names.stream, subjectPrefix: names.subjectPrefix },
      cleanup: () => deleteStreams(names),
    }
  })
})
