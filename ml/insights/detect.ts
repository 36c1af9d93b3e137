/**
 * The detectors: given a room's tally and the time, which patterns hold.
 * Each finding keeps the moment it was first detected while it stays on;
 * the "on" and "off" thresholds differ (activity.ts), so a finding that is
 * on stays on until the room is clearly past it.
 */
import { THRESHOLDS as T, type InsightKind } from "./activity.ts"
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

const keep = (previous: Findings, key: string, now: number): number => previous.get(key)?.detectedAt ?? now

const topTheme = (tally: PersonTally): [string, number] | undefined => {
  let best: [string, number] | undefined
  for (const entry of tally.themes) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry
  return best
}

/** Whether the others did at least `perHalf` operations in each half of the window. */
const busyThroughout = (participants: readonly PersonTally[], quiet: PersonTally, now: number, perHalf: number): boolean => {
  const middle = now - T.windowMs / 2
  let early = 0
  let late = 0
  for (const other of participants) if (other !== quiet) for (const at of other.recent) at <= middle ? early++ : late++
  return early >= perHalf && late >= perHalf
}

export const detect = (room: RoomTally, now: number, previous: Findings): Map<string, Finding> => {
  pruneWindow(room, now)
  const found = new Map<string, Finding>()
  const add = (finding: Omit<Finding, "detectedAt">) => found.set(finding.key, { ...finding, detectedAt: keep(previous, finding.key, now) })
  const participants = [...room.people.values()].filter((p) => isParticipant(room, p))
  const n = participants.length
  const roomOps = participants.reduce((sum, p) => sum + p.recent.length, 0)
  if (room.ended) return found

  for (const p of participants) {
    const was = (kind: InsightKind) => previous.has(`${kind}:${p.userId}`)
    const share = roomOps === 0 ? 0 : p.recent.length / roomOps
    const fair = n === 0 ? 0 : 1 / n
    // Silent: a whole window in the room without an operation, while the others were busy in both halves of it.
    const othersOps = roomOps - p.recent.length
    const busyNeeded = T.silentRoomOpsPerPerson * (n - 1)
    const busy = was("silent") ? othersOps >= busyNeeded : n >= 2 && busyThroughout(participants, p, now, busyNeeded)
    const quiet = was("silent") ? share < T.silentOffFair * fair : p.recent.length === 0
    if (now - p.joinedAt >= T.windowMs && busy && quiet) {
      add({ key: `silent:${p.userId}`, kind: "silent", userId: p.userId, since: Math.max(p.joinedAt, p.lastActionAt ?? 0), evidence: { operations: p.recent.length, roomOperations: roomOps, participants: n, windowSeconds: T.windowMs / 1000 } })
    }
    // Dominant: well above a fair share of a busy room's operations.
    const dominantAt = was("dominant") ? Math.max(T.dominantOffShare, T.dominantOffFair * fair) : Math.max(T.dominantOnShare, T.dominantOnFair * fair)
    const enoughOps = roomOps >= (was("dominant") ? 0.5 : 1) * T.dominantMinOpsPerPerson * n
    if (n >= T.dominantMinParticipants && enoughOps && share >= dominantAt) {
      add({ key: `dominant:${p.userId}`, kind: "dominant", userId: p.userId, since: p.recent[0] ?? now, evidence: { operations: p.recent.length, roomOperations: roomOps, participants: n, sharePercent: Math.round(share * 100) } })
    }
    // Same theme: most of one's cards share a theme that is rarer among the others' choices.
    const top = topTheme(p)
    if (top && p.cards >= T.themeMinCards) {
      const fraction = top[1] / p.cards
      let othersCards = 0
      let othersTheme = 0
      for (const other of participants) if (other !== p) {
        othersCards += other.cards
        othersTheme += other.themes.get(top[0]) ?? 0
      }
      const othersFraction = othersCards === 0 ? 0 : othersTheme / othersCards
      const on = was("sameTheme")
        ? fraction >= T.themeOffFraction && fraction >= othersFraction * 1.2
        : fraction >= T.themeOnFraction && fraction >= othersFraction * T.themeRoomLift
      if (on) add({ key: `sameTheme:${p.userId}`, kind: "sameTheme", userId: p.userId, since: p.lastActionAt ?? now, theme: top[0], evidence: { cards: p.cards, withTheme: top[1], othersPercent: Math.round(othersFraction * 100) } })
    }
  }

  // Stuck: a phase under way, people in the room, and nobody has done anything for minutes.
  const quietSince = Math.max(room.lastActivityAt, room.stepStartedAt)
  if (room.step !== null && n > 0 && now - quietSince >= T.stuckMs) {
    add({ key: "stuck", kind: "stuck", userId: null, since: quietSince, evidence: { quietSeconds: Math.round((now - quietSince) / 1000), participants: n } })
  }
  // Done: every participant present has voted in an open poll, or said they are done.
  if (n > 0) {
    const ids = participants.map((p) => p.userId)
    for (const [pollId, voters] of room.openPolls) {
      if (ids.every((id) => voters.has(id))) add({ key: `phaseDone:poll:${pollId}`, kind: "phaseDone", userId: null, since: now, evidence: { voted: n, participants: n } })
    }
    if (ids.every((id) => room.done.has(id))) add({ key: "phaseDone:done", kind: "phaseDone", userId: null, since: now, evidence: { done: n, participants: n } })
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
    add({ key: "collaboration", kind: "collaboration", userId: null, since: room.startedAt, ...(pair ? { pair: { from: pair.from, to: pair.to } } : {}), evidence: { links, builders, builtOn: builtOn.size, participants: n } })
  }
  return found
}
