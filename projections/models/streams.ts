/**
 * Commits regrouped per actor, which is how entity read models fold them:
 * each actor's events in sequence order, with the envelope they were logged
 * with, decoded by the actor kind's own event schema.
 */
import { Schema } from "effect"
import { addressKey, type Address } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"

export interface LoggedEvent<E> {
  readonly seq: number
  readonly at: number
  readonly by: string
  readonly position: number
  readonly event: E
}

export interface Stream<E> {
  readonly addr: Address
  readonly key: string
  readonly events: LoggedEvent<E>[]
}

/** An event in the log that the kind's schema rejects: the projection treats its commit as poison. */
export class UndecodableEvent extends Error {
  override readonly name = "UndecodableEvent"
}

export const decoderFor = <E>(schema: Schema.Codec<E, unknown>, kind: string) => {
  const decode = Schema.decodeUnknownSync(schema)
  return (event: unknown, addr: Address, seq: number): E => {
    try {
      return decode(event)
    } catch (error) {
      throw new UndecodableEvent(
        `${kind} event ${addressKey(addr)}#${seq} does not match its schema: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
}

/** The commits of one actor kind, per actor, in log order. */
export const streamsOf = <E>(
  commits: readonly Commit[],
  kind: string,
  decode: (event: unknown, addr: Address, seq: number) => E,
): Map<string, Stream<E>> => {
  const streams = new Map<string, Stream<E>>()
  for (const commit of commits) {
    if (commit.addr.kind !== kind) continue
    const key = addressKey(commit.addr)
    let stream = streams.get(key)
    if (!stream) streams.set(key, (stream = { addr: commit.addr, key, events: [] }))
    commit.events.forEach((event, i) => {
      const seq = commit.firstSeq + i
      stream.events.push({ seq, at: commit.at, by: commit.by, position: commit.position, event: decode(event, commit.addr, seq) })
    })
  }
  return streams
}

/** Broken log data: an event for an actor that was never created. */
export const notCreated = (addr: Address, seq: number, type: string): Error =>
  new UndecodableEvent(`${addressKey(addr)}#${seq}: ${type} before the actor was created`)
