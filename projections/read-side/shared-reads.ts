/**
 * One copy of the log's recent commits for all the runners of a process.
 *
 * Every projection reads the same commits, usually at nearly the same
 * position; in the read-side worker each read is a message to the node's
 * thread, which decodes the commits from the log and copies them across. So
 * reads go through a window of the newest commits fetched: a read the window
 * can start answering is answered from it (a prefix of what the log holds
 * after that position, as the port allows: "up to `limit`"), identical reads
 * in flight share one fetch, and only the rest reach the log.
 */
import { Effect, Exit } from "effect"
import type { LogUnavailable } from "../../engine/errors.ts"
import type { Commit, ReadOnlyLog } from "../../engine/eventlog/port.ts"

export interface SharedReadStats {
  readonly fromWindow: number
  readonly fetched: number
}

export const sharedReads = (log: ReadOnlyLog, maxCommits = 20_000): ReadOnlyLog & { stats(): SharedReadStats } => {
  /** Every commit with a position in (from, to] is in `window`, in order. */
  let window: Commit[] = []
  let from = 0
  let to = 0
  const inFlight = new Map<string, Promise<Exit.Exit<readonly Commit[], LogUnavailable>>>()
  let fromWindow = 0
  let fetched = 0

  /** Index of the first commit after `after`, or -1 when the window cannot say. */
  const startOf = (after: number): number => {
    if (window.length === 0 || after < from || after >= to) return -1
    let low = 0
    let high = window.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (window[middle]!.position <= after) low = middle + 1
      else high = middle
    }
    return low
  }

  const remember = (after: number, commits: readonly Commit[]) => {
    const last = commits.at(-1)
    if (!last) return
    if (window.length > 0 && after >= from && after <= to) {
      for (const commit of commits) if (commit.position > to) window.push(commit)
      to = Math.max(to, last.position)
    } else {
      window = [...commits]
      from = after
      to = last.position
    }
    if (window.length > maxCommits) {
      const dropped = window.splice(0, window.length - maxCommits)
      from = dropped.at(-1)!.position
    }
  }

  /** A fetch already on its way from the same position serves any limit: its answer is cut to size, or is the shorter prefix the port allows. */
  const fetch = (after: number, limit: number): Promise<Exit.Exit<readonly Commit[], LogUnavailable>> => {
    const key = String(after)
    const existing = inFlight.get(key)
    if (existing) return existing
    fetched++
    const promise = Effect.runPromiseExit(log.readAll(after, limit))
      .then((exit) => {
        if (Exit.isSuccess(exit)) remember(after, exit.value)
        return exit
      })
      .finally(() => inFlight.delete(key))
    inFlight.set(key, promise)
    return promise
  }

  return {
    readAll: (after, limit) => {
      const start = startOf(after)
      if (start >= 0 && start < window.length) {
        fromWindow++
        return Effect.succeed(window.slice(start, start + limit))
      }
      return Effect.flatMap(Effect.promise(() => fetch(after, limit)), (exit) => Effect.map(exit, (commits) => commits.slice(0, limit)))
    },
    headPosition: () => log.headPosition(),
    stats: () => ({ fromWindow, fetched }),
  }
}
