import { Effect, Exit } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { User } from "../actor-kind.ts"
import { makeAddress } from "../address.ts"
import { makeMemoryStore, openMemoryLog, type MemoryStore } from "../eventlog/testing/memory-log.ts"
import type { EventLog } from "../eventlog/port.ts"
import type { CommandRejected } from "../errors.ts"
import type { CatchUp, CatchUpRequest, PublishedEvent, Subscribed, Subscriber } from "./api.ts"
import { makeActorSystem, type ActorSystemOptions, type LocalActorSystem } from "./runtime.ts"
import { notesKind } from "./testing/test-kind.ts"

const alice: User = { id: "alice", tenant: "t1", roles: ["participant"] }
const bob: User = { id: "bob", tenant: "t1", roles: ["participant"] }
const mallory: User = { id: "mallory", tenant: "t2", roles: ["admin"] }
const notes = (id: string, tenant = "t1") => makeAddress(tenant, "notes", id)

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const failureOf = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  return failure && "error" in failure ? (failure.error as { code: string; message: string }) : undefined
}

interface Harness {
  system: LocalActorSystem
  log: EventLog
  store: MemoryStore
  errors: Array<{ message: string; fields?: Record<string, unknown> }>
}

const systems: LocalActorSystem[] = []
afterEach(async () => {
  for (const system of systems.splice(0)) await run(system.shutdown())
})

const start = (overrides: Partial<ActorSystemOptions> = {}, store = makeMemoryStore()): Harness => {
  const log = openMemoryLog(store)
  const errors: Harness["errors"] = []
  let ids = 0
  const system = makeActorSystem({
    log,
    kinds: { notes: notesKind },
    now: () => 1_700_000_000_000,
    newId: () => `n${++ids}`,
    logger: { info: () => {}, error: (message, fields) => void errors.push({ message, fields }) },
    ...overrides,
  })
  systems.push(system)
  return { system, log, store, errors }
}

describe("actor runtime", () => {
  it("acks a command with the sequence of its last event, only after the log holds it", async () => {
    const { system, log } = start()
    expect(await run(system.send(notes("a"), alice, "op1", { type: "add", text: "pause" }))).toEqual({ seq: 1 })
    expect(await run(system.send(notes("a"), alice, "op2", { type: "addMany", texts: ["x", "y"] }))).toEqual({ seq: 3 })
    expect(await run(log.lastSeq(notes("a")))).toBe(3)
  })

  it("answers a retried command with its first ack and appends nothing", async () => {
    const { system, log } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "once" }))
    await run(system.send(notes("a"), alice, "op2", { type: "add", text: "twice" }))
    expect(await run(system.send(notes("a"), alice, "op1", { type: "add", text: "once" }))).toEqual({ seq: 1 })
    expect(await run(log.lastSeq(notes("a")))).toBe(2)
    // The same op id from another user is another command.
    expect(await run(system.send(notes("a"), bob, "op1", { type: "add", text: "bob's" }))).toEqual({ seq: 3 })
  })

  it("keeps retries idempotent across passivation and a restart", async () => {
    const store = makeMemoryStore()
    const first = start({ passivateAfterMs: 10 }, store)
    await run(first.system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    await new Promise((r) => setTimeout(r, 40))
    expect(first.system.stats().liveActors).toBe(0)
    expect(await run(first.system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))).toEqual({ seq: 1 })
    const second = start({}, store)
    expect(await run(second.system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))).toEqual({ seq: 1 })
    expect(await run(second.log.lastSeq(notes("a")))).toBe(1)
  })

  it("refuses a malformed command as invalid_command and appends nothing", async () => {
    const { system, log } = start()
    for (const bad of [null, 42, { type: "add" }, { type: "add", text: "x".repeat(201) }, { type: "unknown" }]) {
      expect(await failureOf(system.send(notes("a"), alice, `bad-${JSON.stringify(bad)}`, bad))).toMatchObject({ code: "invalid_command" })
    }
    expect(await run(log.headPosition())).toBe(0)
  })

  it("turns a domain refusal into a rejection with its code", async () => {
    const { system } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "mine" }))
    expect(await failureOf(system.send(notes("a"), bob, "op2", { type: "lock" }))).toMatchObject({ code: "forbidden" })
  })

  it("acks a command that changes nothing with the current sequence, appending nothing", async () => {
    const { system, log } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    expect(await run(system.send(notes("a"), alice, "op2", { type: "noop" }))).toEqual({ seq: 1 })
    expect(await run(log.headPosition())).toBe(1)
  })

  it("answers a kind named like a member every object has (toString, constructor, __proto__...) as not_found, and keeps serving", async () => {
    const { system } = start()
    const names = [...Object.getOwnPropertyNames(Object.prototype), "prototype"]
    expect(names).toContain("__proto__")
    for (const name of names) {
      const addr = { tenant: "t1", kind: name, id: "x" }
      expect(await failureOf(system.send(addr, alice, `op-${name}`, { type: "add", text: "x" }))).toMatchObject({ code: "not_found" })
      expect(await failureOf(system.join({ addr, user: alice, onEvent: () => undefined }))).toMatchObject({ code: "not_found" })
    }
    expect(await run(system.send(notes("after"), alice, "op1", { type: "add", text: "still here" }))).toEqual({ seq: 1 })
  })

  it("keeps an actor running when the code it replies to throws", async () => {
    const { system, errors } = start()
    await new Promise<void>((resolve) =>
      system.sendCallback(notes("r"), alice, "op1", { type: "add", text: "x" }, () => {
        resolve()
        throw new Error("a caller's bug")
      }),
    )
    expect(await run(system.send(notes("r"), alice, "op2", { type: "add", text: "y" }))).toEqual({ seq: 2 })
    expect(errors.map((e) => e.message)).toContain("a reply handler threw")
  })

  it("treats another tenant's address as not found, for commands and joins", async () => {
    const { system } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    expect(await failureOf(system.send(notes("a"), mallory, "op1", { type: "add", text: "y" }))).toMatchObject({ code: "not_found" })
    expect(await failureOf(system.join({ addr: notes("a"), user: mallory, onEvent: () => {} }))).toMatchObject({ code: "not_found" })
  })

  it("refuses a join of an actor that has no events as not_found, and of one the user may not read as forbidden", async () => {
    const { system } = start()
    expect(await failureOf(system.join({ addr: notes("nobody"), user: alice, onEvent: () => {} }))).toMatchObject({ code: "not_found" })
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    await run(system.send(notes("a"), alice, "op2", { type: "lock" }))
    expect(await failureOf(system.join({ addr: notes("a"), user: bob, onEvent: () => {} }))).toMatchObject({ code: "forbidden" })
  })

  it("delivers every later event to joined members in order, and tells them when access is revoked", async () => {
    const { system } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    const seenByBob: PublishedEvent[] = []
    const joined = await run(system.join({ addr: notes("a"), user: bob, onEvent: (e) => void seenByBob.push(e) }))
    expect(joined.seq).toBe(1)
    expect(joined.snapshot).toMatchObject({ notes: [{ text: "x" }] })
    await run(system.send(notes("a"), alice, "op2", { type: "addMany", texts: ["y", "z"] }))
    await run(system.send(notes("a"), alice, "op3", { type: "lock" }))
    expect(seenByBob.map((e) => e.seq)).toEqual([2, 3, 4])
    expect(seenByBob.map((e) => e.canRead(bob))).toEqual([true, true, false])
    expect(seenByBob[2]!.viewFor(bob)).toBeUndefined()
    expect(seenByBob[2]!.viewFor(alice)).toEqual({ type: "locked" })
    joined.leave()
  })

  it("resumes a join with exactly the events after `since`, from memory or from the log", async () => {
    const { system } = start({ tailBuffer: 3 })
    for (let i = 1; i <= 10; i++) await run(system.send(notes("a"), alice, `op${i}`, { type: "add", text: `t${i}` }))
    const recent = await run(system.join({ addr: notes("a"), user: alice, since: 8, onEvent: () => {} }))
    expect(recent.events?.map((e) => e.seq)).toEqual([9, 10])
    const older = await run(system.join({ addr: notes("a"), user: alice, since: 2, onEvent: () => {} }))
    expect(older.events?.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10])
    expect(older.events?.[0]).toMatchObject({ ev: { type: "added", text: "t3" }, by: "alice" })
    const current = await run(system.join({ addr: notes("a"), user: alice, since: 10, onEvent: () => {} }))
    expect(current.events).toEqual([])
    const tooFar = start({ catchUpLimit: 5 }, makeMemoryStore())
    for (let i = 1; i <= 10; i++) await run(tooFar.system.send(notes("b"), alice, `op${i}`, { type: "add", text: `t${i}` }))
    const behind = await run(tooFar.system.join({ addr: notes("b"), user: alice, since: 1, onEvent: () => {} }))
    expect(behind.events).toBeUndefined()
    expect(behind.snapshot).toMatchObject({ notes: { length: 10 } })
  })

  it("rebuilds the same state from a snapshot plus the tail as from the whole log", async () => {
    const store = makeMemoryStore()
    const first = start({ snapshotEvery: 4 }, store)
    for (let i = 1; i <= 11; i++) await run(first.system.send(notes("a"), alice, `op${i}`, { type: "add", text: `t${i}` }))
    expect(store.snapshots.size).toBe(1)
    await run(first.system.shutdown())
    const fromSnapshot = start({}, store)
    const withSnapshot = await run(fromSnapshot.system.join({ addr: notes("a"), user: alice, onEvent: () => {} }))
    store.snapshots.clear()
    const fromLog = start({}, store)
    const withoutSnapshot = await run(fromLog.system.join({ addr: notes("a"), user: alice, onEvent: () => {} }))
    expect(withSnapshot.seq).toBe(11)
    expect(withSnapshot.snapshot).toEqual(withoutSnapshot.snapshot)
  })

  it("saves the periodic snapshots of many actors one at a time, so the log's own I/O never waits behind a burst of them", async () => {
    const store = makeMemoryStore()
    const memory = openMemoryLog(store)
    let inFlight = 0
    let most = 0
    let saved = 0
    const slowSnapshots: EventLog = {
      ...memory,
      saveSnapshot: (addr, snapshot) =>
        Effect.gen(function* () {
          most = Math.max(most, ++inFlight)
          yield* Effect.sleep(5)
          inFlight--
          saved++
          return yield* memory.saveSnapshot(addr, snapshot)
        }),
    }
    const { system } = start({ log: slowSnapshots, snapshotEvery: 2 })
    // Eight actors reach their snapshot point together.
    await Promise.all(Array.from({ length: 8 }, (_, a) => run(system.send(notes(`s${a}`), alice, "op1", { type: "addMany", texts: ["x", "y"] }))))
    await expect.poll(() => saved, { timeout: 5_000 }).toBe(8)
    expect(most).toBe(1)
    expect(store.snapshots.size).toBe(8)
  })

  it("stops only the failing actor when decide throws, logging its address and sequence", async () => {
    const { system, errors } = start()
    await run(system.send(notes("healthy"), alice, "op1", { type: "add", text: "x" }))
    await run(system.send(notes("sick"), alice, "op1", { type: "add", text: "x" }))
    expect(await failureOf(system.send(notes("sick"), alice, "op2", { type: "decideThrows" }))).toMatchObject({ code: "internal" })
    expect(errors[0]).toMatchObject({ message: "actor stopped: decide threw", fields: { addr: "t1.notes.sick", seq: 1 } })
    expect(await run(system.send(notes("healthy"), alice, "op2", { type: "add", text: "y" }))).toEqual({ seq: 2 })
    // The next command starts a fresh instance from the log.
    expect(await run(system.send(notes("sick"), alice, "op3", { type: "add", text: "z" }))).toEqual({ seq: 2 })
  })

  it("stops an actor whose event cannot be folded, and keeps refusing it without touching others", async () => {
    const { system, errors } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    expect(await run(system.send(notes("a"), alice, "op2", { type: "evolveThrows" }))).toEqual({ seq: 2 })
    expect(errors.at(-1)).toMatchObject({ message: "actor stopped: evolve threw", fields: { addr: "t1.notes.a", seq: 2 } })
    expect(await failureOf(system.send(notes("a"), alice, "op3", { type: "add", text: "y" }))).toMatchObject({ code: "unavailable" })
    expect(errors.at(-1)).toMatchObject({ fields: { addr: "t1.notes.a", seq: 2 } })
    expect(await run(system.send(notes("b"), alice, "op1", { type: "add", text: "fine" }))).toEqual({ seq: 1 })
  })

  it("stops an actor that meets an event it cannot read, naming the sequence", async () => {
    const store = makeMemoryStore()
    const { system, log, errors } = start({}, store)
    await run(
      log.append({ addr: notes("a"), expectedSeq: 0, events: [{ type: "added", id: "1", text: "ok" }], by: "alice", at: 1, commandKey: "alice:1" }),
    )
    await run(log.append({ addr: notes("a"), expectedSeq: 1, events: [{ type: "from-the-future" }], by: "alice", at: 1, commandKey: "alice:2" }))
    expect(await failureOf(system.send(notes("a"), alice, "op", { type: "add", text: "y" }))).toMatchObject({ code: "unavailable" })
    expect(errors[0]).toMatchObject({ message: "actor stopped: an event it cannot read", fields: { addr: "t1.notes.a", seq: 2 } })
  })

  it("refuses with unavailable when an actor's mailbox is full, instead of growing it", async () => {
    const store = makeMemoryStore()
    const slowLog: EventLog = { ...openMemoryLog(store), append: () => Effect.never }
    const { system } = start({ log: slowLog, mailboxCapacity: 4, shutdownGraceMs: 50 }, store)
    const pending = Array.from({ length: 10 }, (_, i) => Effect.runPromiseExit(system.send(notes("a"), alice, `op${i}`, { type: "add", text: "x" })))
    const settled = await Promise.race([Promise.all(pending.slice(5)), new Promise((r) => setTimeout(() => r("timeout"), 2000))])
    expect(settled).not.toBe("timeout")
    for (const exit of settled as Exit.Exit<unknown, { code: string }>[]) {
      expect(Exit.isFailure(exit) && Exit.findErrorOption(exit)).toMatchObject({ value: { code: "unavailable" } })
    }
  })

  it("lets a stale owner's append fail, stops that actor, and never interleaves the stream", async () => {
    const store = makeMemoryStore()
    const nodeA = start({}, store)
    const nodeB = start({}, store)
    await run(nodeA.system.send(notes("a"), alice, "a1", { type: "add", text: "from A" }))
    await run(nodeB.system.send(notes("a"), alice, "b1", { type: "add", text: "from B" }))
    // A still believes the stream ends at 1.
    expect(await failureOf(nodeA.system.send(notes("a"), alice, "a2", { type: "add", text: "stale" }))).toMatchObject({ code: "unavailable" })
    expect(nodeA.errors.at(-1)).toMatchObject({ message: "actor stopped: lost ownership of its stream" })
    const events = (await run(nodeA.log.readStream(notes("a"), 0))).flatMap((c) => c.events.map((e) => (e as { text: string }).text))
    expect(events).toEqual(["from A", "from B"])
  })

  it("tells joined members when their actor stops, so they can rejoin", async () => {
    const { system } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    const closed: string[] = []
    await run(system.join({ addr: notes("a"), user: alice, onEvent: () => {}, onClose: (reason) => void closed.push(reason.code) }))
    await failureOf(system.send(notes("a"), alice, "op2", { type: "decideThrows" }))
    expect(closed).toEqual(["unavailable"])
  })

  it("does not passivate an actor while members are joined", async () => {
    const { system } = start({ passivateAfterMs: 10 })
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    const joined = await run(system.join({ addr: notes("a"), user: alice, onEvent: () => {} }))
    await new Promise((r) => setTimeout(r, 50))
    expect(system.stats().liveActors).toBe(1)
    joined.leave()
    await new Promise((r) => setTimeout(r, 50))
    expect(system.stats().liveActors).toBe(0)
  })

  it("refuses new commands once shut down", async () => {
    const { system } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    await run(system.shutdown())
    expect(await failureOf(system.send(notes("a"), alice, "op2", { type: "add", text: "y" }))).toMatchObject({ code: "unavailable" })
  })
})

describe("one subscription per node, members catching up on it", () => {
  const subscribe = (system: LocalActorSystem, addr = notes("a")) => {
    const seen: PublishedEvent[] = []
    const closed: string[] = []
    const subscriber: Subscriber = { onEvent: (event) => void seen.push(event), onClose: (reason) => void closed.push(reason.code) }
    const subscribed = new Promise<Subscribed>((resolve, reject) =>
      system.subscribeCallback(addr, subscriber, (exit) => (Exit.isSuccess(exit) ? resolve(exit.value) : reject(exit.cause))),
    )
    return { seen, closed, subscriber, subscribed }
  }
  const catchUp = (system: LocalActorSystem, request: CatchUpRequest, seenAtAnswer?: (seq: number) => void) =>
    new Promise<Exit.Exit<CatchUp, CommandRejected>>((resolve) =>
      system.catchUpCallback(request, (exit) => {
        if (Exit.isSuccess(exit)) seenAtAnswer?.(exit.value.seq)
        resolve(exit)
      }),
    )

  it("answers each member's catch-up in the actor's turn: the subscriber has had every event up to its seq, and none after", async () => {
    const { system } = start()
    await run(system.send(notes("a"), alice, "op0", { type: "add", text: "first" }))
    const { seen, subscriber, subscribed } = subscribe(system)
    expect((await subscribed).seq).toBe(1)
    // Commands and catch-ups are queued together: each catch-up lands between two of them.
    const checks: Array<Promise<unknown>> = []
    for (let i = 1; i <= 20; i++) {
      checks.push(run(system.send(notes("a"), alice, `op${i}`, { type: "add", text: `n${i}` })))
      if (i % 5 === 0)
        checks.push(
          catchUp(system, { addr: notes("a"), user: bob, since: 1, subscriber }, (seq) => {
            // At the answer, the subscriber's last event is exactly the catch-up's seq.
            expect(seen.at(-1)?.seq ?? 1).toBe(seq)
          }).then((exit) => {
            const value = Exit.isSuccess(exit) ? exit.value : undefined
            expect(value?.events?.map((e) => e.seq)).toEqual(Array.from({ length: value!.seq - 1 }, (_, k) => k + 2))
          }),
        )
    }
    await Promise.all(checks)
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2))
  })

  it("judges each catch-up by its member: tenant, existence, access and view", async () => {
    const { system } = start()
    const { subscriber, subscribed } = subscribe(system, notes("empty"))
    await subscribed
    expect(
      await failureOf(
        Effect.callback<CatchUp, CommandRejected>((resume) => system.catchUpCallback({ addr: notes("empty"), user: alice, subscriber }, resume)),
      ),
    ).toMatchObject({ code: "not_found" })
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    const onA = subscribe(system)
    await onA.subscribed
    const ask = (user: User, addr = notes("a")) =>
      Effect.callback<CatchUp, CommandRejected>((resume) => system.catchUpCallback({ addr, user, subscriber: onA.subscriber }, resume))
    expect(await failureOf(ask(mallory, notes("a", "t2")))).toMatchObject({ code: "unavailable" })
    expect(await failureOf(ask(mallory))).toMatchObject({ code: "not_found" })
    expect(await run(ask(bob))).toMatchObject({ seq: 1, snapshot: { notes: [{ text: "x" }] } })
    await run(system.send(notes("a"), alice, "op2", { type: "lock" }))
    expect(await failureOf(ask(bob))).toMatchObject({ code: "forbidden" })
    expect(await run(ask(alice))).toMatchObject({ seq: 2 })
  })

  it("reads a catch-up older than the tail back from the log while later events wait", async () => {
    const { system } = start({ tailBuffer: 2 })
    for (let i = 1; i <= 6; i++) await run(system.send(notes("a"), alice, `op${i}`, { type: "add", text: `n${i}` }))
    const { seen, subscriber, subscribed } = subscribe(system)
    await subscribed
    const answered = catchUp(system, { addr: notes("a"), user: bob, since: 1, subscriber }, (seq) => expect(seen.length).toBe(seq - 6))
    const later = run(system.send(notes("a"), alice, "op7", { type: "add", text: "n7" }))
    const exit = await answered
    expect(Exit.isSuccess(exit) && exit.value.events?.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6])
    await later
    expect(seen.map((e) => e.seq)).toEqual([7])
  })

  it("answers a catch-up for a subscription the actor no longer has as unavailable, and passivates once the last one leaves", async () => {
    const { system } = start({ passivateAfterMs: 10 })
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    const first = subscribe(system)
    const second = subscribe(system)
    const [one, two] = await Promise.all([first.subscribed, second.subscribed])
    one.leave()
    one.leave()
    const exit = await catchUp(system, { addr: notes("a"), user: alice, since: 0, subscriber: first.subscriber })
    expect(Exit.isFailure(exit) && Exit.findErrorOption(exit)).toMatchObject({ value: { code: "unavailable" } })
    // Another actor, idle since before, passivates meanwhile: the sweep ran, and kept the subscribed one.
    await run(system.send(notes("b"), alice, "op1", { type: "add", text: "y" }))
    await expect.poll(() => system.stats().liveActors).toBe(1)
    two.leave()
    await expect.poll(() => system.stats().liveActors).toBe(0)
    expect(first.closed).toEqual([])
  })

  it("tells a subscriber when its actor stops, and its successor does not know it", async () => {
    const { system } = start()
    await run(system.send(notes("a"), alice, "op1", { type: "add", text: "x" }))
    const { closed, subscriber, subscribed } = subscribe(system)
    await subscribed
    await failureOf(system.send(notes("a"), alice, "op2", { type: "decideThrows" }))
    expect(closed).toEqual(["unavailable"])
    const exit = await catchUp(system, { addr: notes("a"), user: alice, subscriber })
    expect(Exit.isFailure(exit) && Exit.findErrorOption(exit)).toMatchObject({ value: { code: "unavailable" } })
  })
})
