/** What an actor system is tuned by, and the values it runs with when nothing is said. */
import { randomUUID } from "node:crypto"

export interface ActorSettings {
  readonly snapshotEvery: number
  /**
   * Periodic snapshots saving at once across the whole system. Each save is a
   * few file operations and two fsyncs on the libuv threadpool (4 threads),
   * where the log's own write and fsync wait behind them: unbounded, a burst
   * of snapshots holds up every ack and fan-out (bench: live 100x10@3000).
   */
  readonly concurrentSnapshots: number
  readonly passivateAfterMs: number
  readonly mailboxCapacity: number
  readonly recentCommands: number
  /** Events kept in memory for rejoining clients; older `since` values read the log or get a snapshot. */
  readonly tailBuffer: number
  /** A client further behind than this gets a snapshot instead of events. */
  readonly catchUpLimit: number
  readonly now: () => number
  readonly newId: () => string
  readonly logger: Logger
}

export interface Logger {
  readonly info: (message: string, fields?: Record<string, unknown>) => void
  readonly error: (message: string, fields?: Record<string, unknown>) => void
}

const consoleLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: "info", message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: "error", message, ...fields })),
}

export const defaultActorSettings: ActorSettings = {
  snapshotEvery: 200,
  concurrentSnapshots: 1,
  passivateAfterMs: 5 * 60_000,
  mailboxCapacity: 1024,
  recentCommands: 1000,
  tailBuffer: 256,
  catchUpLimit: 2000,
  now: Date.now,
  newId: () => randomUUID(),
  logger: consoleLogger,
}
