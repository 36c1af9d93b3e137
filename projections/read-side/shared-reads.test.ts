/**
 * Shared reads as a property: several readers at their own positions, reads
 * in parallel, appends in between; every answer is what the log itself holds
 * right after that position (a prefix of it, never empty while the log has
 * more), and readers following together mostly share fetches.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { openMemoryLog } from "../../engine/eventlog/memory/memory-log.ts"
import { makeRandom, testSeed } from "../testing/random.ts"
import { sharedReads } from "./shared-reads.ts"

describe("shared reads", () => {
  it("answer every reader exactly what the log holds after its position, with fewer fetches than reads", async () => {
    const random = makeRandom(testSeed("shared reads"))
    const log = openMemoryLog()
    const shared = sharedReads(log, 300)
    const seqs = new Map<string, number>()
    const append = async () => {
      const id = `a${random.int(40)}`
      const seq = seqs.get(id) ?? 0
      await Effect.runPromise(log.append({ addr: makeAddress("t", "session", id), expectedSeq: seq, by: "u", at: 0, commandKey: `u:${id}:${seq}`, events: [{ type: "noted", n: seq }] }))
      seqs.set(id, seq + 1)
    }
    const positions = Array.from({ length: 5 }, () => 0)
    let reads = 0
    for (let round = 0; round < 400; round++) {
      const appends = random.int(30)
      for (let i = 0; i < appends; i++) await append()
      // A lagging reader now and then starts over, as a rebuild does.
      if (random.chance(0.02)) positions[random.int(positions.length)] = 0
      const limits = positions.map(() => 1 + random.int(random.chance(0.5) ? 50 : 1000))
      const answers = await Promise.all(positions.map((after, i) => Effect.runPromise(shared.readAll(after, limits[i]!))))
      for (const [i, answer] of answers.entries()) {
        reads++
        const after = positions[i]!
        const truth: readonly Commit[] = await Effect.runPromise(log.readAll(after, Math.max(answer.length, 1)))
        expect(answer.length).toBeLessThanOrEqual(limits[i]!)
        if (truth.length > 0) expect(answer.length).toBeGreaterThan(0)
        expect(answer.map((c) => c.position)).toEqual(truth.slice(0, answer.length).map((c) => c.position))
        expect(answer).toEqual(truth.slice(0, answer.length))
        positions[i] = answer.at(-1)?.position ?? after
      }
    }
    expect(shared.stats().fetched).toBeLessThan(reads / 2)
  })

  it("passes a failing log's error through and fetches again next time", async () => {
    let fail = true
    const log = openMemoryLog()
    const flaky = { headPosition: () => log.headPosition(), readAll: (after: number, limit: number) => (fail ? Effect.fail({ _tag: "LogUnavailable", message: "down" } as never) : log.readAll(after, limit)) }
    const shared = sharedReads(flaky)
    const failed = await Effect.runPromise(Effect.result(shared.readAll(0, 10)))
    expect(failed._tag).toBe("Failure")
    fail = false
    expect(await Effect.runPromise(shared.readAll(0, 10))).toEqual([])
  })
})
