import { Cause, Effect, Exit } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makeAddress, type Address } from "../../address.ts"
import { WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, Commit, EventLog } from "../port.ts"
import { openJetStreamLog } from "./jetstream-log.ts"
import { deleteStreams, NATS_TEST_URL, shouldSkipJetStream, uniqueNames } from "./testing/nats-test-support.ts"

const skip = await shouldSkipJetStream()
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

let ops = 0
const commit = (addr: Address, expectedSeq: number, writer: string, size = 1): AppendRequest => ({
  addr,
  expectedSeq,
  events: Array.from({ length: size }, (_, i) => ({ writer, i })),
  by: writer,
  at: 1_700_000_000_000,
  commandKey: `${writer}:${ops++}`,
})

const failureOf = async <A, E>(effect: Effect.Effect<A, E>): Promise<unknown> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return undefined
  return Cause.squash(exit.cause)
}

/** Sequences run 1..n without gaps or overlaps, and every commit holds the events of one writer only. */
const expectNoInterleaving = (commits: readonly Commit[]) => {
  let next = 1
  for (const c of commits) {
    expect(c.firstSeq).toBe(next)
    const writers = new Set(c.events.map((e) => (e as { writer: string }).writer))
    expect([...writers]).toEqual([c.by])
    next += c.events.length
  }
  return next - 1
}

describe.skipIf(skip)("two writers on one JetStream stream", () => {
  const names = uniqueNames("stale")
  let writerA: EventLog
  let writerB: EventLog
  const addr = () => makeAddress("t1", "canvas", `c${ops++}`)

  beforeEach(async () => {
    writerA = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
    writerB = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
  })
  afterEach(async () => {
    await run(writerA.close())
    await run(writerB.close())
    await deleteStreams(names)
  })

  it("fails the writer whose cached view is stale, and the stream keeps only the owner's commits", async () => {
    const a = addr()
    await run(writerA.append(commit(a, 0, "A")))
    // B reads the actor (and so caches its tail at seq 1), then A moves on.
    expect((await run(writerB.readStream(a, 0))).length).toBe(1)
    await run(writerA.append(commit(a, 1, "A", 3)))

    const error = await failureOf(writerB.append(commit(a, 1, "B", 2)))
    expect(error).toBeInstanceOf(WrongExpectedSequence)
    expect((error as WrongExpectedSequence).expected).toBe(1)

    const commits = await run(writerA.readStream(a, 0))
    expect(expectNoInterleaving(commits)).toBe(4)
    expect(commits.map((c) => c.by)).toEqual(["A", "A"])
  })

  it("fails a writer that never saw the actor and expects an old sequence, without publishing", async () => {
    const a = addr()
    await run(writerA.append(commit(a, 0, "A")))
    await run(writerA.append(commit(a, 1, "A")))
    const head = await run(writerA.headPosition())
    for (const stale of [0, 1, 3]) {
      expect(await failureOf(writerB.append(commit(a, stale, "B")))).toBeInstanceOf(WrongExpectedSequence)
    }
    expect(await run(writerA.headPosition())).toBe(head)
  })

  it("lets the refused writer take over after re-reading the tail, and then fails the old owner", async () => {
    const a = addr()
    await run(writerA.append(commit(a, 0, "A")))
    await run(writerB.readStream(a, 0))
    await run(writerA.append(commit(a, 1, "A")))
    expect(await failureOf(writerB.append(commit(a, 1, "B")))).toBeInstanceOf(WrongExpectedSequence)

    const seen = await run(writerB.lastSeq(a))
    expect(seen).toBe(2)
    expect(await run(writerB.append(commit(a, seen, "B")))).toMatchObject({ firstSeq: 3, lastSeq: 3 })
    // A still believes it owns the actor at seq 2.
    expect(await failureOf(writerA.append(commit(a, 2, "A")))).toBeInstanceOf(WrongExpectedSequence)
    expect((await run(writerA.readStream(a, 0))).map((c) => c.by)).toEqual(["A", "A", "B"])
  })

  it("never interleaves when both writers race with the same expectation, round after round", async () => {
    const a = addr()
    let seq = 0
    for (let round = 0; round < 30; round++) {
      const [fromA, fromB] = await Promise.all([
        Effect.runPromiseExit(writerA.append(commit(a, seq, "A", 1 + (round % 3)))),
        Effect.runPromiseExit(writerB.append(commit(a, seq, "B", 1 + ((round + 1) % 3)))),
      ])
      const winners = [fromA, fromB].filter(Exit.isSuccess)
      expect(winners).toHaveLength(1)
      seq = winners[0]!.value.lastSeq
    }
    const commits = await run(writerB.readStream(a, 0))
    expect(commits).toHaveLength(30)
    expect(expectNoInterleaving(commits)).toBe(seq)
  })
})
