/**
 * The in-process insights engine of a node: one room tally per session, fed
 * with activities as their events are appended (live/tap.ts), evaluated on
 * every activity and on a timer for the patterns time alone makes (a stuck
 * phase, a silence). Subscribers (the SSE route) get the facilitator's view
 * when an insight appears or goes, and updated counts on the next tick.
 * When a session ends, its tally and findings are kept (not a finished
 * retrospective): consent can still be withdrawn and the room anonymised
 * after the end, and the retrospective, built when asked for, honours both.
 */
import type { Activity, Thresholds } from "./activity.ts"
import type { Clock } from "./clock.ts"
import { detect, type Finding } from "./detect.ts"
import { present, type InsightsView } from "./present.ts"
import { buildRetrospective, type Retrospective } from "./retrospective.ts"
import { applyActivity, newRoom, type RoomTally } from "./room.ts"

const sameEvidence = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) => {
  for (const key in b) if (a[key] !== b[key]) return false
  return true
}

/** What may still change about a session after it ended: who may be named. */
const AFTER_END = new Set<Activity["type"]>(["consent", "anonymised"])

const PUSH_AT_ONCE = new Set<Activity["type"]>(["consent", "anonymised", "joined", "left", "cofacilitator"])

export type Listener = (view: InsightsView) => void

interface Live {
  readonly room: RoomTally
  findings: Map<string, Finding>
  /** Every finding that was on at some point, with when it went off (null: still on). */
  readonly history: Array<{ finding: Finding; until: number | null }>
  /** The history records of the findings on now, by key. */
  readonly open: Map<string, { finding: Finding; until: number | null }>
  readonly listeners: Set<Listener>
  /** Counts changed without the set of insights changing: pushed on the next tick. */
  stale: boolean
}

export interface EngineOptions {
  readonly clock: Clock
  /** How often time-based patterns are evaluated (default 1 s, so a stall shows within about a second). */
  readonly tickMs?: number
  /** How many ended sessions' retrospectives are kept in memory (default 1,000). */
  readonly keepRetrospectives?: number
  /** Default: THRESHOLDS (activity.ts). */
  readonly thresholds?: Thresholds
}

export class InsightsEngine {
  private readonly live = new Map<string, Live>()
  private readonly ended = new Map<string, Pick<Live, "room" | "history">>()
  private stopTimer: (() => void) | undefined
  /** While the log is read back at start: activities are evaluated at their own time, not the clock's. */
  replaying = false

  constructor(private readonly options: EngineOptions) {}

  start(): void {
    this.stopTimer ??= this.options.clock.every(this.options.tickMs ?? 1_000, () => this.tick())
  }

  stop(): void {
    this.stopTimer?.()
    this.stopTimer = undefined
  }

  /** Folds one activity into its session and evaluates that session. */
  apply(key: string, activity: Activity): void {
    const closed = this.ended.get(key)
    if (closed) {
      if (AFTER_END.has(activity.type)) applyActivity(closed.room, activity)
      return
    }
    let entry = this.live.get(key)
    if (!entry) {
      if (activity.type === "ended") return
      entry = {
        room: newRoom(key.slice(key.indexOf("/") + 1), activity.at),
        findings: new Map(),
        history: [],
        open: new Map(),
        listeners: new Set(),
        stale: false,
      }
      this.live.set(key, entry)
    }
    applyActivity(entry.room, activity)
    // Read back from the log, an activity is evaluated at its own time, so an ended session's retrospective comes out as it happened.
    // Every activity changes some count (pushed on the next tick); who may be named, and who is in the room, at once.
    entry.stale = true
    this.evaluate(key, entry, this.replaying ? activity.at : Math.max(this.options.clock.now(), activity.at), PUSH_AT_ONCE.has(activity.type))
  }

  /** Evaluates every open session at the clock's time. */
  tick(): void {
    const now = this.options.clock.now()
    for (const [key, entry] of this.live) this.evaluate(key, entry, now, true)
  }

  /** The facilitator's current view, or undefined for a session this node has not seen. */
  view(key: string): InsightsView | undefined {
    const entry = this.live.get(key)
    return entry ? present(entry.room, entry.findings.values(), this.options.clock.now()) : undefined
  }

  /** Calls `listener` now with the current view (when there is one) and on every change until unsubscribed. */
  subscribe(key: string, listener: Listener): () => void {
    const closed = this.ended.get(key)
    if (closed) {
      // An ended session never changes its counts again; a new tally here would read as a session starting.
      listener(present(closed.room, [], closed.room.endedAt ?? this.options.clock.now()))
      return () => undefined
    }
    let entry = this.live.get(key)
    if (!entry) {
      entry = {
        room: newRoom(key.slice(key.indexOf("/") + 1), this.options.clock.now()),
        findings: new Map(),
        history: [],
        open: new Map(),
        listeners: new Set(),
        stale: false,
      }
      this.live.set(key, entry)
    }
    const subscribed = entry
    subscribed.listeners.add(listener)
    listener(present(subscribed.room, subscribed.findings.values(), this.options.clock.now()))
    return () => subscribed.listeners.delete(listener)
  }

  retrospective(key: string): Retrospective | "open" | undefined {
    const closed = this.ended.get(key)
    if (closed) return buildRetrospective(closed.room, closed.history)
    return this.live.has(key) ? "open" : undefined
  }

  /** Open sessions held in memory (for the bench and health). */
  get sessions(): number {
    return this.live.size
  }

  private evaluate(key: string, entry: Live, now: number, pushStale = false): void {
    const next = detect(entry.room, now, entry.findings, this.options.thresholds)
    let changed = next.size !== entry.findings.size
    for (const [id, finding] of next) {
      const record = entry.open.get(id)
      if (!record) {
        changed = true
        const opened = { finding, until: null }
        entry.history.push(opened)
        entry.open.set(id, opened)
        continue
      }
      if (!sameEvidence(record.finding.evidence, finding.evidence)) entry.stale = true
      // The latest evidence of a finding still on, for the retrospective.
      record.finding = finding
    }
    for (const [id, record] of entry.open) {
      if (next.has(id)) continue
      changed = true
      record.until = now
      entry.open.delete(id)
    }
    entry.findings = next
    if (entry.room.ended) return this.close(key, entry)
    if (entry.listeners.size > 0 && (changed || (pushStale && entry.stale))) {
      entry.stale = false
      const view = present(entry.room, next.values(), now)
      for (const listener of entry.listeners) listener(view)
    }
  }

  private close(key: string, entry: Live): void {
    for (const tally of entry.room.people.values()) tally.recent.length = 0
    this.ended.set(key, { room: entry.room, history: entry.history })
    const keep = this.options.keepRetrospectives ?? 1_000
    while (this.ended.size > keep) this.ended.delete(this.ended.keys().next().value!)
    const view = present(entry.room, [], entry.room.endedAt ?? this.options.clock.now())
    for (const listener of entry.listeners) listener(view)
    this.live.delete(key)
  }
}
