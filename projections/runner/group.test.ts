/**
 * Projections sharing one loop and one transaction per tick (group.ts)
 * end exactly where runners of their own end: the same rows, checkpoints
 * and dead letters, whatever one projection's poison, halt or lost lease;
 * and a tick is one read-model transaction for all of them.
 */
import { Effect } from "effect"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { ALL_PROJECTIONS } from "../all.ts"
import { sessionsProjection } from "../models/sessions.ts"
import { openPgliteStore, type OpenedStore } from "../store/pglite-store.ts"
import type { ReadStore } from "../store/port.ts"
import { owner, resetProjection, runToHead, snapshotTables } from "../testing/fixtures.ts"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import { memoryLogOf, simulate, type Simulation } from "../testing/simulate.ts"
import { listDeadLetters } from "./dead-letters.ts"
import { startProjectionGroup, type GroupOptions, type ProjectionGroup } from "./group.ts"
import { MetricsRegistry, projectionMetrics } from "./metrics.ts"
import type { Projection } from "./projection.ts"

/**
 * How long one wait here may last: just under the test's own timeout (60 s, vitest.config.ts). On a busy machine
 * a build takes what it takes (ten seconds were not enough at a load of 15 on two cores); a wait ends unmet only
 * when what it waits for does not happen, and then says what that was.
 */
const PATIENCE_MS = 55_000

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = PATIENCE_MS) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Sessions, failing on every batch that holds `position`, with the given policy. */
const failingAt = (position: number, onPoison: Projection["onPoison"]): Projection => ({
  ...sessionsProjection,
  onPoison,
  apply: async (sql, batch, tables) => {
    if (batch.some((commit) => commit.position === position)) throw new Error(`refused position ${position}`)
    return sessionsProjection.apply(sql, batch, tables)
  },
})

/**
 * The position of the first session commit from `fraction` of the log on that does not create its session.
 * Skipping a creation makes every later commit of that session poison too (streams.ts, notCreated): a
 * history with more than one poison commit, where a test that skips one means exactly one.
 */
const sessionCommitAfter = (commits: readonly Commit[], fraction: number): number => {
  const poison = commits.find((commit, i) => i >= Math.floor(commits.length * fraction) && commit.addr.kind === "session" && commit.firstSeq > 1)
  if (!poison) throw new Error(`the simulation has no session commit after ${fraction} of its log that does not create its session`)
  return poison.position
}

const checkpoints = async (store: ReadStore) =>
  Object.fromEntries(
    (
      await owner(store, (sql) =>
        sql.query<{ projection: string; position: number; status: string }>("select projection, position, status from projection_checkpoints"),
      )
    ).map((row) => [row.projection, { position: Number(row.position), status: row.status }]),
  )

/** Everything a projection leaves in the store: its rows, its checkpoint and its dead letters. */
const outcomeOf = async (store: ReadStore, projections: readonly Projection[]) => {
  const points = await checkpoints(store)
  const out: Record<string, unknown> = {}
  for (const projection of projections) {
    out[projection.name] = {
      tables: await snapshotTables(store, projection),
      checkpoint: points[projection.name],
      deadLetters: (await owner(store, (sql) => listDeadLetters(sql, projection.name))).map(({ position, outcome, attempts }) => ({
        position,
        outcome,
        attempts,
      })),
    }
  }
  return out
}

const countingOwner = (store: ReadStore) => {
  const counter = { transactions: 0 }
  const counted: ReadStore = { ...store, asOwner: (body) => Effect.suspend(() => (counter.transactions++, store.asOwner(body))) }
  return { store: counted, counter }
}

describe("a group of projections sharing each tick's transaction", () => {
  let sim: Simulation
  let grouped: OpenedStore
  let alone: OpenedStore
  let batchCommits: number
  let seed: number
  beforeAll(async () => {
    seed = testSeed("projection group")
    sim = simulate({ seed, tenants: ["A", "B"], events: 700 })
    batchCommits = 20 + makeRandom(seed).int(60)
    ;[grouped, alone] = await Promise.all([openPgliteStore({}), openPgliteStore({})])
  }, 60_000)
  afterAll(async () => {
    for (const opened of [grouped, alone]) await Effect.runPromise(opened?.store.close() ?? Effect.void)
  })

  // A failed test must not leave its group running.
  const started: ProjectionGroup[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((group) => group.stop()))
  })
  const reset = async (projections: readonly Projection[]) => {
    for (const store of [grouped.store, alone.store]) for (const projection of projections) await resetProjection(store, projection)
  }
  const startGroup = (store: ReadStore, commits: readonly Commit[], projections: readonly Projection[], options: Partial<GroupOptions> = {}) => {
    const { log, store: memory } = memoryLogOf(commits)
    const group = startProjectionGroup({
      store,
      log,
      projections,
      batchCommits,
      leaseMs: 60_000,
      idleMs: { min: 1, max: 20 },
      registry: new MetricsRegistry(),
      onError: () => undefined,
      ...options,
    })
    started.push(group)
    return { group, log, memory }
  }
  /** Each projection run alone to the head, for comparison. */
  const buildAlone = async (commits: readonly Commit[], projections: readonly Projection[]) => {
    for (const projection of projections) {
      const runner = startProjectionGroup({
        store: alone.store,
        log: memoryLogOf(commits).log,
        projections: [projection],
        batchCommits,
        idleMs: { min: 1, max: 20 },
        registry: new MetricsRegistry(),
        onError: () => undefined,
      })
      started.push(runner)
      await until(
        `${projection.name} alone to settle`,
        () => runner.runners[0]!.snapshot().position >= commits.length || runner.runners[0]!.snapshot().state === "halted",
      )
      await runner.stop()
    }
    return outcomeOf(alone.store, projections)
  }

  it("builds every read model exactly as runners of their own do, in one read-model transaction per tick", async () => {
    await reset(ALL_PROJECTIONS)
    const { store, counter } = countingOwner(grouped.store)
    const { group } = startGroup(store, sim.commits, ALL_PROJECTIONS)
    for (const runner of group.runners) expect(await runner.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    await group.stop()
    expect(await outcomeOf(grouped.store, ALL_PROJECTIONS)).toEqual(await buildAlone(sim.commits, ALL_PROJECTIONS))
    // Per projection: its lease, its tables (first start), its lease released at the stop; then one per batch for all.
    expect(counter.transactions).toBe(3 * ALL_PROJECTIONS.length + Math.ceil(sim.commits.length / batchCommits))
  })

  it("sets one projection's poison commit aside in its own dead letters; the others apply every commit", async () => {
    const poison = sessionCommitAfter(sim.commits, 1 / 2)
    const projections = [...ALL_PROJECTIONS.filter((p) => p.name !== "sessions"), failingAt(poison, { kind: "skip" })]
    await reset(projections)
    const { group } = startGroup(grouped.store, sim.commits, projections)
    for (const runner of group.runners) expect(await runner.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    expect(group.runners.map((runner) => runner.snapshot().deadLetters)).toEqual([...projections.slice(0, -1).map(() => 0), 1])
    await group.stop()
    const outcome = await outcomeOf(grouped.store, projections)
    expect(outcome.sessions).toMatchObject({ deadLetters: [{ position: poison, outcome: "skipped", attempts: 1 }] })
    expect(outcome).toEqual(await buildAlone(sim.commits, projections))
  })

  it("halts one projection on its poison commit while the others reach the head", async () => {
    const poison = sim.commits[Math.floor(sim.commits.length / 3)]!.position
    const projections = [
      failingAt(poison, { kind: "retry", attempts: 2, backoffMs: 1, then: "halt" }),
      ...ALL_PROJECTIONS.filter((p) => p.name !== "sessions"),
    ]
    await reset(projections)
    const { group } = startGroup(grouped.store, sim.commits, projections)
    const [sessions, ...others] = group.runners
    await until("the halt", () => sessions!.snapshot().state === "halted")
    for (const runner of others) expect(await runner.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    await group.stop()
    const outcome = await outcomeOf(grouped.store, projections)
    expect(outcome.sessions).toMatchObject({
      checkpoint: { position: poison - 1, status: "halted" },
      deadLetters: [{ position: poison, outcome: "halted", attempts: 3 }],
    })
    expect(outcome).toEqual(await buildAlone(sim.commits, projections))
  })

  it("starts projections at different checkpoints together from the lowest, and ends as if each had run alone", async () => {
    await reset(ALL_PROJECTIONS)
    const random = makeRandom(seed + 1)
    for (const projection of ALL_PROJECTIONS)
      await runToHead(grouped.store, memoryLogOf(sim.commits.slice(0, random.int(sim.commits.length))).log, projection, { batchCommits })
    const { group } = startGroup(grouped.store, sim.commits, ALL_PROJECTIONS)
    for (const runner of group.runners) expect(await runner.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    await group.stop()
    expect(await outcomeOf(grouped.store, ALL_PROJECTIONS)).toEqual(await buildAlone(sim.commits, ALL_PROJECTIONS))
  })

  it("stops applying one projection whose lease another node took; the others follow new commits", async () => {
    await reset(ALL_PROJECTIONS)
    const { group, log } = startGroup(grouped.store, sim.commits, ALL_PROJECTIONS)
    for (const runner of group.runners) expect(await runner.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    await owner(grouped.store, (sql) =>
      sql.query(
        "update projection_leases set holder = 'another-node', expires_at = clock_timestamp() + interval '1 hour' where projection = 'journal'",
      ),
    )
    const appended = await Effect.runPromise(
      log.append({
        addr: makeAddress("A", "session", "after-takeover"),
        expectedSeq: 0,
        by: "A-u0",
        at: Date.UTC(2025, 5, 1),
        commandKey: "A-u0:group",
        events: [{ type: "created", title: "Late", phases: ["Pause"], joinCode: "ABCDEF", facilitatorId: "A-u0" }],
      }),
    )
    group.poke()
    const journal = group.runners.find((runner) => runner.projection === "journal")!
    for (const runner of group.runners.filter((r) => r !== journal)) expect(await runner.waitFor(appended.position, PATIENCE_MS)).toBe(true)
    await until("journal to stand by", () => journal.snapshot().state === "standby")
    await group.stop()
    const points = await checkpoints(grouped.store)
    expect(points.journal?.position).toBe(sim.commits.length)
    for (const projection of ALL_PROJECTIONS.filter((p) => p.name !== "journal")) expect(points[projection.name]?.position).toBe(appended.position)
    expect(await owner(grouped.store, (sql) => sql.query("select session_id from sessions where session_id = 'after-takeover'"))).toHaveLength(1)
  })

  it("counts the lag gauge from a head someone else saw until a tick reads past it", async () => {
    await reset(ALL_PROJECTIONS)
    const registry = new MetricsRegistry()
    const { group } = startGroup(grouped.store, sim.commits, ALL_PROJECTIONS, { registry })
    for (const runner of group.runners) expect(await runner.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    group.sawHead(sim.commits.length + 3)
    expect(projectionMetrics(registry)).toContain(`studio_projection_lag{projection="journal",holder="${group.runners[0]!.holder}"} 3`)
  })

  it("rebuilds one projection beside the others, which keep following", async () => {
    await reset(ALL_PROJECTIONS)
    const { group, log } = startGroup(grouped.store, sim.commits, ALL_PROJECTIONS)
    for (const runner of group.runners) expect(await runner.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    const canvases = group.runners.find((runner) => runner.projection === "canvases")!
    const rebuilt = canvases.rebuild()
    const appended = await Effect.runPromise(
      log.append({
        addr: makeAddress("B", "session", "during-rebuild"),
        expectedSeq: 0,
        by: "B-u0",
        at: Date.UTC(2025, 5, 1),
        commandKey: "B-u0:group",
        events: [{ type: "created", title: "Meanwhile", phases: ["Pause"], joinCode: "ABCDEF", facilitatorId: "B-u0" }],
      }),
    )
    group.poke()
    expect(await rebuilt).toMatchObject({ ok: true })
    for (const runner of group.runners) expect(await runner.waitFor(appended.position, PATIENCE_MS)).toBe(true)
    await group.stop()
    // Canvases take nothing from a session's commit: the rebuilt tables are those of the simulation's commits.
    const onlyCanvases = ALL_PROJECTIONS.filter((p) => p.name === "canvases")
    const { canvases: fromRebuild } = (await outcomeOf(grouped.store, onlyCanvases)) as Record<string, { tables: unknown; checkpoint: unknown }>
    const { canvases: reference } = (await buildAlone(sim.commits, onlyCanvases)) as Record<string, { tables: unknown }>
    expect(fromRebuild!.tables).toEqual(reference!.tables)
    expect(fromRebuild!.checkpoint).toEqual({ position: appended.position, status: "running" })
  })

  it("a waiter on a projection whose version changed is answered only once the rebuild is swapped in", async () => {
    await reset(ALL_PROJECTIONS)
    const canvases = ALL_PROJECTIONS.filter((p) => p.name === "canvases")
    const first = startGroup(grouped.store, sim.commits, canvases)
    expect(await first.group.runners[0]!.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    await first.group.stop()
    // The stored checkpoint is at the head already, but of the old version.
    const next = canvases.map((p) => ({ ...p, version: p.version + 1 }))
    const second = startGroup(grouped.store, sim.commits, next)
    expect(await second.group.runners[0]!.waitFor(sim.commits.length, PATIENCE_MS)).toBe(true)
    const version = await owner(grouped.store, (sql) =>
      sql.query<{ version: number }>("select version from projection_checkpoints where projection = 'canvases'"),
    )
    await second.group.stop()
    expect(version[0]!.version).toBe(next[0]!.version)
  })
})
