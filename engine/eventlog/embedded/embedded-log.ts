/**
 * The embedded event log: append-only segment files in one directory, the
 * default write model when no NATS is configured. Layout of `dir`:
 *
 *   <first position>.seg        records, see frame.ts and commit-codec.ts
 *   snapshots/<tenant>/<kind>/<id>.snap
 *   LOCK                        the owning process
 *
 * Appends are group-committed (group-commit.ts); reads and the index are in
 * log-reader.ts and log-index.ts; recovery.ts repairs a torn tail on open.
 * Another thread may follow the segments read-only (follower.ts) up to the
 * durable head this one announces to it.
 */
import { Effect } from "effect"
import { join, resolve } from "node:path"
import { isName, type Address } from "../../address.ts"
import { LogUnavailable, type WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, AppendResult, EventLog } from "../port.ts"
import { ensureWritableDirectory, configErrorFor } from "./data-dir.ts"
import { acquireDirLock } from "./dir-lock.ts"
import { GroupCommitWriter } from "./group-commit.ts"
import { LogIndex, validStreamKey } from "./log-index.ts"
import { LogReader } from "./log-reader.ts"
import { recoverLog } from "./recovery.ts"
import { closeSegmentReaders } from "./segment-files.ts"
import { SnapshotStore } from "./snapshot-store.ts"

export interface EmbeddedLogOptions {
  readonly dir: string
  /** A segment is sealed and a new one started past this size; default 64 MiB. */
  readonly segmentBytes?: number
  /** How long the first append into an idle log waits for company before its flush; default 0 (next turn of the event loop). */
  readonly maxBatchDelayMs?: number
  /** Where recoveries and ignored snapshots are reported; default console.warn. */
  readonly warn?: (line: string) => void
}

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024
const MIN_SEGMENT_BYTES = 4 * 1024
const MAX_SEGMENT_BYTES = 1024 * 1024 * 1024

const describeBadAddress = (addr: Address): string => {
  for (const field of ["tenant", "kind", "id"] as const) {
    if (!isName(addr?.[field])) return `${field} ${JSON.stringify(addr?.[field])} is not a valid name`
  }
  return "bad address"
}

/** A caller that breaks the port's preconditions has a bug: that is a defect, not a log failure. */
const badRequest = (request: AppendRequest): string | undefined => {
  if (!Number.isSafeInteger(request.expectedSeq) || request.expectedSeq < 0)
    return `expectedSeq must be a non-negative integer, got ${request.expectedSeq}`
  if (!Array.isArray(request.events) || request.events.length === 0) return "append needs at least one event"
  if (typeof request.by !== "string" || typeof request.commandKey !== "string" || typeof request.at !== "number")
    return "append needs by, at and commandKey"
  return undefined
}

const asUnavailable = (error: unknown): LogUnavailable =>
  error instanceof LogUnavailable
    ? error
    : new LogUnavailable({ message: `event log I/O failed: ${(error as Error)?.message ?? String(error)}`, cause: error })

export const openEmbeddedLog = async (options: EmbeddedLogOptions): Promise<EventLog> => {
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
    throw new RangeError(`segmentBytes must be an integer between ${MIN_SEGMENT_BYTES} and ${MAX_SEGMENT_BYTES}, got ${segmentBytes}`)
  }
  const warn = options.warn ?? ((line: string) => console.warn(line))
  const dir = resolve(options.dir)
  await ensureWritableDirectory(dir)
  const lock = await acquireDirLock(dir).catch((error: unknown) => {
    throw error instanceof LogUnavailable ? error : configErrorFor(dir, "create the lock file in", error)
  })
  try {
    const index = new LogIndex()
    const segments = await recoverLog(dir, index, warn)
    const writer = await GroupCommitWriter.open({ dir, segmentBytes, maxBatchDelayMs: options.maxBatchDelayMs ?? 0 }, index, segments)
    const reader = new LogReader(index, segments)
    const snapshots = new SnapshotStore(join(dir, "snapshots"), warn)
    let closing: Promise<void> | undefined

    const whenOpen = <A>(body: () => Promise<A>): Effect.Effect<A, LogUnavailable> =>
      Effect.tryPromise({
        try: () => (closing ? Promise.reject(closedError()) : body()),
        catch: asUnavailable,
      })

    const closedError = () => new LogUnavailable({ message: "the event log is closed" })
    const fromMemory = <A>(read: () => A): Effect.Effect<A, LogUnavailable> =>
      Effect.suspend(() => (closing ? Effect.fail(closedError()) : Effect.succeed(read())))

    const checked = <A, E>(addr: Address, body: (key: string) => Effect.Effect<A, E>): Effect.Effect<A, E> => {
      const key = addr && typeof addr === "object" ? validStreamKey(addr) : undefined
      return key === undefined ? Effect.die(new Error(`event log: ${describeBadAddress(addr)}`)) : body(key)
    }

    const log: EventLog = {
      name: "embedded",
      append: (request) => {
        const problem = badRequest(request)
        if (problem) return Effect.die(new Error(`event log: ${problem}`))
        return checked(request.addr, (key) =>
          Effect.callback<AppendResult, WrongExpectedSequence | LogUnavailable>((resume) => {
            try {
              writer.append(request, key, (error, result) => resume(error ? Effect.fail(error) : Effect.succeed(result!)))
            } catch (error) {
              resume(Effect.die(error))
            }
          }),
        )
      },
      readStream: (addr, afterSeq) => checked(addr, () => whenOpen(() => reader.readStream(addr, afterSeq))),
      lastSeq: (addr) => checked(addr, (key) => fromMemory(() => index.streams.get(key)?.durable ?? 0)),
      readAll: (afterPosition, limit) => whenOpen(() => reader.readAll(afterPosition, limit)),
      headPosition: () => fromMemory(() => index.head),
      saveSnapshot: (addr, snapshot) =>
        Number.isSafeInteger(snapshot?.seq) && snapshot.seq >= 0 && snapshot.state instanceof Uint8Array
          ? checked(addr, () => whenOpen(() => snapshots.save(addr, snapshot)))
          : Effect.die(new Error(`event log: a snapshot needs a non-negative integer seq and Uint8Array state, got seq ${snapshot?.seq}`)),
      loadSnapshot: (addr) => checked(addr, () => whenOpen(() => snapshots.load(addr))),
      close: () =>
        Effect.promise(() => {
          closing ??= (async () => {
            await writer.close().catch((error: unknown) => warn(`event log: closing the segment failed: ${String(error)}`))
            await snapshots.settle()
            await closeSegmentReaders(segments)
            await lock.release().catch((error: unknown) => warn(`event log: releasing the lock failed: ${String(error)}`))
          })()
          return closing
        }),
    }
    return log
  } catch (error) {
    await lock.release().catch(() => undefined)
    throw error
  }
}
