/**
 * The detectors: given a room's tally and the time, which patterns hold.
 * Each finding keeps the moment it was first detected while it stays on;
 * the "on" and "off" thresholds differ (activity.ts), so a finding that is
 * on stays on until the room is clearly past it.
 */
import { THRESHOLDS, type InsightKind, type Thresholds } from "./activity.ts"
import { isParticipant, pruneWindow, type PersonTally, type RoomTally } from "./room.ts"

export interface Finding {
  readonly key: string
  readonly kind: InsightKind
  /** The participant it is about; null for the room. */
  readonly userId: string | null
  /** When the pattern began (the start of a silence, the last activity before a stall). */
  readonly since: number
  /** When the detector first saw it. */
  readonly detectedAt: number
  readonly evidence: Readonly<Record<string, number>>
  readonly theme?: string
  /** For collaboration: who built on whose elements most. */
  readonly pair?: { readonly from: string; readonly to: string }
}

export type Findings = ReadonlyMap<string, Finding>

const allIn = (participants: readonly PersonTally[], ids: ReadonlySet<string>): boolean => {
  for (const p of participants) if (!ids.has(p.userId)) return false
  return true
}

const topTheme = (tally: PersonTally): [string, number] | undefined => {
  let best: [string, number] | undefined
  for (const entry of tally.themes) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry
  return best
}

/** How many of the sorted `times` are at or before `limit`. */
const countUpTo = (times: readonly number[], limit: number): number => {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (times[mid]! <= limit) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Records a finding, keeping when it was first detected while it stays on. */
const put = (found: Map<string, Finding>, previous: Findings, now: number, finding: Omit<Finding, "detectedAt">): void => {
  found.set(finding.key, { ...finding, detectedAt: previous.get(finding.key)?.detectedAt ?? now })
}

// Plain loops, no closures per call: detect runs on every activity of every session.
export const detect = (room: RoomTally, now: number, previous: Findings, T: Thresholds = THRESHOLDS): Map<string, Finding> => {
  pruneWindow(room, now, T.windowMs)
  const found = new Map<string, Finding>()
  if (room.ended) return found
  const participants: PersonTally[] = []
  for (const p of room.people.values()) if (isParticipant(room, p)) participants.push(p)
  const n = participants.length
  // Operations in the window, and in its first half, per participant and for the room (the window's times are sorted).
  const middle = now - T.windowMs / 2
  const early: number[] = []
  let roomOps = 0
  let roomEarly = 0
  for (const p of participants) {
    const count = countUpTo(p.recent, middle)
    early.push(count)
    roomEarly += count
    roomOps += p.recent.length
  }
  const fair = n === 0 ? 0 : 1 / n

  for (let index = 0; index < n; index++) {
    const p = participants[index]!
    const keys = p.keys
    const share = roomOps === 0 ? 0 : p.recent.length / roomOps
    // Silent: a whole window in the room without an operation, while the others were busy in both halves of it.
    const wasSilent = previous.has(keys.silent)
    const othersOps = roomOps - p.recent.length
    const busyNeeded = T.silentRoomOpsPerPerson * (n - 1)
    const othersEarly = roomEarly - early[index]!
    const busy = wasSilent ? othersOps >= busyNeeded : n >= 2 && othersEarly >= busyNeeded && othersOps - othersEarly >= busyNeeded
    const quiet = wasSilent ? share < T.silentOffFair * fair : p.recent.length === 0
    if (now - p.joinedAt >= T.windowMs && busy && quiet) {
      put(found, previous, now, {
        key: keys.silent,
        kind: "silent",
        userId: p.userId,
        since: Math.max(p.joinedAt, p.lastActionAt ?? 0),
        evidence: { operations: p.recent.length, roomOperations: roomOps, participants: n, windowSeconds: T.windowMs / 1000 },
      })
    }
    // Dominant: well above a fair share of a busy room's operations.
    const wasDominant = previous.has(keys.dominant)
    const dominantAt = wasDominant ? Math.max(T.dominantOffShare, T.dominantOffFair * fair) : Math.max(T.dominantOnShare, T.dominantOnFair * fair)
    const enoughOps = roomOps >= (wasDominant ? 0.5 : 1) * T.dominantMinOpsPerPerson * n
    if (n >= T.dominantMinParticipants && enoughOps && share >= dominantAt) {
      put(found, previous, now, {
        key: keys.dominant,
        kind: "dominant",
        userId: p.userId,
        since: p.recent[0] ?? now,
        evidence: { operations: p.recent.length, roomOperations: roomOps, participants: n, sharePercent: Math.round(share * 100) },
      })
    }
    // Same theme: most of one's cards share a theme that is rarer among the others' choices.
    if (p.cards < T.themeMinCards) continue
    const top = topTheme(p)
    if (!top) continue
    const fraction = top[1] / p.cards
    let othersCards = 0
    let othersTheme = 0
    for (const other of participants)
      if (other !== p) {
        othersCards += other.cards
        othersTheme += other.themes.get(top[0]) ?? 0
      }
    const othersFraction = othersCards === 0 ? 0 : othersTheme / othersCards
    const on = previous.has(keys.sameTheme)
      ? fraction >= T.themeOffFraction && fraction >= othersFraction * 1.2
      : fraction >= T.themeOnFraction && fraction >= othersFraction * T.themeRoomLift
    if (on)
      put(found, previous, now, {
        key: keys.sameTheme,
        kind: "sameTheme",
        userId: p.userId,
        since: p.lastActionAt ?? now,
        theme: top[0],
        evidence: { cards: p.cards, withTheme: top[1], othersPercent: Math.round(othersFraction * 100) },
      })
  }

  // Stuck: a phase under way, people in the room, and nobody has done anything for minutes.
  const quietSince = Math.max(room.lastActivityAt, room.stepStartedAt)
  if (room.step !== null && n > 0 && now - quietSince >= T.stuckMs) {
    put(found, previous, now, {
      key: "stuck",
      kind: "stuck",
      userId: null,
      since: quietSince,
      evidence: { quietSeconds: Math.round((now - quietSince) / 1000), participants: n },
    })
  }
  // Done: every participant present has voted in an open poll, or said they are done.
  if (n > 0) {
    for (const [pollId, voters] of room.openPolls) {
      if (allIn(participants, voters))
        put(found, previous, now, {
          key: `phaseDone:poll:${pollId}`,
          kind: "phaseDone",
          userId: null,
          since: now,
          evidence: { voted: n, participants: n },
        })
    }
    if (allIn(participants, room.done))
      put(found, previous, now, { key: "phaseDone:done", kind: "phaseDone", userId: null, since: now, evidence: { done: n, participants: n } })
  }
  // Collaboration balance: who builds on whose elements, once there is enough of it to say.
  let links = 0
  let builders = 0
  const builtOn = new Set<string>()
  let pair: { from: string; to: string; count: number } | undefined
  for (const p of participants) {
    if (p.buildsOn.size > 0) builders++
    for (const [to, count] of p.buildsOn) {
      links += count
      builtOn.add(to)
      if (!pair || count > pair.count) pair = { from: p.userId, to, count }
    }
  }
  if (links >= T.collaborationMinLinks || previous.has("collaboration")) {
    put(found, previous, now, {
      key: "collaboration",
      kind: "collaboration",
      userId: null,
      since: room.startedAt,
      ...(pair ? { pair: { from: pair.from, to: pair.to } } : {}),
      evidence: { links, builders, builtOn: builtOn.size, participants: n },
    })
  }
  return found
}
