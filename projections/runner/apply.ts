/**
 * Applying commits with the projection's poison policy. A batch is one
 * transaction: lease fence, the projection's writes, the checkpoint. When a
 * batch fails for a reason a retry will not fix, its commits are applied one
 * at a time to find the poison one, which then gets the policy: retry with
 * back-off, skip into the dead-letter table, or halt.
 */
import { Effect, Result } from "effect"
import type { Commit } from "../../engine/eventlog/port.ts"
import { ReadStoreUnavailable, type QueryFailed } from "../store/errors.ts"
import type { ReadStore, Sql } from "../store/port.ts"
import { advanceCheckpoint, CheckpointMoved, haltProjection } from "./checkpoints.ts"
import { errorText, recordDeadLetter } from "./dead-letters.ts"
import { fence, LeaseLost } from "./lease.ts"
import type { Projection, TableNames } from "./projection.ts"

export interface ApplyContext {
  readonly store: ReadStore
  readonly projection: Projection
  readonly holder: string
  /** Live tables advance the checkpoint; a rebuild's shadow tables do not (the swap sets it). */
  readonly tables: TableNames
  readonly advancesCheckpoint: boolean
  readonly sleep: (ms: number) => Promise<void>
  readonly afterCommit?: (position: number, projection: string) => void
  readonly onChanged?: (tenants: ReadonlySet<string>) => void
}

export type ApplyOutcome =
  | { readonly kind: "applied" }
  | { readonly kind: "halted"; readonly reason: string }
  | { readonly kind: "leaseLost" }
  | { readonly kind: "unavailable"; readonly error: ReadStoreUnavailable }

export interface ApplyProgress {
  position: number
  events: number
  commits: number
  deadLetters: number
  /** Poison commits since the last commit that applied; see MAX_POISON_IN_A_ROW. */
  poisonInARow: number
}

/**
 * One bad event is poison; this many in a row means the handler or the
 * schema is broken, and skipping would empty the read model into the
 * dead-letter table, so the projection halts instead, whatever its policy.
 */
export const MAX_POISON_IN_A_ROW = 10

type Failure = ReadStoreUnavailable | QueryFailed

const lostLease = (error: Failure) => error.cause instanceof LeaseLost || error.cause instanceof CheckpointMoved

/** One transaction under the lease; `to` moves the checkpoint with it (undefined: it stays). */
const transaction = (ctx: ApplyContext, progress: ApplyProgress, body: (sql: Sql) => Promise<void>, to: number | undefined) =>
  Effect.runPromise(
    Effect.result(
      ctx.store.asOwner(async (sql) => {
        await fence(sql, ctx.projection.name, ctx.holder)
        await body(sql)
        if (ctx.advancesCheckpoint && to !== undefined) await advanceCheckpoint(sql, ctx.projection.name, progress.position, to)
      }),
    ),
  )

const applyTransaction = async (ctx: ApplyContext, progress: ApplyProgress, commits: readonly Commit[]): Promise<Failure | undefined> => {
  const last = commits.at(-1)
  if (!last) return undefined
  const result = await transaction(ctx, progress, (sql) => ctx.projection.apply(sql, commits, ctx.tables), last.position)
  if (Result.isFailure(result)) return result.failure
  recordApplied(progress, commits)
  ctx.afterCommit?.(last.position, ctx.projection.name)
  ctx.onChanged?.(tenantsOf(commits))
  return undefined
}

/** Bookkeeping once a transaction holding `commits` (non-empty, after `progress.position`) committed. */
export const recordApplied = (progress: ApplyProgress, commits: readonly Commit[]) => {
  progress.position = commits.at(-1)!.position
  progress.poisonInARow = 0
  progress.commits += commits.length
  for (const commit of commits) progress.events += commit.events.length
}

export const tenantsOf = (commits: readonly Commit[]): Set<string> => new Set(commits.map((commit) => commit.addr.tenant))

const stopFor = (error: Failure): ApplyOutcome | undefined => {
  if (error instanceof ReadStoreUnavailable) return { kind: "unavailable", error }
  if (lostLease(error)) return { kind: "leaseLost" }
  return undefined
}

const settlePoison = async (ctx: ApplyContext, progress: ApplyProgress, commit: Commit, firstError: Failure): Promise<ApplyOutcome | undefined> => {
  const policy = ctx.projection.onPoison
  let error = firstError
  let attempts = 1
  if (policy.kind === "retry") {
    for (let i = 0; i < policy.attempts; i++) {
      await ctx.sleep(policy.backoffMs * 2 ** i)
      const retried = await applyTransaction(ctx, progress, [commit])
      attempts++
      if (!retried) return undefined
      const stop = stopFor(retried)
      if (stop) return stop
      error = retried
    }
  }
  const systemic = progress.poisonInARow + 1 >= MAX_POISON_IN_A_ROW
  const outcome = systemic ? "halt" : policy.kind === "retry" ? policy.then : policy.kind
  const reason = `${systemic ? `${MAX_POISON_IN_A_ROW} poison commits in a row, the last at ` : ""}position ${commit.position}: ${errorText(error)}`
  const recorded = await transaction(
    ctx,
    progress,
    async (sql) => {
      await recordDeadLetter(sql, ctx.projection.name, commit, error, attempts, outcome === "skip" ? "skipped" : "halted")
      if (outcome === "halt" && ctx.advancesCheckpoint) await haltProjection(sql, ctx.projection.name, reason)
    },
    outcome === "skip" ? commit.position : undefined,
  )
  if (Result.isFailure(recorded))
    return stopFor(recorded.failure) ?? { kind: "halted", reason: `cannot record the dead letter: ${errorText(recorded.failure)}` }
  if (outcome === "halt") return { kind: "halted", reason }
  progress.position = commit.position
  progress.deadLetters++
  progress.poisonInARow++
  ctx.afterCommit?.(commit.position, ctx.projection.name)
  return undefined
}

/**
 * Finds the poison commits of a failed batch by halving it: each half is
 * tried as one transaction, so a batch of n commits with one poison commit
 * costs about 2·log2(n) transactions, not n.
 */
const isolate = async (ctx: ApplyContext, progress: ApplyProgress, commits: readonly Commit[]): Promise<ApplyOutcome | undefined> => {
  const pending = commits.filter((c) => c.position > progress.position)
  if (pending.length === 0) return undefined
  if (pending.length === 1) {
    const error = await applyTransaction(ctx, progress, pending)
    return error && (stopFor(error) ?? (await settlePoison(ctx, progress, pending[0]!, error)))
  }
  const middle = Math.ceil(pending.length / 2)
  for (const half of [pending.slice(0, middle), pending.slice(middle)]) {
    const error = await applyTransaction(ctx, progress, half)
    if (!error) continue
    const outcome = stopFor(error) ?? (await isolate(ctx, progress, half))
    if (outcome) return outcome
  }
  return undefined
}

/** Applies `commits` (all after `progress.position`), advancing `progress` as transactions commit. */
export const applyCommits = async (ctx: ApplyContext, progress: ApplyProgress, commits: readonly Commit[]): Promise<ApplyOutcome> => {
  const failed = await applyTransaction(ctx, progress, commits)
  if (!failed) return { kind: "applied" }
  return stopFor(failed) ?? (await isolate(ctx, progress, commits)) ?? { kind: "applied" }
}
