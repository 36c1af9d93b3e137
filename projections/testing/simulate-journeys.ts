/**
 * The simulation's journey steps: facilitators and admins create journeys
 * (from a template, a plan or nothing), owners and admins publish new
 * versions and archive or restore them, and a participant now and then
 * tries to plan one and is refused.
 */
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { EMPTY_PLAN, JOURNEY_KIND, JOURNEY_TEMPLATES, journeyKind, PHASES, type JourneyState, type Plan } from "../../actors/journey/index.ts"
import type { Driver } from "./driver.ts"
import type { Random } from "../../engine/random.ts"

/** A plan mixed from the templates' phases, so counts per phase vary. */
const mixedPlan = (r: Random): Plan =>
  Object.fromEntries(PHASES.map((phase) => [phase, r.chance(0.2) ? [] : r.pick(JOURNEY_TEMPLATES).plan[phase]])) as unknown as Plan

export const journeyStep = (driver: Driver, r: Random, tenant: string, people: readonly User[], words: readonly string[]) => {
  const planners = people.filter((u) => u.roles.includes("facilitator") || u.roles.includes("admin"))
  const keys = driver.keys(tenant, JOURNEY_KIND)
  const send = (id: string, user: User, command: object) => driver.send(journeyKind, makeAddress(tenant, JOURNEY_KIND, id), user, command)
  if (keys.length === 0 || r.chance(0.2)) {
    const id = `j${driver.nextId()}`
    const title = `${r.pick(words)} journey`
    const choice = r.int(4)
    const who = r.chance(0.1) ? r.pick(people) : r.pick(planners)
    if (choice === 0) return send(id, who, { type: "create", title, templateId: r.pick(JOURNEY_TEMPLATES).templateId })
    if (choice === 1) return send(id, who, { type: "create", title, description: `About ${r.pick(words)}`, plan: mixedPlan(r) })
    if (choice === 2) return send(id, who, { type: "create", title, plan: EMPTY_PLAN })
    return send(id, who, { type: "create", title })
  }
  const id = r.pick(keys).split(".")[2]!
  const state = driver.state<JourneyState>(makeAddress(tenant, JOURNEY_KIND, id))!
  const owner = people.find((u) => u.id === state.ownerId)
  // The owner or an admin mostly; sometimes another planner, whom the actor refuses.
  const who = r.chance(0.85) && owner ? owner : r.pick(planners)
  const choice = r.int(10)
  if (choice < 6) {
    const changes = [
      r.chance(0.5) ? { title: `${r.pick(words)} ${r.pick(words)}` } : {},
      r.chance(0.3) ? { description: `Now about ${r.pick(words)}` } : {},
      r.chance(0.6) ? { plan: mixedPlan(r) } : {},
    ]
    return send(id, who, { type: "revise", ...Object.assign({}, ...changes), ...(r.chance(0.3) ? { note: "tidied" } : {}) })
  }
  if (choice < 8) return send(id, who, { type: "archive" })
  return send(id, who, { type: "restore" })
}
