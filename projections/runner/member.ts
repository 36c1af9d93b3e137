/**
 * One projection of a runner group: its lease, checkpoint, rebuilds, halt
 * and waiters. Before each tick the group asks every member whether it
 * follows the log this time (`prepare`); a member that does gets its part of
 * the tick's batch. Everything else a projection needs (taking or renewing
 * its lease, creating its tables, rebuilding, noticing a resume after a
 * halt) happens here, for one projection at a time. A rebuild runs beside
 * the group's ticks, so the other projections keep following meanwhile.
 */
import { Effect, Result } from "effect"
import type { ReadOnlyLog } from "../../engine/eventlog/port.ts"
import type { ReadStore, Sql } from "../store/port.ts"
import type { ApplyContext, ApplyOutcome, ApplyProgress } from "./apply.ts"
import { ensureProjection, readCheckpoint } from "./checkpoints.ts"
import { errorText } from "./dead-letters.ts"
import { acquireLease, releaseLease } from "./lease.ts"
import type { RunnerSnapshot } from "./metrics.ts"
import { liveTableNames, type Projection } from "./projection.ts"
import { rebuildProjection, type RebuildReport } from "./rebuild.ts"

export interface MemberSettings {
  readonly store: ReadStore
  readonly log: ReadOnlyLog
  readonly holder: string
  readonly batchCommits: number
  readonly leaseMs: number
  /** How often a halted projection looks whether it was resumed. */
  readonly haltedCheckMs: number
  readonly unavailableMs: number
  readonly afterCommit?: (position: number, projection: string) => void
  readonly onChanged?: (tenants: ReadonlySet<string> | "all") => void
  readonly fail: (line: string) => void
  /** The group should look at this member again now (a rebuild ended). */
  readonly wake: () => void
}

// Back-off between poison retries and during rebuilds: not cut short by poke().
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const makeMember = (projection: Projection, settings: MemberSettings) => {
  const { store, log, holder, leaseMs } = settings
  const progress: ApplyProgress = { position: 0, events: 0, commits: 0, deadLetters: 0, poisonInARow: 0 }
  const waiters = new Set<{ position: number; resolve: (reached: boolean) => void }>()
  const rebuildRequests: Array<(report: RebuildReport) => void> = []
  let state: RunnerSnapshot["state"] = "starting"
  let head = 0
  let lastError: string | null = null
  let ensured = false
  let leaseRenewAt = 0
  /** Not looked at again before this time (standby, halted, store unreachable). */
  let notBefore = 0
  let rebuilding: Promise<void> | undefined

  const owner = <A>(body: (sql: Sql) => Promise<A>) => Effect.runPromise(Effect.result(store.asOwner(body)))
  const fail = (line: string) => {
    lastError = line
    settings.fail(line)
  }
  const applyContext: ApplyContext = {
    store,
    projection,
    holder,
    tables: liveTableNames(projection),
    advancesCheckpoint: true,
    sleep: pause,
    afterCommit: settings.afterCommit,
  }

  const holdLease = async (): Promise<boolean> => {
    if (state !== "standby" && state !== "starting" && Date.now() < leaseRenewAt) return true
    const result = await owner((sql) => acquireLease(sql, projection.name, holder, leaseMs))
    if (Result.isFailure(result)) throw result.failure
    if (!result.success) {
      state = "standby"
      ensured = false
      notBefore = Date.now() + leaseMs / 3
      return false
    }
    leaseRenewAt = Date.now() + leaseMs / 3
    return true
  }

  /** Rebuilds beside the group's ticks; this member follows again once it is swapped in. */
  const startRebuild = (requests: Array<(report: RebuildReport) => void>) => {
    state = "rebuilding"
    const run = rebuildProjection({ store, log, projection, holder, batchCommits: settings.batchCommits, sleep: pause }).catch(
      (error: unknown): RebuildReport => ({ ok: false, reason: errorText(error) }),
    )
    rebuilding = run.then((report) => {
      if (report.ok) {
        progress.position = report.position
        settings.onChanged?.("all")
      } else {
        fail(`rebuild of ${projection.name} failed: ${report.reason}`)
        notBefore = Date.now() + settings.unavailableMs
      }
      state = "active"
      rebuilding = undefined
      for (const resolve of requests) resolve(report)
      settleWaiters()
      settings.wake()
    })
  }

  // Runs when the lease is (re)gained: another holder may have moved the checkpoint meanwhile.
  const ensure = async () => {
    const result = await owner((sql) => ensureProjection(sql, projection))
    if (Result.isFailure(result)) throw result.failure
    const checkpoint = result.success
    ensured = true
    state = checkpoint.status === "halted" ? "halted" : "active"
    // Rows of another version are no answer to a waiter: the rebuild settles them when it is swapped in.
    if (checkpoint.version !== projection.version) return startRebuild([])
    progress.position = checkpoint.position
    // The stored checkpoint may already be where a waiter waits (a restart at the head): no apply would tell it.
    settleWaiters()
  }

  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (progress.position >= waiter.position) {
        waiters.delete(waiter)
        waiter.resolve(true)
      }
    }
  }

  return {
    projection,
    progress,
    applyContext,
    waiters,
    settleWaiters,
    get rebuilding() {
      return rebuilding
    },
    /** When the group should look at this member again, if it may not follow now. */
    get notBefore() {
      return notBefore
    },
    setHead: (position: number) => void (head = Math.max(head, position)),
    /** A failure of the whole group (the log unreachable), reported once by the group. */
    noteError: (line: string) => void (lastError = line),

    /** True when this member applies the tick's batch; otherwise does what the projection needs first. */
    prepare: async (): Promise<boolean> => {
      if (Date.now() < notBefore) return false
      try {
        // A rebuild holds the lease too: its transactions are fenced by it.
        if (!(await holdLease()) || rebuilding) return false
        if (!ensured) await ensure()
        if (rebuildRequests.length > 0 && !rebuilding) startRebuild(rebuildRequests.splice(0))
        if (rebuilding) return false
        if (state === "halted") {
          const checkpoint = await owner((sql) => readCheckpoint(sql, projection.name))
          if (Result.isFailure(checkpoint) || checkpoint.success?.status !== "running") {
            notBefore = Date.now() + settings.haltedCheckMs
            return false
          }
          progress.position = checkpoint.success.position
          state = "active"
        }
        return true
      } catch (error) {
        fail(`projection ${projection.name}: ${errorText(error)}`)
        notBefore = Date.now() + settings.unavailableMs
        return false
      }
    },

    /** What became of this member's part of a tick. */
    settle: (outcome: ApplyOutcome) => {
      switch (outcome.kind) {
        case "applied":
          break
        case "halted":
          state = "halted"
          notBefore = Date.now() + settings.haltedCheckMs
          fail(`projection ${projection.name} halted on a poison commit, ${outcome.reason}`)
          break
        case "leaseLost":
          state = "standby"
          ensured = false
          notBefore = Date.now() + leaseMs / 3
          break
        case "unavailable":
          fail(outcome.error.message)
          notBefore = Date.now() + settings.unavailableMs
          break
      }
      settleWaiters()
    },

    requestRebuild: () =>
      new Promise<RebuildReport>((resolve) =>
        state === "stopped" ? resolve({ ok: false, reason: "the runner stopped" }) : rebuildRequests.push(resolve),
      ),

    /** Releases the lease (when held) and answers everyone still waiting. */
    retire: async () => {
      await rebuilding
      if (state !== "standby" && state !== "starting") await owner((sql) => releaseLease(sql, projection.name, holder))
      state = "stopped"
      for (const waiter of waiters) waiter.resolve(false)
      waiters.clear()
      for (const resolve of rebuildRequests.splice(0)) resolve({ ok: false, reason: "the runner stopped" })
    },

    snapshot: (): RunnerSnapshot => ({
      projection: projection.name,
      holder,
      state,
      position: progress.position,
      head: Math.max(head, progress.position),
      eventsApplied: progress.events,
      commitsApplied: progress.commits,
      deadLetters: progress.deadLetters,
      lastError,
    }),
  }
}

export type Member = ReturnType<typeof makeMember>
