import { describe } from "vitest"
import { eventLogContract } from "../testing/contract.ts"
import { jetStreamFixture, shouldSkipJetStream } from "./testing/nats-test-support.ts"

const skip = await shouldSkipJetStream()

describe.skipIf(skip)("jetstream event log", () => {
  eventLogContract("jetstream", () => jetStreamFixture("contract"))
})
