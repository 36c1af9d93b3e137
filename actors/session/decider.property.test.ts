import { expect, it } from "vitest"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import { exploreDecider } from "../../engine/testing/decider-property.ts"
import { PHASES, sessionKind } from "./index.ts"
import { build, invariant, recipe } from "./arbitrary.ts"

it("random command sequences never break evolve and every event reads back through the event schema", () => {
  const stats = exploreDecider(sessionKind, { addr: testAddress("session"), recipe, build, invariant })
  expect(Object.keys(stats.eventCounts).sort()).toEqual(
    ["created", "ended", "locked", "participantJoined", "participantLeft", "phaseAdvanced", "unlocked"],
  )
  expect(stats.refusedBySchema).toBeGreaterThan(0)
  expect(stats.rejected).toBeGreaterThan(0)
})
