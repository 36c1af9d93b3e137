/**
 * One batch of commits for several projections in one transaction: every
 * projection's lease fence, rows and checkpoint commit together or not at
 * all, so a crash mid-tick leaves each projection exactly at its own last
 * checkpoint, as separate transactions would. What it saves is the
 * transaction: each one costs its own BEGIN, fence, checkpoint update and
 * COMMIT (with a WAL write) however few commits it holds, and a projection
 * with nothing to do in the batch costs exactly that.
 *
 * When the shared transaction fails for any reason but an unreachable store,
 * none of it committed, and each projection applies its part alone as a
 * runner of its own would (`applyCommits`: poison isolation, dead letters,
 * halts, a lost lease), so one projection's poison never touches another's
 * checkpoint or dead letters.
 */
import { Effect, Result } from "effect"
import type { Commit } from "../../engine/eventlog/port.ts"
import { ReadStoreUnavailable } from "../store/errors.ts"
import type { ReadStore } from "../store/port.ts"
import { applyCommits, recordApplied, tenantsOf, type ApplyContext, type ApplyOutcome, type ApplyProgress } from "./apply.ts"
import { advanceCheckpoints } from "./checkpoints.ts"
import { fenceAll } from "./lease.ts"

export interface SharedPart {
  /** Live tables that advance their checkpoint, under the same holder for every part. */
  readonly ctx: ApplyContext
  readonly progress: ApplyProgress
  /** This projection's commits of the batch: all after its position, possibly none. */
  readonly commits: readonly Commit[]
}

export interface SharedApply {
  readonly store: ReadStore
  readonly holder: string
  /** Told once per committed transaction which tenants' rows it changed. */
  readonly onChanged?: (tenants: ReadonlySet<string>) => void
}

const applyAlone = async (shared: SharedApply, parts: readonly SharedPart[]): Promise<ApplyOutcome[]> => {
  const outcomes: ApplyOutcome[] = []
  for (const part of parts) outcomes.push(await applyCommits({ ...part.ctx, onChanged: shared.onChanged }, part.progress, part.commits))
  return outcomes
}

/** Applies each part's commits; the outcomes are in the order of `parts` (parts without commits are "applied"). */
export const applyTogether = async (shared: SharedApply, parts: readonly SharedPart[]): Promise<ApplyOutcome[]> => {
  const working = parts.filter((part) => part.commits.length > 0)
  const outcomeOf = (outcomes: readonly ApplyOutcome[]) =>
    parts.map((part) => (part.commits.length > 0 ? outcomes[working.indexOf(part)]! : ({ kind: "applied" } as const)))
  if (working.length <= 1) return outcomeOf(await applyAlone(shared, working))
  const result = await Effect.runPromise(
    Effect.result(
      shared.store.asOwner(async (sql) => {
        await fenceAll(
          sql,
          working.map((part) => part.ctx.projection.name),
          shared.holder,
        )
        for (const part of working) await part.ctx.projection.apply(sql, part.commits, part.ctx.tables)
        await advanceCheckpoints(
          sql,
          working.map((part) => ({ projection: part.ctx.projection.name, from: part.progress.position, to: part.commits.at(-1)!.position })),
        )
      }),
    ),
  )
  if (Result.isSuccess(result)) {
    for (const part of working) recordApplied(part.progress, part.commits)
    for (const part of working) part.ctx.afterCommit?.(part.progress.position, part.ctx.projection.name)
    shared.onChanged?.(tenantsOf(working.flatMap((part) => part.commits)))
    return outcomeOf(working.map(() => ({ kind: "applied" })))
  }
  if (result.failure instanceof ReadStoreUnavailable) {
    const error = result.failure
    return outcomeOf(working.map(() => ({ kind: "unavailable", error })))
  }
  return outcomeOf(await applyAlone(shared, working))
}
