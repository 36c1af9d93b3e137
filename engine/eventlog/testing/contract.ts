/**
 * The one contract every event log adapter passes. An adapter's test file
 * calls `eventLogContract` with a factory that opens a log on fresh storage
 * and can reopen the same storage (as a restarted process would).
 */
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { makeAddress, type Address } from "../../address.ts"
import { WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, EventLog } from "../port.ts"

export interface LogFixture {
  /** Opens a log on fresh, empty storage. */
  open(): Promise<EventLog>
  /** Opens another log on the storage of the last `open()`: a restart. */
  reopen(): Promise<EventLog>
  /** Removes the storage; called once per test. */
  cleanup(): Promise<void>
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const exitOf = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromiseExit(effect)

let counter = 0
const freshAddr = (kind = "canvas", tenant = "t1"): Address => makeAddress(tenant, kind, `c${Date.now().toString(36)}${counter++}`)

const request = (addr: Address, expectedSeq: number, events: unknown[], key = `u1:${counter++}`): AppendRequest => ({
  addr,
  expectedSeq,
  events,
  by: "u1",
  at: 1_700_000_000_000,
  commandKey: key,
})

export const eventLogContract = (adapter: string, makeFixture: () => LogFixture) => {
  describe(`event log contract: ${adapter}`, () => {
    const withLog = (body: (log: EventLog, fixture: LogFixture) => Promise<void>) => async () => {
      const fixture = makeFixture()
      const log = await fixture.open()
      try {
        await body(log, fixture)
      } finally {
        await run(log.close())
        await fixture.cleanup()
      }
    }

    it(
      "numbers a new actor's events from 1, contiguous within a commit",
      withLog(async (log) => {
        const addr = freshAddr()
        const first = await run(log.append(request(addr, 0, [{ type: "created" }])))
        expect(first).toMatchObject({ firstSeq: 1, lastSeq: 1 })
        const second = await run(log.append(request(addr, 1, [{ type: "a" }, { type: "b" }, { type: "c" }])))
        expect(second).toMatchObject({ firstSeq: 2, lastSeq: 4 })
        expect(second.position).toBeGreaterThan(first.position)
        expect(await run(log.lastSeq(addr))).toBe(4)
      }),
    )

    it(
      "refuses an append whose expected sequence is stale, and appends nothing",
      withLog(async (log) => {
        const addr = freshAddr()
        await run(log.append(request(addr, 0, [{ type: "created" }])))
        await run(log.append(request(addr, 1, [{ type: "moved" }])))
        for (const stale of [0, 1, 5]) {
          const exit = await exitOf(log.append(request(addr, stale, [{ type: "intruder" }])))
          expect(Exit.isFailure(exit)).toBe(true)
          if (Exit.isFailure(exit)) expect(String(exit.cause)).toContain("WrongExpectedSequence")
        }
        const commits = await run(log.readStream(addr, 0))
        expect(commits.flatMap((c) => c.events)).toEqual([{ type: "created" }, { type: "moved" }])
      }),
    )

    it(
      "lets exactly one of two racing writers with the same expectation win",
      withLog(async (log) => {
        const addr = freshAddr()
        await run(log.append(request(addr, 0, [{ type: "created" }])))
        const exits = await Promise.all([
          exitOf(log.append(request(addr, 1, [{ type: "from-a" }]))),
          exitOf(log.append(request(addr, 1, [{ type: "from-b" }]))),
        ])
        expect(exits.filter(Exit.isSuccess)).toHaveLength(1)
        const failure = exits.find(Exit.isFailure)
        expect(failure && String(failure.cause)).toContain("WrongExpectedSequence")
        expect(await run(log.lastSeq(addr))).toBe(2)
      }),
    )

    it(
      "reads a stream from any sequence, whole commits in order",
      withLog(async (log) => {
        const addr = freshAddr()
        await run(log.append(request(addr, 0, [{ n: 1 }, { n: 2 }])))
        await run(log.append(request(addr, 2, [{ n: 3 }])))
        await run(log.append(request(addr, 3, [{ n: 4 }, { n: 5 }])))
        const all = await run(log.readStream(addr, 0))
        expect(all.map((c) => c.firstSeq)).toEqual([1, 3, 4])
        const tail = await run(log.readStream(addr, 3))
        expect(tail.map((c) => c.firstSeq)).toEqual([4])
        const mid = await run(log.readStream(addr, 1))
        expect(mid.map((c) => c.firstSeq)).toEqual([1, 3, 4])
        expect(await run(log.readStream(addr, 5))).toEqual([])
        expect(await run(log.readStream(freshAddr(), 0))).toEqual([])
        expect(await run(log.lastSeq(freshAddr()))).toBe(0)
      }),
    )

    it(
      "keeps commit metadata and event data exactly as appended",
      withLog(async (log) => {
        const addr = freshAddr()
        const event = {
          type: "noted",
          text: "Pause. Breathe. ✨ 你好",
          nested: { list: [1, 2.5, -3, null, true, "x"], empty: {} },
          big: 2 ** 40,
        }
        await run(log.append({ addr, expectedSeq: 0, events: [event], by: "user-7", at: 1_234_567_890_123, commandKey: "user-7:op-1" }))
        const [commit] = await run(log.readStream(addr, 0))
        expect(commit).toMatchObject({ addr, firstSeq: 1, by: "user-7", at: 1_234_567_890_123, commandKey: "user-7:op-1" })
        expect(commit!.events).toEqual([event])
      }),
    )

    it(
      "separates tenants that use the same kind and id",
      withLog(async (log) => {
        const a = freshAddr("journal", "tenant-a")
        const b = makeAddress("tenant-b", a.kind, a.id)
        await run(log.append(request(a, 0, [{ owner: "a" }])))
        await run(log.append(request(b, 0, [{ owner: "b" }])))
        expect((await run(log.readStream(a, 0))).flatMap((c) => c.events)).toEqual([{ owner: "a" }])
        expect((await run(log.readStream(b, 0))).flatMap((c) => c.events)).toEqual([{ owner: "b" }])
      }),
    )

    it(
      "reads all actors in global order, in pages",
      withLog(async (log) => {
        const start = await run(log.headPosition())
        const addrs = [freshAddr(), freshAddr("session"), freshAddr("journal")]
        const appended: Array<{ key: string; position: number }> = []
        for (let round = 0; round < 4; round++) {
          for (const addr of addrs) {
            const result = await run(log.append(request(addr, round, [{ round }])))
            appended.push({ key: `${addr.kind}/${addr.id}#${round}`, position: result.position })
          }
        }
        expect(await run(log.headPosition())).toBe(appended.at(-1)!.position)
        const seen: Array<{ key: string; position: number }> = []
        let after = start
        for (;;) {
          const page = await run(log.readAll(after, 5))
          expect(page.length).toBeLessThanOrEqual(5)
          if (page.length === 0) break
          for (const c of page) seen.push({ key: `${c.addr.kind}/${c.addr.id}#${(c.events[0] as { round: number }).round}`, position: c.position })
          after = page.at(-1)!.position
        }
        expect(seen).toEqual(appended)
      }),
    )

    it(
      "makes many concurrent appends to many actors durable across a reopen",
      withLog(async (log, fixture) => {
        const addrs = Array.from({ length: 50 }, () => freshAddr())
        await Promise.all(
          addrs.map(async (addr) => {
            for (let seq = 0; seq < 10; seq++) await run(log.append(request(addr, seq, [{ seq: seq + 1 }])))
          }),
        )
        await run(log.close())
        const reopened = await fixture.reopen()
        try {
          for (const addr of addrs) {
            expect(await run(reopened.lastSeq(addr))).toBe(10)
            const events = (await run(reopened.readStream(addr, 0))).flatMap((c) => c.events)
            expect(events).toEqual(Array.from({ length: 10 }, (_, i) => ({ seq: i + 1 })))
          }
          // The reopened log continues the same streams.
          const next = await run(reopened.append(request(addrs[0]!, 10, [{ seq: 11 }])))
          expect(next.firstSeq).toBe(11)
        } finally {
          await run(reopened.close())
        }
      }),
    )

    it(
      "stores and returns the latest snapshot per actor, surviving a reopen",
      withLog(async (log, fixture) => {
        const addr = freshAddr()
        expect(await run(log.loadSnapshot(addr))).toBeUndefined()
        await run(log.saveSnapshot(addr, { seq: 3, state: new Uint8Array([1, 2, 3]) }))
        await run(log.saveSnapshot(addr, { seq: 7, state: new Uint8Array([7, 7]) }))
        const other = makeAddress("t2", addr.kind, addr.id)
        expect(await run(log.loadSnapshot(other))).toBeUndefined()
        await run(log.close())
        const reopened = await fixture.reopen()
        try {
          const snapshot = await run(reopened.loadSnapshot(addr))
          expect(snapshot?.seq).toBe(7)
          expect(Array.from(snapshot!.state)).toEqual([7, 7])
        } finally {
          await run(reopened.close())
        }
      }),
    )

    it(
      "refuses an append with no events",
      withLog(async (log) => {
        const exit = await exitOf(log.append(request(freshAddr(), 0, [])))
        expect(Exit.isFailure(exit)).toBe(true)
      }),
    )
  })
}

export { WrongExpectedSequence }
