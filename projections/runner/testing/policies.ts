/**
 * Part of the projection contract: the runner's poison policies, its lease
 * (one writer per projection), and its lag metric.
 */
import { Effect } from "effect"
import { expect, it } from "vitest"
import { makeAddress } from "../../../engine/address.ts"
import type { Commit } from "../../../engine/eventlog/port.ts"
import type { ContractContext } from "../../testing/contract.ts"
import { sessionsProjection } from "../../models/sessions.ts"
import { memoryLogOf } from "../../testing/simulate.ts"
import { owner, resetProjection, runToHead, snapshotTables, startTestRunner } from "../../testing/fixtures.ts"
import { listDeadLetters, resumeProjection } from "../dead-letters.ts"
import { MetricsRegistry, projectionMetrics } from "../metrics.ts"
import type { Projection } from "../projection.ts"
import type { ProjectionRunner } from "../runner.ts"

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The simulation's log with one session event replaced by one its schema rejects. */
const withPoison = (commits: readonly Commit[]): { commits: Commit[]; poison: Commit } => {
  const index = commits.findIndex(
    (c, i) => i > commits.length / 2 && c.addr.kind === "session" && (c.events[0] as { type: string }).type === "phaseAdvanced",
  )
  const poison = { ...commits[index]!, events: [{ type: "phaseAdvanced", from: null, to: "Nowhere" }] }
  return { commits: commits.map((c, i) => (i === index ? poison : c)), poison }
}

const checkpointOf = async (ctx: ContractContext, name: string) =>
  Number(
    (
      await owner(ctx.store(), (sql) => sql.query<{ position: number }>("select position from projection_checkpoints where projection = $1", [name]))
    )[0]?.position,
  )

export const describeRunnerPolicies = (ctx: ContractContext) => {
  it("skip: a poison commit goes to the dead-letter table and every other commit is applied", async () => {
    const { commits, poison } = withPoison(ctx.simulation().commits)
    const projection: Projection = { ...sessionsProjection, onPoison: { kind: "skip" } }
    await resetProjection(ctx.store(), projection)
    const status = await runToHead(ctx.store(), memoryLogOf(commits).log, projection)
    expect(status.deadLetters).toBe(1)
    const letters = await owner(ctx.store(), (sql) => listDeadLetters(sql, projection.name))
    expect(letters).toMatchObject([{ position: poison.position, outcome: "skipped", attempts: 1 }])
    expect(letters[0]?.error).toMatch(/does not match its schema/)
    expect(await checkpointOf(ctx, projection.name)).toBe(commits.length)
  })

  it("halt: the projection stops before the poison commit, reports it, and resumes when told to skip it", async () => {
    const { commits, poison } = withPoison(ctx.simulation().commits)
    const projection: Projection = { ...sessionsProjection, onPoison: { kind: "halt" } }
    await resetProjection(ctx.store(), projection)
    const registry = new MetricsRegistry()
    const runner = startTestRunner({ store: ctx.store(), log: memoryLogOf(commits).log, projection, registry })
    await until("the halt", () => runner.snapshot().state === "halted")
    const before = commits[commits.indexOf(poison) - 1]!.position
    expect(await checkpointOf(ctx, projection.name)).toBe(before)
    const metrics = projectionMetrics(registry)
    expect(metrics).toContain(`studio_projection_halted{projection="sessions",holder="${runner.holder}"} 1`)
    expect(metrics).toContain(`studio_projection_lag{projection="sessions",holder="${runner.holder}"} ${commits.length - before}`)
    await owner(ctx.store(), (sql) => resumeProjection(sql, projection.name, { skipPoison: true }))
    expect(await runner.waitFor(commits.length)).toBe(true)
    await runner.stop()
    expect(await owner(ctx.store(), (sql) => listDeadLetters(sql, projection.name))).toMatchObject([
      { position: poison.position, outcome: "skipped" },
    ])
  })

  it("retry: a commit that fails twice and then succeeds is applied, with nothing dead-lettered", async () => {
    const { commits } = ctx.freshLog().store
    const target = commits[Math.floor(commits.length / 2)]!.position
    let failures = 0
    const flaky: Projection = {
      ...sessionsProjection,
      onPoison: { kind: "retry", attempts: 3, backoffMs: 5, then: "halt" },
      apply: async (sql, batch, tables) => {
        if (batch.some((c) => c.position === target) && failures++ < 2) throw new Error("not yet")
        return sessionsProjection.apply(sql, batch, tables)
      },
    }
    await resetProjection(ctx.store(), sessionsProjection)
    await runToHead(ctx.store(), memoryLogOf(commits).log, sessionsProjection)
    const reference = await snapshotTables(ctx.store(), sessionsProjection)
    await resetProjection(ctx.store(), flaky)
    const status = await runToHead(ctx.store(), memoryLogOf(commits).log, flaky)
    expect(failures).toBe(3)
    expect(status.deadLetters).toBe(0)
    expect(await snapshotTables(ctx.store(), flaky)).toEqual(reference)
  })

  it("lease: of two runners only one applies; the standby takes over when it stops", async () => {
    const { log, store: memory } = ctx.freshLog()
    await resetProjection(ctx.store(), sessionsProjection)
    const options = { store: ctx.store(), log, projection: sessionsProjection, leaseMs: 600 }
    const first = startTestRunner(options)
    expect(await first.waitFor(memory.commits.length)).toBe(true)
    const second = startTestRunner(options)
    await until("the second runner to stand by", () => second.snapshot().state === "standby")
    await first.stop()
    const addr = makeAddress("A", "session", "after-takeover")
    const appended = await Effect.runPromise(
      log.append({
        addr,
        expectedSeq: 0,
        by: "A-u0",
        at: Date.UTC(2025, 5, 1),
        commandKey: "A-u0:t",
        events: [{ type: "created", title: "Taken over", phases: ["Pause"], joinCode: "ABCDEF", facilitatorId: "A-u0" }],
      }),
    )
    expect(await second.waitFor(appended.position)).toBe(true)
    await second.stop()
    expect(first.snapshot().commitsApplied + second.snapshot().commitsApplied).toBe(appended.position)
  })

  it("lease: a runner whose lease was taken over cannot commit", async () => {
    const { log, store: memory } = ctx.freshLog()
    await resetProjection(ctx.store(), sessionsProjection)
    const runner: ProjectionRunner = startTestRunner({ store: ctx.store(), log, projection: sessionsProjection, leaseMs: 60_000 })
    expect(await runner.waitFor(memory.commits.length)).toBe(true)
    await owner(ctx.store(), (sql) =>
      sql.query(
        "update projection_leases set holder = 'another-node', expires_at = clock_timestamp() + interval '1 hour' where projection = 'sessions'",
      ),
    )
    await Effect.runPromise(
      log.append({
        addr: makeAddress("A", "session", "stale-writer"),
        expectedSeq: 0,
        by: "A-u0",
        at: Date.UTC(2025, 5, 1),
        commandKey: "A-u0:s",
        events: [{ type: "created", title: "Never", phases: ["Pause"], joinCode: "ABCDEF", facilitatorId: "A-u0" }],
      }),
    )
    runner.poke()
    await until("the runner to notice", () => runner.snapshot().state === "standby")
    await runner.stop()
    expect(await checkpointOf(ctx, "sessions")).toBe(memory.commits.length - 1)
    expect(await owner(ctx.store(), (sql) => sql.query("select 1 from sessions where session_id = 'stale-writer'"))).toEqual([])
  })
}
