/**
 * What happens when an actor stops: by passivation, at shutdown, or because
 * it failed. A stopped actor stays stopped until a message for it arrives; its
 * leaving never starts it again on its own, and nothing its members' code does
 * while being told keeps it (or shutdown) from finishing.
 */
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { User } from "../actor-kind.ts"
import { makeAddress } from "../address.ts"
import type { EventLog } from "../eventlog/port.ts"
import { makeMemoryStore, openMemoryLog } from "../eventlog/testing/memory-log.ts"
import { makeActorSystem, type ActorSystemOptions, type LocalActorSystem } from "./runtime.ts"
import { notesKind } from "./testing/test-kind.ts"

const alice: User = { id: "alice", tenant: "t1", roles: ["participant"] }
const bob: User = { id: "bob", tenant: "t1", roles: ["participant"] }
const notes = makeAddress("t1", "notes", "a")
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

const systems: LocalActorSystem[] = []
afterEach(async () => {
  for (const system of systems.splice(0)) await run(system.shutdown())
})

/** The memory log, counting the stream reads that start (or restart) an actor or catch up a join. */
const countingLog = (): { log: EventLog; streamReads: () => number } => {
  const memory = openMemoryLog(makeMemoryStore())
  let reads = 0
  const log: EventLog = {
    ...memory,
    readStream: (addr, afterSeq) => {
      reads++
      return memory.readStream(addr, afterSeq)
    },
  }
  return { log, streamReads: () => reads }
}

const start = (log: EventLog, overrides: Partial<ActorSystemOptions> = {}) => {
  const errors: Array<{ message: string; fields?: Record<string, unknown> }> = []
  const system = makeActorSystem({
    log,
    kinds: { notes: notesKind },
    logger: { info: () => {}, error: (message, fields) => void errors.push({ message, fields }) },
    ...overrides,
  })
  systems.push(system)
  return { system, errors }
}

describe("stopping an actor", () => {
  it("passivates without starting the actor again: one stream read for its one life", async () => {
    const { log, streamReads } = countingLog()
    const { system } = start(log, { passivateAfterMs: 10 })
    await run(system.send(notes, alice, "op1", { type: "add", text: "x" }))
    expect(streamReads()).toBe(1)
    // A successor would be in the registry from the moment its predecessor left until it stopped in turn.
    await expect.poll(() => system.stats().liveActors).toBe(0)
    expect(streamReads()).toBe(1)
  })

  it("shuts down without starting the actors it just stopped, leaving none behind", async () => {
    const { log, streamReads } = countingLog()
    const { system } = start(log)
    await run(system.send(notes, alice, "op1", { type: "add", text: "x" }))
    expect(streamReads()).toBe(1)
    await run(system.shutdown())
    expect(system.stats().liveActors).toBe(0)
    expect(streamReads()).toBe(1)
  })

  it("finishes shutting down when a member's onClose throws, telling every other member and logging the throw", async () => {
    // A grace longer than the test may run: shutdown must end because the actor finished, not because the grace ran out.
    const { system, errors } = start(openMemoryLog(makeMemoryStore()), { shutdownGraceMs: 10 * 60_000 })
    await run(system.send(notes, alice, "op1", { type: "add", text: "x" }))
    const closed: string[] = []
    const throwingOnClose = () => {
      closed.push("first")
      throw new Error("a member's bug")
    }
    await run(system.join({ addr: notes, user: alice, onEvent: () => {}, onClose: throwingOnClose }))
    await run(system.join({ addr: notes, user: bob, onEvent: () => {}, onClose: () => void closed.push("second") }))
    await run(system.shutdown())
    expect(closed).toEqual(["first", "second"])
    expect(system.stats().liveActors).toBe(0)
    expect(errors).toContainEqual({ message: "a member's onClose threw", fields: { addr: "t1.notes.a", error: "Error: a member's bug" } })
  })

  it("answers the command that stopped an actor when a member's onClose throws, and tells every other member", async () => {
    const { system, errors } = start(openMemoryLog(makeMemoryStore()))
    await run(system.send(notes, alice, "op1", { type: "add", text: "x" }))
    const closed: string[] = []
    await run(
      system.join({
        addr: notes,
        user: alice,
        onEvent: () => {},
        onClose: () => {
          throw new Error("a member's bug")
        },
      }),
    )
    await run(system.join({ addr: notes, user: bob, onEvent: () => {}, onClose: (reason) => void closed.push(reason.code) }))
    const answers: string[] = []
    system.sendCallback(notes, alice, "op2", { type: "decideThrows" }, (exit) => answers.push(exit._tag === "Failure" ? "refused" : "acked"))
    await expect.poll(() => answers).toEqual(["refused"])
    expect(closed).toEqual(["unavailable"])
    expect(errors.map((e) => e.message)).toContain("a member's onClose threw")
    expect(await run(system.send(notes, alice, "op3", { type: "add", text: "y" }))).toEqual({ seq: 2 })
  })
})
