import { connect, type NatsConnection } from "@nats-io/transport-node"
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream"
import { Cause, Effect, Exit } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAddress } from "../../address.ts"
import { LogUnavailable, WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, EventLog } from "../port.ts"
import { openJetStreamLog } from "./jetstream-log.ts"
import { deleteStreams, NATS_TEST_URL, shouldSkipJetStream, uniqueNames } from "./testing/nats-test-support.ts"

const skip = await shouldSkipJetStream()
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const failureOf = async <A, E>(effect: Effect.Effect<A, E>): Promise<unknown> => {
  const exit = await Effect.runPromiseExit(effect)
  return Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
}

let n = 0
const request = (id: string, expectedSeq: number, events: unknown[], commandKey = `u1:op-${n++}`): AppendRequest => ({
  addr: makeAddress("t1", "canvas", id),
  expectedSeq,
  events,
  by: "u1",
  at: 1_700_000_000_000,
  commandKey,
})

describe.skipIf(skip)("how the JetStream log lays commits out in the stream", () => {
  const names = uniqueNames("wire")
  let log: EventLog
  let nc: NatsConnection
  let jsm: JetStreamManager
  beforeAll(async () => {
    log = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
    nc = await connect({ servers: NATS_TEST_URL })
    jsm = await jetstreamManager(nc)
  })
  afterAll(async () => {
    await run(log.close())
    await nc.close()
    await deleteStreams(names)
  })

  it("stores one message per commit on <prefix>.<tenant>.<kind>.<id>, with its first seq, count and guards in headers", async () => {
    await run(log.append(request("layout", 0, [{ a: 1 }])))
    const result = await run(log.append(request("layout", 1, [{ b: 1 }, { b: 2 }, { b: 3 }], "u1:layout-2")))
    const stored = await jsm.streams.getMessage(names.stream, { seq: result.position })
    expect(stored?.subject).toBe(`${names.subjectPrefix}.t1.canvas.layout`)
    expect(stored?.header.get("Ev-First-Seq")).toBe("2")
    expect(stored?.header.get("Ev-Count")).toBe("3")
    expect(stored?.header.get("Nats-Msg-Id")).toBe("t1.canvas.layout/u1:layout-2")
    expect(stored?.header.get("Nats-Expected-Last-Subject-Sequence")).toBe(String(result.position - 1))
    expect((await jsm.streams.info(names.stream)).config.storage).toBe("file")
  })

  it("answers a retried append whose first attempt was stored with the first result, and stores nothing more", async () => {
    await run(log.append(request("retry", 0, [{ x: 1 }], "u1:retry-1")))
    const created = await run(log.append(request("retry-new", 0, [{ x: 1 }], "u1:retry-new")))
    const second = await run(log.append(request("retry", 1, [{ y: 1 }, { y: 2 }], "u1:retry-2")))
    const head = await run(log.headPosition())
    // Same log (its cache knows the tail moved on), and a fresh connection that knows nothing.
    const fresh = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
    try {
      expect(await run(log.append(request("retry", 1, [{ y: 1 }, { y: 2 }], "u1:retry-2")))).toEqual(second)
      expect(await run(fresh.append(request("retry", 1, [{ y: 1 }, { y: 2 }], "u1:retry-2")))).toEqual(second)
      // Unknown to the fresh log, a new actor's retry reaches the server, which recognises its Nats-Msg-Id.
      expect(await run(fresh.append(request("retry-new", 0, [{ x: 1 }], "u1:retry-new")))).toEqual(created)
    } finally {
      await run(fresh.close())
    }
    expect(await run(log.headPosition())).toBe(head)
    // Only the very command is recognised: another one with the stale expectation is refused.
    expect(await failureOf(log.append(request("retry", 1, [{ y: 1 }, { y: 2 }], "u1:retry-other")))).toBeInstanceOf(WrongExpectedSequence)
  })

  it("lets one actor's back-to-back appends, issued before the first is acknowledged, succeed in order", async () => {
    const burst = Array.from({ length: 20 }, (_, i) =>
      run(
        log.append(
          request("burst", i * 2, [
            { i, k: 0 },
            { i, k: 1 },
          ]),
        ),
      ),
    )
    expect((await Promise.all(burst)).map((r) => r.firstSeq)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2 + 1))
    const events = (await run(log.readStream(makeAddress("t1", "canvas", "burst"), 0))).flatMap((c) => c.events)
    expect(events).toEqual(Array.from({ length: 40 }, (_, n) => ({ i: Math.floor(n / 2), k: n % 2 })))
  })

  it("refuses a commit or snapshot larger than a NATS message with LogUnavailable, and keeps what was there", async () => {
    const huge = "x".repeat((nc.info?.max_payload ?? 1_048_576) + 10)
    const head = await run(log.headPosition())
    const tooLarge = await failureOf(log.append(request("large", 0, [{ huge }])))
    expect(tooLarge).toBeInstanceOf(LogUnavailable)
    expect(await run(log.headPosition())).toBe(head)
    expect(await run(log.lastSeq(makeAddress("t1", "canvas", "large")))).toBe(0)

    const addr = makeAddress("t1", "canvas", "large")
    await run(log.saveSnapshot(addr, { seq: 1, state: new Uint8Array([1]) }))
    const refused = await failureOf(log.saveSnapshot(addr, { seq: 2, state: new TextEncoder().encode(huge) }))
    expect(refused).toBeInstanceOf(LogUnavailable)
    expect((refused as LogUnavailable).message).toContain("max_payload")
    expect((await run(log.loadSnapshot(addr)))?.seq).toBe(1)
  })

  it("refuses a malformed append as a defect before anything is sent", async () => {
    const head = await run(log.headPosition())
    for (const bad of [request("bad", 0, []), request("bad", -1, [{}]), request("bad", 0, [{}], "two\nlines")]) {
      const exit = await Effect.runPromiseExit(log.append(bad))
      expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause)).toBe(true)
    }
    expect(await run(log.headPosition())).toBe(head)
  })
})
