/** The `journey/<id>` actor kind: a versioned plan of a session, read and planned by facilitators and admins. */
import { defineActorKind } from "../../engine/actor-kind.ts"
import { decideJourney, evolveJourney, initialJourney, type JourneyState } from "./decider.ts"
import { JourneyCommand, JourneyEvent } from "./protocol.ts"
import { mayReadJourney } from "./rules.ts"

export const JOURNEY_KIND = "journey"

export const journeyKind = defineActorKind<JourneyState, JourneyCommand, JourneyEvent>({
  kind: JOURNEY_KIND,
  commandSchema: JourneyCommand,
  eventSchema: JourneyEvent,
  initialState: initialJourney,
  decide: decideJourney,
  evolve: evolveJourney,
  canRead: (state, user) => state.status !== "absent" && mayReadJourney(state.tenant, user),
})

export { latestVersion, type JourneyState, type JourneyVersion } from "./decider.ts"
export * from "./protocol.ts"
export { JOURNEY_TEMPLATES, journeyTemplate, type JourneyTemplate } from "./templates.ts"
