import { Effect } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { openEmbeddedLog } from "../embedded/embedded-log.ts"
import { freshDir, removeDir } from "../embedded/testing/test-dirs.ts"
import type { EventLog } from "../port.ts"
import { crashStream, crashStreams, crashValue } from "./testing/crash-streams.ts"
import { collectAcks, verifyAcks, type Acks } from "./testing/verify-acks.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
let dir: string
let log: EventLog

beforeEach(async () => {
  dir = await freshDir("verify-acks")
  log = await openEmbeddedLog({ dir })
  for (let seq = 0; seq < 3; seq++) {
    await run(
      log.append({
        addr: crashStream(0),
        expectedSeq: seq,
        events: [{ value: crashValue("x", seq + 1) }],
        by: "crash",
        at: 1,
        commandKey: `k${seq}`,
      }),
    )
  }
})
afterEach(async () => {
  await run(log.close())
  await removeDir(dir)
})

const check = (acks: Acks) => verifyAcks(log, crashStreams(), acks, { gapFreePositions: true, fromPosition: 0 })

describe("the crash check itself", () => {
  it("passes a log holding every acknowledged event", async () => {
    const acks: Acks = new Map()
    expect(collectAcks(acks, `s0 1 ${crashValue("x", 1)}\ns0 2 ${crashValue("x", 2)}\ns0 3 cut-by-the-kil`)).toBe(2)
    expect((await check(acks)).problems).toEqual([])
  })

  it("reports an acknowledged event that is missing or has another value", async () => {
    const acks: Acks = new Map()
    collectAcks(acks, `s0 4 ${crashValue("x", 4)}\ns0 2 wrong\n`)
    const { problems } = await check(acks)
    expect(problems.join("\n")).toContain("acknowledged seq 4")
    expect(problems.join("\n")).toContain("acknowledged seq 2 = wrong")
  })

  it("refuses contradictory acks for the same sequence", () => {
    const acks: Acks = new Map()
    expect(() => collectAcks(acks, "s0 1 a\ns0 1 b\n")).toThrow(/twice/)
  })
})
