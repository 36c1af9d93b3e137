/**
 * The insights engine as a node runs it: fed by every commit this node
 * appends (a tap on the event log, so no polling of the read store), after
 * reading the log back once at start so sessions already under way, canvas
 * links and the tenants' card themes are known. Commits appended while that
 * read-back runs wait in a buffer and are applied after it, by position.
 *
 * One node sees the commits it appends: with several nodes (NATS), a session
 * and its canvases must be owned by the node that serves the facilitator's
 * insights, or insights see only part of the room (noted in ml/README.md).
 */
import { Effect } from "effect"
import type { Commit, EventLog, ReadOnlyLog } from "../../../engine/eventlog/port.ts"
import { thresholdsFromEnv, type Thresholds } from "../activity.ts"
import { systemClock, type Clock } from "../clock.ts"
import { InsightsEngine } from "../engine.ts"
import { LogFeed } from "../from-log.ts"

const PAGE = 1_000

export class NodeInsights {
  readonly engine: InsightsEngine
  private readonly feed = new LogFeed()
  /** Commits appended during the read-back; null once live. */
  private pending: Commit[] | null = []
  private readBackTo = 0

  constructor(clock: Clock = systemClock, thresholds?: Thresholds) {
    this.engine = new InsightsEngine({ clock, ...(thresholds ? { thresholds } : {}) })
  }

  /** As a node starts it: the system clock, thresholds from STUDIO_INSIGHTS_* (a bad value throws one line naming it). */
  static fromEnv(env: Readonly<Record<string, string | undefined>>): NodeInsights {
    return new NodeInsights(systemClock, thresholdsFromEnv(env))
  }

  /** The log with every successful append also handed to insights (after it is durable, never failing the append). */
  tap(log: EventLog): EventLog {
    return {
      get name() {
        return log.name
      },
      append: (request) =>
        log.append(request).pipe(
          Effect.tap((result) =>
            Effect.sync(() =>
              this.receive({
                addr: request.addr,
                firstSeq: result.firstSeq,
                events: request.events,
                position: result.position,
                by: request.by,
                at: request.at,
                commandKey: request.commandKey,
              }),
            ),
          ),
        ),
      readStream: (addr, afterSeq) => log.readStream(addr, afterSeq),
      lastSeq: (addr) => log.lastSeq(addr),
      readAll: (afterPosition, limit) => log.readAll(afterPosition, limit),
      headPosition: () => log.headPosition(),
      saveSnapshot: (addr, snapshot) => log.saveSnapshot(addr, snapshot),
      loadSnapshot: (addr) => log.loadSnapshot(addr),
      close: () => log.close(),
    }
  }

  /** Reads the log back once, then goes live and starts the engine's timer. */
  async catchUp(log: ReadOnlyLog): Promise<void> {
    this.engine.replaying = true
    try {
      for (;;) {
        const commits = await Effect.runPromise(log.readAll(this.readBackTo, PAGE))
        for (const commit of commits) this.apply(commit)
        if (commits.length < PAGE) break
      }
    } finally {
      this.engine.replaying = false
    }
    const pending = this.pending ?? []
    this.pending = null
    for (const commit of pending.sort((a, b) => a.position - b.position)) if (commit.position > this.readBackTo) this.apply(commit)
    this.engine.start()
  }

  stop(): void {
    this.engine.stop()
  }

  private receive(commit: Commit): void {
    if (this.pending) return void this.pending.push(commit)
    try {
      this.apply(commit)
    } catch (error) {
      // Insights are a reader: a bug here is logged, never allowed to fail the command that was appended.
      console.error(
        JSON.stringify({
          level: "error",
          message: "insights failed on a commit",
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      )
    }
  }

  private apply(commit: Commit): void {
    this.readBackTo = Math.max(this.readBackTo, commit.position)
    for (const [key, activity] of this.feed.read(commit)) this.engine.apply(key, activity)
  }
}
