/**
 * Every command, join, subscription and catch-up gets exactly one answer, whatever happens to its
 * actor meanwhile: the log never answers before shutdown's grace runs out, the
 * log fails a read, the log's append dies with a defect, the kind's code
 * throws while showing a join what it may see. A client waiting on
 * a missing answer would hang with its command in an unknown state.
 */
import { Effect, Exit } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { AnyActorKind, User } from "../actor-kind.ts"
import { makeAddress } from "../address.ts"
import { LogUnavailable } from "../errors.ts"
import { makeMemoryStore, openMemoryLog } from "../eventlog/testing/memory-log.ts"
import type { EventLog } from "../eventlog/port.ts"
import type { Ack, Subscriber } from "./api.ts"
import { makeActorSystem, type LocalActorSystem } from "./runtime.ts"
import { notesKind, type NotesState } from "./testing/test-kind.ts"

const alice: User = { id: "alice", tenant: "t1", roles: ["participant"] }
const notes = makeAddress("t1", "notes", "a")
const quiet = { info: () => {}, error: () => {} }
const systems: LocalActorSystem[] = []
afterEach(async () => {
  for (const system of systems.splice(0)) await Effect.runPromise(system.shutdown())
})

const start = (log: EventLog, shutdownGraceMs = 10_000, kind: AnyActorKind = notesKind) => {
  const system = makeActorSystem({ log, kinds: { notes: kind }, logger: quiet, shutdownGraceMs })
  systems.push(system)
  return system
}

const bob: User = { id: "bob", tenant: "t1", roles: ["participant"] }

const notForBob = (user: User, part: string) => {
  if (user.id === bob.id) throw new Error(`a bug in ${part}`)
}
/** The notes kind with a bug in how it shows its state, or an event, to bob. */
const redactStateFailsForBob = { ...notesKind, redactState: (state: NotesState, user: User) => (notForBob(user, "redactState"), state) }
const redactEventFailsForBob = {
  ...notesKind,
  redactEvent: (_state: NotesState, event: { type: string }, user: User) => (notForBob(user, "redactEvent"), event),
}

/** Collects the answers given to `sendCallback`, so a second answer would show. */
const sendAll = (system: LocalActorSystem, count: number) => {
  const answers: Array<Array<Exit.Exit<Ack, { code: string }>>> = Array.from({ length: count }, () => [])
  for (let i = 0; i < count; i++) system.sendCallback(notes, alice, `op${i}`, { type: "add", text: "x" }, (exit) => answers[i]!.push(exit))
  return answers
}

const codeOf = (exit: Exit.Exit<unknown, { code: string }> | undefined) =>
  exit && Exit.isFailure(exit) ? Exit.findErrorOption(exit).pipe((o) => (o._tag === "Some" ? o.value.code : "defect")) : "ok"

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("every message gets exactly one answer", () => {
  it("answers a command stuck in an append, and those queued behind it, unavailable once shutdown's grace runs out", async () => {
    const system = start({ ...openMemoryLog(), append: () => Effect.never }, 50)
    const answers = sendAll(system, 5)
    await Effect.runPromise(system.shutdown())
    expect(answers.map((a) => a.length)).toEqual([1, 1, 1, 1, 1])
    expect(answers.map((a) => codeOf(a[0]))).toEqual(Array(5).fill("unavailable"))
  })

  it("answers what waited for an actor that cannot start, without starting it again for each waiting message", async () => {
    let reads = 0
    const failingReads: EventLog = {
      ...openMemoryLog(),
      readStream: () =>
        Effect.sleep(5).pipe(Effect.andThen(Effect.sync(() => reads++)), Effect.andThen(Effect.fail(new LogUnavailable({ message: "disk gone" })))),
    }
    const system = start(failingReads)
    const answers = sendAll(system, 3)
    await later(100)
    expect(answers.map((a) => a.map(codeOf))).toEqual([["unavailable"], ["unavailable"], ["unavailable"]])
    expect(reads).toBe(1)
  })

  it("answers a command whose append dies with a defect as internal, and the actor serves the next one", async () => {
    const store = makeMemoryStore()
    const healthy = openMemoryLog(store)
    let appends = 0
    const dyingOnce: EventLog = {
      ...healthy,
      append: (request) => (appends++ === 0 ? Effect.die(new RangeError("too big to encode")) : healthy.append(request)),
    }
    const system = start(dyingOnce)
    const [first] = sendAll(system, 1)
    await later(20)
    expect(first!.map(codeOf)).toEqual(["internal"])
    expect(await Effect.runPromise(system.send(notes, alice, "again", { type: "add", text: "y" }))).toEqual({ seq: 1 })
  })

  it("answers a join whose snapshot the kind fails to redact as internal, without adding its member or changing the state", async () => {
    const system = start(openMemoryLog(), 10_000, redactStateFailsForBob)
    await Effect.runPromise(system.send(notes, alice, "op1", { type: "add", text: "x" }))
    const answers: Array<Exit.Exit<unknown, { code: string }>> = []
    const toBob = { events: 0, closes: 0 }
    system.joinCallback({ addr: notes, user: bob, onEvent: () => void toBob.events++, onClose: () => void toBob.closes++ }, (exit) =>
      answers.push(exit),
    )
    await expect.poll(() => answers.length).toBe(1)
    expect(codeOf(answers[0])).toBe("internal")
    expect(await Effect.runPromise(system.send(notes, alice, "op2", { type: "add", text: "y" }))).toEqual({ seq: 2 })
    const { seq, state } = await Effect.runPromise(system.inspect(notes))
    expect({ seq, texts: (state as NotesState).notes.map((n) => n.text) }).toEqual({ seq: 2, texts: ["x", "y"] })
    // Never joined, so never told of an event or of its actor stopping.
    expect(toBob).toEqual({ events: 0, closes: 0 })
    expect(answers).toHaveLength(1)
  })

  it("answers a join whose catch-up the kind fails to redact as internal", async () => {
    const system = start(openMemoryLog(), 10_000, redactEventFailsForBob)
    await Effect.runPromise(system.send(notes, alice, "op1", { type: "add", text: "x" }))
    await Effect.runPromise(system.send(notes, alice, "op2", { type: "add", text: "y" }))
    const answers: Array<Exit.Exit<unknown, { code: string }>> = []
    system.joinCallback({ addr: notes, user: bob, since: 1, onEvent: () => {} }, (exit) => answers.push(exit))
    await expect.poll(() => answers.length).toBe(1)
    expect(codeOf(answers[0])).toBe("internal")
    expect(await Effect.runPromise(system.send(notes, alice, "op3", { type: "add", text: "z" }))).toEqual({ seq: 3 })
  })

  it("answers a join whose catch-up read fails as unavailable", async () => {
    const store = makeMemoryStore()
    const healthy = openMemoryLog(store)
    const system = start(healthy)
    for (let i = 0; i < 300; i++) await Effect.runPromise(system.send(notes, alice, `op${i}`, { type: "add", text: "x" }))
    await Effect.runPromise(system.shutdown())
    // A fresh node: the tail buffer is empty, so `since: 1` must read the log, which now fails after the actor started.
    let readsLeft = 1
    const flaky: EventLog = {
      ...healthy,
      readStream: (addr, after) => (readsLeft-- > 0 ? healthy.readStream(addr, after) : Effect.fail(new LogUnavailable({ message: "disk gone" }))),
    }
    const restarted = start(flaky)
    const exit = await Effect.runPromiseExit(restarted.join({ addr: notes, user: alice, since: 1, onEvent: () => {} }))
    expect(codeOf(exit)).toBe("unavailable")
  })

  it("answers a subscription and its members' catch-ups queued behind a stuck append once shutdown's grace runs out", async () => {
    const store = makeMemoryStore()
    const healthy = openMemoryLog(store)
    const first = start(healthy)
    await Effect.runPromise(first.send(notes, alice, "setup", { type: "add", text: "x" }))
    await Effect.runPromise(first.shutdown())
    const system = start({ ...healthy, append: () => Effect.never }, 50)
    sendAll(system, 1)
    const answers: Array<Array<Exit.Exit<unknown, { code: string }>>> = [[], [], []]
    const subscriber: Subscriber = { onEvent: () => {} }
    system.subscribeCallback(notes, subscriber, (exit) => answers[0]!.push(exit))
    system.catchUpCallback({ addr: notes, user: alice, subscriber }, (exit) => answers[1]!.push(exit))
    system.catchUpCallback({ addr: notes, user: bob, since: 0, subscriber }, (exit) => answers[2]!.push(exit))
    await Effect.runPromise(system.shutdown())
    expect(answers.map((a) => a.map(codeOf))).toEqual([["unavailable"], ["unavailable"], ["unavailable"]])
  })

  it("answers a subscription and a catch-up that waited for an actor that cannot start", async () => {
    const failingReads: EventLog = { ...openMemoryLog(), readStream: () => Effect.fail(new LogUnavailable({ message: "disk gone" })) }
    const system = start(failingReads)
    const answers: Array<Array<Exit.Exit<unknown, { code: string }>>> = [[], []]
    const subscriber: Subscriber = { onEvent: () => {} }
    system.subscribeCallback(notes, subscriber, (exit) => answers[0]!.push(exit))
    system.catchUpCallback({ addr: notes, user: alice, subscriber }, (exit) => answers[1]!.push(exit))
    await expect.poll(() => answers.map((a) => a.length)).toEqual([1, 1])
    expect(answers.map((a) => a.map(codeOf))).toEqual([["unavailable"], ["unavailable"]])
  })

  it("answers a catch-up whose view the kind fails to make as internal, and tells the subscription its actor stopped", async () => {
    const system = start(openMemoryLog(), 10_000, redactStateFailsForBob)
    await Effect.runPromise(system.send(notes, alice, "op1", { type: "add", text: "x" }))
    const closes: string[] = []
    const subscriber: Subscriber = { onEvent: () => {}, onClose: (reason) => void closes.push(reason.code) }
    await Effect.runPromise(Effect.callback<unknown, unknown>((resume) => system.subscribeCallback(notes, subscriber, resume)))
    const answers: Array<Exit.Exit<unknown, { code: string }>> = []
    system.catchUpCallback({ addr: notes, user: bob, subscriber }, (exit) => answers.push(exit))
    await expect.poll(() => answers.length).toBe(1)
    expect(codeOf(answers[0])).toBe("internal")
    expect(closes).toEqual(["unavailable"])
    expect(await Effect.runPromise(system.send(notes, alice, "op2", { type: "add", text: "y" }))).toEqual({ seq: 2 })
  })
})
