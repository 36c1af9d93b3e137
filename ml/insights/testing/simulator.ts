/**
 * Plays made-up sessions through the insights engine, with or without a
 * planted pattern: a participant who falls silent, one who dominates, a
 * phase where everyone stops, one who always chooses cards of one theme.
 * Each pattern's start is the moment it becomes observable under the
 * documented thresholds (activity.ts), worked out here by brute force over
 * the whole timeline, independently of the engine's incremental tallies.
 */
import { THRESHOLDS as T, type Activity } from "../activity.ts"
import { InsightsEngine } from "../engine.ts"
import type { Random } from "../../../engine/random.ts"
import { ManualClock } from "./manual-clock.ts"

export const PLANTS = ["silent", "dominant", "stuck", "sameTheme"] as const
export type Plant = (typeof PLANTS)[number]

export interface Truth {
  readonly kind: Plant
  readonly userId: string | null
  /** When the pattern became observable; null if the session never showed it (then it is not counted). */
  readonly start: number | null
}

export interface SimulatedSession {
  readonly activities: readonly Activity[]
  readonly truths: readonly Truth[]
  readonly participants: readonly string[]
}

const MINUTE = 60_000
const DURATION = 12 * MINUTE
const THEMES = Array.from({ length: 10 }, (_, i) => `theme-${i}`)

const makeDeck = (random: Random) =>
  Array.from({ length: 40 }, (_, i) => {
    const first = THEMES[i % THEMES.length]!
    const second = random.chance(0.5) ? random.pick(THEMES.filter((t) => t !== first)) : undefined
    return second ? [first, second] : [first]
  })

/** Times of a Poisson process of `perMinute` between `from` and `to`. */
const poisson = (random: Random, perMinute: number, from: number, to: number): number[] => {
  const out: number[] = []
  let t = from
  for (;;) {
    t += Math.round((-Math.log(1 - random.next()) / perMinute) * MINUTE)
    if (t >= to) return out
    out.push(t)
  }
}

export const generateSession = (random: Random, plant: Plant | null): SimulatedSession => {
  const deck = makeDeck(random)
  const n = 4 + random.int(5)
  const ids = Array.from({ length: n }, (_, i) => `p${i + 1}`)
  const joinedAt = new Map(ids.map((id) => [id, random.int(10_000)]))
  const acts: Activity[] = [{ type: "opened", at: 0, facilitatorId: "f" }]
  for (const id of ids) {
    acts.push({ type: "joined", at: joinedAt.get(id)!, userId: id, name: `Person ${id}` })
    acts.push({ type: "consent", at: joinedAt.get(id)! + 1, userId: id, given: true })
  }
  acts.push({ type: "step", at: 15_000, label: "Pause" }, { type: "step", at: 9 * MINUTE, label: "Expand" })
  const target = plant === null ? null : plant === "stuck" ? null : random.pick(ids)
  const stall = plant === "stuck" ? { from: 3 * MINUTE + random.int(90_000), length: 4 * MINUTE } : undefined
  const silenceFrom = plant === "silent" ? 20_000 + random.int(100_000) : Infinity
  const dominanceFrom = plant === "dominant" ? 2 * MINUTE + random.int(MINUTE) : Infinity
  const theme = random.pick(THEMES)
  const themed = deck.filter((themes) => themes.includes(theme))
  const rates = new Map(ids.map((id) => [id, 5 + random.next() * 3]))
  const meanRate = [...rates.values()].reduce((a, b) => a + b, 0) / n
  for (const id of ids) {
    const start = joinedAt.get(id)! + 2_000
    let times = poisson(random, rates.get(id)!, start, DURATION)
    if (id === target && plant === "silent") times = times.filter((t) => t < silenceFrom)
    if (id === target && plant === "dominant")
      times = [...times.filter((t) => t < dominanceFrom), ...poisson(random, meanRate * 8, dominanceFrom, DURATION)]
    if (stall) times = times.filter((t) => t < stall.from || t >= stall.from + stall.length)
    for (const at of times.sort((a, b) => a - b)) {
      const roll = random.next()
      if (roll < 0.3) {
        const themes = id === target && plant === "sameTheme" ? random.pick(themed) : random.pick(deck)
        acts.push({ type: "action", at, userId: id, op: random.chance(0.5) ? "add" : "pick", kind: "card", themes })
      } else if (roll < 0.8)
        acts.push({
          type: "action",
          at,
          userId: id,
          op: random.pick(["add", "elementMoved", "elementUpdated"]),
          kind: random.pick(["sticky", "stroke", "shape", "text"]),
        })
      else acts.push({ type: "action", at, userId: id, op: "add", kind: "connector", buildsOn: random.pick(ids.filter((o) => o !== id)) })
    }
  }
  acts.push({ type: "ended", at: DURATION })
  const activities = acts.sort((a, b) => a.at - b.at)
  const truths: Truth[] =
    plant === null
      ? []
      : [
          {
            kind: plant,
            userId: target,
            start: patternStart(activities, plant, target, ids, joinedAt, { silenceFrom, dominanceFrom, stallFrom: stall?.from ?? Infinity }),
          },
        ]
  return { activities, truths, participants: ids }
}

/** The first moment (in 100 ms steps) the planted pattern holds, counting straight from the timeline. */
const patternStart = (
  acts: readonly Activity[],
  plant: Plant,
  target: string | null,
  ids: readonly string[],
  joinedAt: Map<string, number>,
  from: { silenceFrom: number; dominanceFrom: number; stallFrom: number },
): number | null => {
  const ops = acts.filter((a): a is Extract<Activity, { type: "action" }> => a.type === "action")
  const n = ids.length
  if (plant === "stuck") {
    const last = Math.max(15_000, ...ops.filter((a) => a.at < from.stallFrom).map((a) => a.at))
    return last + T.stuckMs
  }
  if (plant === "sameTheme") {
    for (const card of ops.filter((a) => a.userId === target && a.themes)) {
      const mine = ops.filter((a) => a.userId === target && a.themes && a.at <= card.at)
      const others = ops.filter((a) => a.userId !== target && a.themes && a.at <= card.at)
      const counts = new Map<string, number>()
      for (const a of mine) for (const t of a.themes!) counts.set(t, (counts.get(t) ?? 0) + 1)
      const [top, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!
      const othersShare = others.length === 0 ? 0 : others.filter((a) => a.themes!.includes(top)).length / others.length
      if (mine.length >= T.themeMinCards && count / mine.length >= T.themeOnFraction && count / mine.length >= othersShare * T.themeRoomLift)
        return card.at
    }
    return null
  }
  // Conditions change only when an operation enters the window, crosses its middle or leaves it, or a whole window since joining
  // has passed: those are the moments to check, from the target's arrival (a pattern may hold by chance before it was planted).
  const times = new Map(ids.map((id) => [id, ops.filter((a) => a.userId === id).map((a) => a.at)]))
  const count = (id: string, after: number, upTo: number) => upperBound(times.get(id)!, upTo) - upperBound(times.get(id)!, after)
  const joined = joinedAt.get(target!)!
  const moments = [...new Set([joined + T.windowMs, ...ops.flatMap((a) => [a.at, a.at + T.windowMs / 2, a.at + T.windowMs])])]
    .filter((t) => t >= joined && t < DURATION)
    .sort((a, b) => a - b)
  for (const t of moments) {
    const total = ids.reduce((sum, id) => sum + count(id, t - T.windowMs, t), 0)
    const mine = count(target!, t - T.windowMs, t)
    const share = total === 0 ? 0 : mine / total
    const othersEarly = ids.reduce((sum, id) => sum + (id === target ? 0 : count(id, t - T.windowMs, t - T.windowMs / 2)), 0)
    const othersLate = total - mine - othersEarly
    const busy = Math.min(othersEarly, othersLate) >= T.silentRoomOpsPerPerson * (n - 1)
    if (plant === "silent" && t - joined >= T.windowMs && busy && mine === 0) return t
    if (
      plant === "dominant" &&
      n >= T.dominantMinParticipants &&
      total >= T.dominantMinOpsPerPerson * n &&
      share >= Math.max(T.dominantOnShare, T.dominantOnFair / n)
    )
      return t
  }
  return null
}

/** How many of the sorted `values` are at most `limit`. */
const upperBound = (values: readonly number[], limit: number): number => {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (values[mid]! <= limit) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Plays a session through a fresh engine on a manual clock; returns when each insight (kind:userId) was first shown. */
export const playSession = (session: SimulatedSession): Map<string, number> => {
  const clock = new ManualClock(0)
  const engine = new InsightsEngine({ clock })
  engine.start()
  const shown = new Map<string, number>()
  engine.subscribe("t/s", (view) => {
    for (const insight of view.insights) {
      const key = `${insight.kind}:${insight.who[0] ?? "room"}`
      if (!shown.has(key)) shown.set(key, clock.now())
    }
  })
  for (const activity of session.activities) {
    clock.advanceTo(activity.at)
    engine.apply("t/s", activity)
  }
  engine.stop()
  return shown
}
