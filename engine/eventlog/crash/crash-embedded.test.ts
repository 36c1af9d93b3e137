import { describe, expect, it } from "vitest"
import { openEmbeddedLog } from "../embedded/embedded-log.ts"
import { freshDir, removeDir } from "../embedded/testing/test-dirs.ts"
import { runCrashRounds } from "./testing/crash-rounds.ts"

describe("embedded log under SIGKILL", () => {
  it("keeps every acknowledged event exactly once, with gap-free sequences, across 20 kills", async () => {
    const dir = await freshDir("crash-embedded")
    const recoveries: string[] = []
    try {
      const report = await runCrashRounds({
        log: "embedded",
        rounds: 20,
        childEnv: { CRASH_LOG: "embedded", CRASH_DIR: dir },
        openLog: () => openEmbeddedLog({ dir, warn: (line) => recoveries.push(line) }),
        gapFreePositions: true,
      })
      console.log(
        `crash test (embedded): ${report.acknowledged} acknowledged events, ${report.eventsInLog} in the log, ${recoveries.length} tail repairs`,
      )
      expect(report.problems).toEqual([])
      expect(report.acknowledged).toBeGreaterThan(0)
      expect(report.eventsInLog).toBeGreaterThanOrEqual(report.acknowledged)
    } finally {
      await removeDir(dir)
    }
  }, 90_000)
})
