import { describe } from "vitest"
import { eventLogContract } from "../contract.ts"
import { jetStreamFixture, shouldSkipJetStream } from "./nats-test-support.ts"

const skip = await shouldSkipJetStream()

describe.skipIf(skip)("jetstream event log", () => {
  eventLogContract("jetstream", () => jetStreamFixture("contract"))
})
