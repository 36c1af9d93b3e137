import { expect, it } from "vitest"
import { testAddress } from "../../engine/testing/context.ts"
import { exploreDecider } from "../../engine/testing/decider-property.ts"
import { sessionKind, SessionEvent } from "./index.ts"
import { build, invariant, recipe } from "./testing/arbitrary.ts"

it("random command sequences never break evolve or the invariants, and every event reads back through the event schema", () => {
  const stats = exploreDecider(sessionKind, { addr: testAddress("session"), recipe, build, invariant, numRuns: 300, maxSteps: 80 })
  const everyEventType = SessionEvent.members.map((member) => member.fields.type.literal).sort()
  expect(Object.keys(stats.eventCounts).sort()).toEqual(everyEventType)
  expect(stats.refusedBySchema).toBeGreaterThan(0)
  expect(stats.rejected).toBeGreaterThan(0)
})
