/**
 * Two nodes, each with its own connection to one JetStream stream, both
 * running an actor for the same address (as after a lease moved while the old
 * owner still ran). The stale owner's append fails, its actor stops and tells
 * its members to rejoin, and the stream never interleaves the two writers.
 */
import { Effect, Exit } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { User } from "../actor-kind.ts"
import { makeAddress } from "../address.ts"
import { openJetStreamLog } from "../eventlog/jetstream/jetstream-log.ts"
import { deleteStreams, NATS_TEST_URL, shouldSkipJetStream, uniqueNames } from "../eventlog/jetstream/testing/nats-test-support.ts"
import type { EventLog } from "../eventlog/port.ts"
import { makeActorSystem, type LocalActorSystem } from "./runtime.ts"
import { notesKind } from "./testing/test-kind.ts"

const skip = await shouldSkipJetStream()
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const alice: User = { id: "alice", tenant: "t1", roles: ["participant"] }
const addr = makeAddress("t1", "notes", "shared")

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const node = async (names: ReturnType<typeof uniqueNames>, errors: string[]): Promise<{ system: LocalActorSystem; log: EventLog }> => {
  const log = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
  const system = makeActorSystem({ log, kinds: { notes: notesKind }, logger: { info: () => {}, error: (message) => void errors.push(message) } })
  cleanups.push(async () => {
    await run(system.shutdown())
    await run(log.close())
  })
  return { system, log }
}

describe.skipIf(skip)("a stale owner on JetStream", () => {
  it("fails its append, stops its actor, tells its members, and never interleaves the stream", async () => {
    const names = uniqueNames("stale_owner")
    cleanups.push(() => deleteStreams(names))
    const errorsA: string[] = []
    const nodeA = await node(names, errorsA)
    const nodeB = await node(names, [])

    await run(nodeA.system.send(addr, alice, "a1", { type: "add", text: "A owns it" }))
    const closedOnA: string[] = []
    await run(nodeA.system.join({ addr, user: alice, onEvent: () => {}, onClose: (reason) => void closedOnA.push(reason.code) }))
    // The shard moved: B starts its own instance from the log and writes.
    await run(nodeB.system.send(addr, alice, "b1", { type: "add", text: "B owns it now" }))
    await run(nodeB.system.send(addr, alice, "b2", { type: "add", text: "B again" }))

    const stale = await Effect.runPromiseExit(nodeA.system.send(addr, alice, "a2", { type: "add", text: "A, unaware" }))
    expect(Exit.isFailure(stale) && Exit.findErrorOption(stale)).toMatchObject({ value: { code: "unavailable" } })
    expect(errorsA).toContain("actor stopped: lost ownership of its stream")
    expect(closedOnA).toEqual(["unavailable"])

    const texts = (await run(nodeB.log.readStream(addr, 0))).flatMap((commit) => commit.events.map((event) => (event as { text: string }).text))
    expect(texts).toEqual(["A owns it", "B owns it now", "B again"])
    // A's next command rehydrates from the log and continues the one true sequence.
    expect(await run(nodeA.system.send(addr, alice, "a3", { type: "add", text: "A, caught up" }))).toEqual({ seq: 4 })
  })
})
