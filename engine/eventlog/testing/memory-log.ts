/**
 * An event log held in memory: for unit tests of the runtime and the domain,
 * where speed matters and durability does not. It keeps the same rules as the
 * durable adapters (optimistic concurrency, global order) and passes the same
 * contract suite; "reopening" shares the store, as a restarted process would
 * find its files.
 */
import { Effect } from "effect"
import { addressKey, type Address } from "../../address.ts"
import { LogUnavailable, WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, Commit, EventLog, Snapshot } from "../port.ts"

export interface MemoryStore {
  readonly commits: Commit[]
  readonly streams: Map<string, Commit[]>
  readonly snapshots: Map<string, Snapshot>
}

export const makeMemoryStore = (): MemoryStore => ({ commits: [], streams: new Map(), snapshots: new Map() })

const lastSeqOf = (commits: readonly Commit[] | undefined): number => {
  const last = commits?.at(-1)
  return last ? last.firstSeq + last.events.length - 1 : 0
}

/** Deep copies through structuredClone, so callers can never mutate what the log holds. */
export const openMemoryLog = (store: MemoryStore = makeMemoryStore()): EventLog => {
  let closed = false
  const guard = <A, E>(body: () => Effect.Effect<A, E>): Effect.Effect<A, E | LogUnavailable> =>
    Effect.suspend(
      (): Effect.Effect<A, E | LogUnavailable> => (closed ? Effect.fail(new LogUnavailable({ message: "the memory log is closed" })) : body()),
    )

  return {
    name: "memory",
    append: (request: AppendRequest) =>
      guard(() => {
        if (request.events.length === 0) return Effect.die(new Error("append needs at least one event"))
        const key = addressKey(request.addr)
        const stream = store.streams.get(key) ?? []
        const actual = lastSeqOf(stream)
        if (actual !== request.expectedSeq) {
          return Effect.fail(new WrongExpectedSequence({ stream: key, expected: request.expectedSeq, actual }))
        }
        const commit: Commit = {
          addr: request.addr,
          firstSeq: actual + 1,
          events: structuredClone(request.events),
          by: request.by,
          at: request.at,
          commandKey: request.commandKey,
          position: store.commits.length + 1,
        }
        store.commits.push(commit)
        stream.push(commit)
        store.streams.set(key, stream)
        // Resolve on a later tick, as a durable log would; callers must not rely on synchronous appends.
        return Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve))).pipe(
          Effect.as({ firstSeq: commit.firstSeq, lastSeq: lastSeqOf([commit]), position: commit.position }),
        )
      }),
    readStream: (addr: Address, afterSeq: number) =>
      guard(() => Effect.succeed(structuredClone((store.streams.get(addressKey(addr)) ?? []).filter((c) => lastSeqOf([c]) > afterSeq)))),
    lastSeq: (addr) => guard(() => Effect.succeed(lastSeqOf(store.streams.get(addressKey(addr))))),
    readAll: (afterPosition, limit) => guard(() => Effect.succeed(structuredClone(store.commits.slice(afterPosition, afterPosition + limit)))),
    headPosition: () => guard(() => Effect.succeed(store.commits.length)),
    saveSnapshot: (addr, snapshot) => guard(() => Effect.sync(() => void store.snapshots.set(addressKey(addr), structuredClone(snapshot)))),
    loadSnapshot: (addr) => guard(() => Effect.sync(() => structuredClone(store.snapshots.get(addressKey(addr))))),
    close: () => Effect.sync(() => void (closed = true)),
  }
}
