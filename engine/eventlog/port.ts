/**
 * The event log port: the write model. Every adapter (embedded segment files,
 * NATS JetStream) passes the one contract suite in `contract.ts`.
 *
 * The unit of storage is a commit: the events one command produced for one
 * actor, appended atomically. Event sequences are per actor, gap-free from 1;
 * positions are global and increasing (not necessarily gap-free), for projections.
 */
import type { Effect } from "effect"
import type { Address } from "../address.ts"
import type { LogUnavailable, WrongExpectedSequence } from "../errors.ts"

export interface EventMeta {
  /** User id of whoever issued the command. */
  readonly by: string
  /** Milliseconds since the epoch, from the command's context. */
  readonly at: number
  /** `<user>:<client op id>`: the key retried commands are recognised by. */
  readonly commandKey: string
}

export interface AppendRequest extends EventMeta {
  readonly addr: Address
  /** The actor's last sequence as this writer knows it; 0 for a new actor. */
  readonly expectedSeq: number
  /** Plain data, MessagePack-serialisable; at least one. */
  readonly events: readonly unknown[]
}

export interface AppendResult {
  readonly firstSeq: number
  readonly lastSeq: number
  readonly position: number
}

export interface Commit extends EventMeta {
  readonly addr: Address
  /** Sequence of `events[0]`; the others follow without gaps. */
  readonly firstSeq: number
  readonly events: readonly unknown[]
  /** Global order across all actors. */
  readonly position: number
}

export interface Snapshot {
  /** The last event sequence folded into `state`. */
  readonly seq: number
  readonly state: Uint8Array
}

export interface EventLog {
  readonly name: string
  /**
   * Durable when it succeeds (fsync for the embedded log, a PubAck for JetStream).
   * Fails with WrongExpectedSequence when the stream moved past `expectedSeq`,
   * which is how a stale owner learns it must stop.
   */
  append(request: AppendRequest): Effect.Effect<AppendResult, WrongExpectedSequence | LogUnavailable>
  /** The commits of one actor holding any event after `afterSeq`, in order. */
  readStream(addr: Address, afterSeq: number): Effect.Effect<readonly Commit[], LogUnavailable>
  /** The actor's last event sequence, 0 when it has none. */
  lastSeq(addr: Address): Effect.Effect<number, LogUnavailable>
  /** Up to `limit` commits of all actors after `afterPosition`, in global order. */
  readAll(afterPosition: number, limit: number): Effect.Effect<readonly Commit[], LogUnavailable>
  /** Position of the newest commit, 0 when the log is empty. */
  headPosition(): Effect.Effect<number, LogUnavailable>
  saveSnapshot(addr: Address, snapshot: Snapshot): Effect.Effect<void, LogUnavailable>
  loadSnapshot(addr: Address): Effect.Effect<Snapshot | undefined, LogUnavailable>
  /** Flushes and releases the storage; calling it twice is harmless. */
  close(): Effect.Effect<void>
}

/** What a consumer of the whole log needs (projections): it never writes, so it may live in another thread. */
export type ReadOnlyLog = Pick<EventLog, "readAll" | "headPosition">

/** Events of a commit with their sequences, skipping those at or before `afterSeq`. */
export const eventsOf = (commit: Commit, afterSeq = 0): Array<{ seq: number; event: unknown }> => {
  const out: Array<{ seq: number; event: unknown }> = []
  commit.events.forEach((event, i) => {
    const seq = commit.firstSeq + i
    if (seq > afterSeq) out.push({ seq, event })
  })
  return out
}
