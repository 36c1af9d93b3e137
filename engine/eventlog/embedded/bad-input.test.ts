import { Cause, Effect, Exit } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makeAddress, type Address } from "../../address.ts"
import type { AppendRequest, EventLog } from "../port.ts"
import { openEmbeddedLog } from "./embedded-log.ts"
import { freshDir, removeDir } from "./testing/test-dirs.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
let dir: string
let log: EventLog

beforeEach(async () => {
  dir = await freshDir("embedded-bad-input")
  log = await openEmbeddedLog({ dir })
})
afterEach(async () => {
  await run(log.close())
  await removeDir(dir)
})

const request = (addr: Address, overrides: Partial<AppendRequest> = {}): AppendRequest => ({
  addr,
  expectedSeq: 0,
  events: [{ ok: true }],
  by: "u1",
  at: 1,
  commandKey: "u1:1",
  ...overrides,
})

/** The defect message when `effect` dies; fails the test when it does anything else. */
const defectOf = async (effect: Effect.Effect<unknown, unknown>): Promise<string> => {
  const exit = await Effect.runPromiseExit(effect)
  if (!Exit.isFailure(exit) || !Cause.hasDies(exit.cause)) throw new Error(`expected a defect, got ${String(exit)}`)
  return String(Cause.squash(exit.cause))
}

describe("bad input to the embedded log", () => {
  it("refuses names that could escape the log's files, and appends nothing", async () => {
    const escaping = { tenant: "t1", kind: "canvas", id: "../../etc" }
    expect(await defectOf(log.append(request(escaping)))).toContain("id")
    expect(await defectOf(log.loadSnapshot(escaping))).toContain("id")
    expect(await defectOf(log.saveSnapshot(escaping, { seq: 1, state: new Uint8Array() }))).toContain("id")
    expect(await run(log.headPosition())).toBe(0)
  })

  it("checks an address object again when its fields were replaced", async () => {
    const addr = { ...makeAddress("t1", "canvas", "fine") } as { tenant: string; kind: string; id: string }
    await run(log.append(request(addr)))
    addr.id = "not/fine"
    expect(await defectOf(log.append(request(addr, { expectedSeq: 1 })))).toContain("not/fine")
  })

  it("refuses a bad expected sequence", async () => {
    const addr = makeAddress("t1", "canvas", "seq")
    for (const expectedSeq of [-1, 1.5, Number.NaN]) expect(await defectOf(log.append(request(addr, { expectedSeq })))).toContain("expectedSeq")
  })

  it("refuses events that cannot be serialised without disturbing the appends around them", async () => {
    const addr = makeAddress("t1", "canvas", "serialise")
    const before = run(log.append(request(addr)))
    expect(await defectOf(log.append(request(addr, { expectedSeq: 1, events: [{ huge: 10n ** 40n }] })))).not.toBe("")
    const after = run(log.append(request(addr, { expectedSeq: 1, events: [{ ok: 2 }] })))
    expect(await Promise.all([before, after])).toEqual([
      { firstSeq: 1, lastSeq: 1, position: 1 },
      { firstSeq: 2, lastSeq: 2, position: 2 },
    ])
    expect((await run(log.readStream(addr, 0))).flatMap((commit) => commit.events)).toEqual([{ ok: true }, { ok: 2 }])
  })

  it("refuses a snapshot without a valid sequence", async () => {
    const addr = makeAddress("t1", "canvas", "snap")
    expect(await defectOf(log.saveSnapshot(addr, { seq: -1, state: new Uint8Array([1]) }))).toContain("seq")
    expect(await run(log.loadSnapshot(addr))).toBeUndefined()
  })

  it("treats a stale expectation as a typed failure, not a defect", async () => {
    const addr = makeAddress("t1", "canvas", "typed")
    await run(log.append(request(addr)))
    const exit = await Effect.runPromiseExit(log.append(request(addr)))
    expect(Exit.isFailure(exit) && Cause.hasFails(exit.cause)).toBe(true)
  })
})
