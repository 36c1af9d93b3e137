import { describe, expect, it } from "vitest"
import { InvalidScheduleError, runOpenLoop } from "./open-loop.ts"

/** A clock that only moves when the loop sleeps, or when a fired operation "blocks" for a while. */
const fakeClock = () => {
  let now = 0
  return {
    now: () => now,
    sleep: async (ms: number) => void (now += Math.max(ms, 0.001)),
    block: (ms: number) => void (now += ms),
  }
}

describe("open-loop pacing", () => {
  it("fires rate x duration operations, each stamped with its own scheduled time", async () => {
    const clock = fakeClock()
    const stamps: number[] = []
    const result = await runOpenLoop({
      ratePerSecond: 100,
      durationMs: 1000,
      fire: (_i, at) => void stamps.push(at),
      now: clock.now,
      sleep: clock.sleep,
    })
    expect(result.scheduled).toBe(100)
    expect(result.sent).toBe(100)
    expect(stamps).toEqual(Array.from({ length: 100 }, (_, i) => i * 10))
  })

  it("keeps the schedule when sending blocks: overdue operations go out at once with their original times", async () => {
    const clock = fakeClock()
    const fired: Array<{ i: number; at: number; firedAt: number }> = []
    // Operation 10 blocks the generator for 500 ms (say, a stalled server's socket).
    const result = await runOpenLoop({
      ratePerSecond: 100,
      durationMs: 1000,
      fire: (i, at) => {
        fired.push({ i, at, firedAt: clock.now() })
        if (i === 10) clock.block(500)
      },
      now: clock.now,
      sleep: clock.sleep,
    })
    expect(result.sent).toBe(100)
    // The 50 operations due during the block are not dropped or shifted: each keeps its slot.
    expect(fired.map((f) => f.at)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10))
    const late = fired.filter((f) => f.i > 10 && f.i <= 60)
    expect(late.every((f) => f.firedAt >= 600 && f.firedAt < 601)).toBe(true)
    // The generator's own lateness is recorded, so a reader can tell who was slow.
    expect(result.sendLag.maxValue / 1000).toBeGreaterThanOrEqual(490)
  })

  it("refuses a schedule with no rate or no duration", async () => {
    const fire = () => undefined
    await expect(runOpenLoop({ ratePerSecond: 0, durationMs: 1000, fire })).rejects.toBeInstanceOf(InvalidScheduleError)
    await expect(runOpenLoop({ ratePerSecond: Number.NaN, durationMs: 1000, fire })).rejects.toBeInstanceOf(InvalidScheduleError)
    await expect(runOpenLoop({ ratePerSecond: 10, durationMs: -1, fire })).rejects.toBeInstanceOf(InvalidScheduleError)
  })
})
