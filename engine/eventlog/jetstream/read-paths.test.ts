import { connect } from "@nats-io/transport-node"
import { jetstreamManager } from "@nats-io/jetstream"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAddress, type Address } from "../../address.ts"
import { testRandom } from "../../testing/random.ts"
import type { Commit, EventLog } from "../port.ts"
import { openJetStreamLog } from "./jetstream-log.ts"
import { subjectOf } from "./commit-codec.ts"
import { seekFirstCommitAfter } from "./seek.ts"
import { deleteStreams, NATS_TEST_URL, shouldSkipJetStream, uniqueNames } from "./testing/nats-test-support.ts"

const skip = await shouldSkipJetStream()
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

/** Seeded, so a failing history can be replayed (the seed is printed). */
let random: () => number

let ops = 0
const appendTo = (log: EventLog, addr: Address, expectedSeq: number, count: number) =>
  run(
    log.append({
      addr,
      expectedSeq,
      events: Array.from({ length: count }, (_, i) => ({ n: expectedSeq + i + 1 })),
      by: "u1",
      at: 0,
      commandKey: `u1:${ops++}`,
    }),
  )

const lastSeqOf = (c: Commit) => c.firstSeq + c.events.length - 1

describe.skipIf(skip)("reading back from the JetStream log", () => {
  const names = uniqueNames("reads")
  let log: EventLog
  const actor = makeAddress("t1", "journal", "long")
  const neighbour = makeAddress("t1", "journal", "neighbour")
  let actorLastSeq = 0

  beforeAll(async () => {
    random = testRandom("read paths").next
    log = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
    // A long history of 1-3 event commits, interleaved with another actor's, so its stream sequences have holes.
    let neighbourSeq = 0
    for (let i = 0; i < 300; i++) {
      actorLastSeq = (await appendTo(log, actor, actorLastSeq, 1 + Math.floor(random() * 3))).lastSeq
      for (let k = Math.floor(random() * 3); k > 0; k--) neighbourSeq = (await appendTo(log, neighbour, neighbourSeq, 1)).lastSeq
    }
  })
  afterAll(async () => {
    await run(log.close())
    await deleteStreams(names)
  })

  it("returns exactly the commits holding an event after any afterSeq, whether it scans or seeks past a snapshot", async () => {
    const all = await run(log.readStream(actor, 0))
    expect(all.flatMap((c) => c.events)).toEqual(Array.from({ length: actorLastSeq }, (_, i) => ({ n: i + 1 })))
    const probes = [1, 2, 127, 128, 129, 200, actorLastSeq - 1, actorLastSeq, actorLastSeq + 5]
    for (let i = 0; i < 25; i++) probes.push(Math.floor(random() * actorLastSeq))
    for (const afterSeq of probes) {
      const commits = await run(log.readStream(actor, afterSeq))
      expect(commits, `afterSeq ${afterSeq}`).toEqual(all.filter((c) => lastSeqOf(c) > afterSeq))
    }
  })

  it("seeks to just past the commit before the first one holding an event after afterSeq", async () => {
    const all = await run(log.readStream(actor, 0))
    const nc = await connect({ servers: NATS_TEST_URL })
    try {
      const jsm = await jetstreamManager(nc)
      const subject = subjectOf(names.subjectPrefix, actor)
      for (const afterSeq of [0, 1, 64, 128, 300, actorLastSeq - 1, Math.floor(random() * actorLastSeq)]) {
        const wanted = all.findIndex((c) => lastSeqOf(c) > afterSeq)
        const start = await seekFirstCommitAfter(jsm, { stream: names.stream, subject, afterSeq, knownAfter: all.at(-1)!.position })
        expect(start, `afterSeq ${afterSeq}`).toBeLessThanOrEqual(all[wanted]!.position)
        expect(start, `afterSeq ${afterSeq}`).toBeGreaterThan(wanted === 0 ? 0 : all[wanted - 1]!.position)
      }
    } finally {
      await nc.close()
    }
  })

  it("pages through every commit in position order, beyond one pull's worth", async () => {
    const many = Array.from({ length: 40 }, (_, i) => makeAddress("t2", "canvas", `c${i}`))
    await Promise.all(
      many.map(async (addr) => {
        for (let seq = 0; seq < 125; seq++) await appendTo(log, addr, seq, 1)
      }),
    )
    const head = await run(log.headPosition())
    expect(head).toBeGreaterThan(5_000)

    const page = await run(log.readAll(0, 5_000))
    expect(page.map((c) => c.position)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1))
    const rest = await run(log.readAll(5_000, 100_000))
    expect(rest.map((c) => c.position)).toEqual(Array.from({ length: head - 5_000 }, (_, i) => 5_001 + i))
    expect(rest.at(-1)).toMatchObject({ addr: expect.objectContaining({ tenant: "t2" }) })

    expect(await run(log.readAll(head, 10))).toEqual([])
    expect(await run(log.readAll(head + 100, 10))).toEqual([])
    expect(await run(log.readAll(0, 0))).toEqual([])
  })
})
