/**
 * An event log that counts who reads it: whole-log reads (`readAll`) and
 * stream reads per actor kind. Tests hand it to the gateway (and only the
 * gateway) to show that a route answers from a read model, not from the log.
 */
import { Effect } from "effect"
import type { EventLog } from "../../engine/eventlog/port.ts"
import { embeddedReadSide } from "../http/testing/method-server.ts"
import type { TestServerOptions } from "./harness.ts"

export interface LogReads {
  readAll: number
  /** Stream reads per actor kind. */
  readonly streams: Map<string, number>
}

/** `source` is asked on every call, so the wrapper can be made before the log it wraps is open (test options are built first). */
export const countingLog = (source: () => EventLog): { log: EventLog; reads: LogReads } => {
  const reads: LogReads = { readAll: 0, streams: new Map() }
  return {
    reads,
    log: {
      get name() {
        return source().name
      },
      append: (request) => source().append(request),
      readStream: (addr, afterSeq) =>
        Effect.suspend(() => {
          reads.streams.set(addr.kind, (reads.streams.get(addr.kind) ?? 0) + 1)
          return source().readStream(addr, afterSeq)
        }),
      lastSeq: (addr) => source().lastSeq(addr),
      readAll: (after, limit) =>
        Effect.suspend(() => {
          reads.readAll++
          return source().readAll(after, limit)
        }),
      headPosition: () => source().headPosition(),
      saveSnapshot: (addr, snapshot) => source().saveSnapshot(addr, snapshot),
      loadSnapshot: (addr) => source().loadSnapshot(addr),
      close: () => source().close(),
    },
  }
}

/**
 * Test server options for a node as `npm start` runs it (a read side in its
 * worker over the real log) whose gateway sees the log through a counter:
 * the read side is not the gateway, so its reads are not counted.
 */
export const readSideWithCountedGatewayLog = (): { options: Pick<TestServerOptions, "readSide" | "gateway">; reads: LogReads } => {
  let real: EventLog | undefined
  const counted = countingLog(() => real!)
  return {
    reads: counted.reads,
    options: {
      readSide: (log, dir) => {
        real = log
        return embeddedReadSide(log, dir)
      },
      gateway: { log: counted.log },
    },
  }
}
