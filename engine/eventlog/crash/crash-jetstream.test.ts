import { describe, expect, it } from "vitest"
import { openJetStreamLog } from "../jetstream/jetstream-log.ts"
import { deleteStreams, NATS_TEST_URL, shouldSkipJetStream, uniqueNames } from "../jetstream/testing/nats-test-support.ts"
import { runCrashRounds } from "./testing/crash-rounds.ts"

const skip = await shouldSkipJetStream()

describe.skipIf(skip)("jetstream log under SIGKILL of the writer", () => {
  it("keeps every acknowledged event exactly once, with gap-free sequences, across 20 kills", async () => {
    const { stream, subjectPrefix } = uniqueNames("crash")
    try {
      const report = await runCrashRounds({
        log: "jetstream",
        rounds: 20,
        childEnv: { CRASH_LOG: "jetstream", NATS_URL: NATS_TEST_URL, CRASH_STREAM: stream, CRASH_PREFIX: subjectPrefix },
        openLog: () => openJetStreamLog({ url: NATS_TEST_URL, stream, subjectPrefix }),
        // Positions are stream sequences; a refused or deduplicated publish takes none, so they stay gap-free too.
        gapFreePositions: true,
      })
      console.log(`crash test (jetstream): ${report.acknowledged} acknowledged events, ${report.eventsInLog} in the log`)
      expect(report.problems).toEqual([])
      expect(report.acknowledged).toBeGreaterThan(0)
      expect(report.eventsInLog).toBeGreaterThanOrEqual(report.acknowledged)
    } finally {
      await deleteStreams({ stream, snapshotBucket: `${stream}_SNAPSHOTS` })
    }
  }, 120_000)
})
