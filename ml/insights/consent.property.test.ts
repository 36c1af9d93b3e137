/**
 * Seeded property (STUDIO_TEST_SEED replays it): over simulated sessions with random
 * consents, withdrawals and anonymised switches, no view the facilitator
 * receives (live or retrospective) ever names a participant without
 * consent, and in anonymised mode it names nobody.
 */
import { describe, expect, it } from "vitest"
import type { Activity } from "./activity.ts"
import { InsightsEngine } from "./engine.ts"
import type { InsightsView } from "./present.ts"
import { ManualClock } from "./testing/manual-clock.ts"
import { generateSession, PLANTS } from "./testing/simulator.ts"
import { makeRandom, type Random, testSeed } from "../../engine/testing/random.ts"

const withRandomConsent = (random: Random, activities: readonly Activity[]): Activity[] => {
  const out: Activity[] = []
  for (const activity of activities) {
    if (activity.type === "consent") {
      if (random.chance(0.5)) out.push({ ...activity, given: random.chance(0.5) })
      continue
    }
    out.push(activity)
    if (activity.type === "action" && random.chance(0.01))
      out.push({ type: "consent", at: activity.at, userId: activity.userId, given: random.chance(0.5) })
    if (random.chance(0.004)) out.push({ type: "anonymised", at: activity.at, on: random.chance(0.5) })
  }
  return out
}

const check = (
  view: Pick<InsightsView, "insights" | "people" | "anonymised">,
  consenting: ReadonlySet<string>,
  anonymised: boolean,
  names: ReadonlyMap<string, string>,
) => {
  const shown = [...view.insights.flatMap((i) => i.who), ...view.people.map((p) => p.userId)]
  for (const id of shown) expect(consenting.has(id), `${id} named without consent`).toBe(true)
  const text = JSON.stringify(view)
  for (const [id, name] of names) {
    if (anonymised || !consenting.has(id)) {
      expect(shown).not.toContain(id)
      expect(text.includes(`"${name}"`) || text.includes(`${name} `), `${name} appears in ${text}`).toBe(false)
    }
  }
  if (anonymised) {
    expect(view.anonymised).toBe(true)
    expect(view.people).toEqual([])
    for (const insight of view.insights) expect(insight.who).toEqual([])
  }
}

describe("insights consent", () => {
  it("never names a participant without consent, and names nobody in anonymised mode", () => {
    const random = makeRandom(testSeed("insights consent"))
    // Not vacuous: some views do name consenting participants.
    let named = 0
    for (let run = 0; run < 10; run++) {
      const session = generateSession(random, random.chance(0.8) ? random.pick(PLANTS) : null)
      const activities = withRandomConsent(random, session.activities)
      const clock = new ManualClock(0)
      const engine = new InsightsEngine({ clock })
      engine.start()
      const consenting = new Set<string>()
      const names = new Map<string, string>()
      let anonymised = false
      let views = 0
      engine.subscribe("t/s", (view) => {
        views++
        named += view.people.length + view.insights.filter((i) => i.who.length > 0).length
        check(view, consenting, anonymised, names)
      })
      for (const activity of activities) {
        clock.advanceTo(activity.at)
        if (activity.type === "consent") activity.given ? consenting.add(activity.userId) : consenting.delete(activity.userId)
        if (activity.type === "anonymised") anonymised = activity.on
        if (activity.type === "joined") names.set(activity.userId, activity.name)
        engine.apply("t/s", activity)
      }
      engine.stop()
      const retrospective = engine.retrospective("t/s")
      if (retrospective === undefined || retrospective === "open") throw new Error("the session ended but has no retrospective")
      check({ insights: retrospective.moments, people: retrospective.people, anonymised: retrospective.anonymised }, consenting, anonymised, names)
      expect(views).toBeGreaterThan(1)
    }
    expect(named).toBeGreaterThan(0)
  })
})
