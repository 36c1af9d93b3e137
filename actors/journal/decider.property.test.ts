import { expect, it } from "vitest"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import { exploreDecider } from "../../engine/testing/decider-property.ts"
import { JournalEvent, journalKind } from "./index.ts"
import { build, invariant, recipe } from "./testing/arbitrary.ts"

it("random command sequences never break evolve and every event reads back through the event schema", () => {
  const stats = exploreDecider(journalKind, { addr: testAddress("journal", "user-1"), recipe, build, invariant, numRuns: 300 })
  expect(Object.keys(stats.eventCounts).sort()).toEqual(JournalEvent.members.map((member) => member.fields.type.literal).sort())
  expect(stats.refusedBySchema).toBeGreaterThan(0)
  expect(stats.rejected).toBeGreaterThan(0)
})
