/**
 * The fan-out room holds the node's one runtime subscription to an actor, and
 * its members join the room: each member's catch-up (the events after its
 * `since`, or the state it may see) must meet the live events with no gap, no
 * duplicate and in order, however joins, leaves, commands and the clients'
 * reads interleave. Sockets here deliver only when flushed
 * (testing/flushed-sockets.ts), over the real runtime on the memory log.
 */
import { Effect, Exit } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { makeMemoryStore, openMemoryLog, type MemoryStore } from "../../engine/eventlog/testing/memory-log.ts"
import type { ActorSystem, PublishedEvent, Subscriber } from "../../engine/runtime/api.ts"
import { makeActorSystem, type LocalActorSystem } from "../../engine/runtime/runtime.ts"
import { notesKind, type NotesState } from "../../engine/runtime/testing/test-kind.ts"
import { testRandom, type Random } from "../../engine/testing/random.ts"
import { makeTokens } from "../auth/tokens.ts"
import type { ServerFrame, ServerFrameOf } from "../protocol.ts"
import { LiveServer } from "./live-server.ts"
import { FlushedSockets, type FlushedSocket } from "./testing/flushed-sockets.ts"

const TENANT = "t1"
const alice: User = { id: "alice", tenant: TENANT, roles: ["participant"] }
const bob: User = { id: "bob", tenant: TENANT, roles: ["participant"] }
const carol: User = { id: "carol", tenant: TENANT, roles: ["participant"] }

type NoteEvent = { readonly type: string; readonly text?: string }

/** Notes whose "secret …" notes only their owner sees (withheld from others), and that the owner can lock others out of. */
const secretNotesKind = {
  ...notesKind,
  redactEvent: (state: NotesState, event: NoteEvent, user: User) =>
    event.type === "added" && event.text?.startsWith("secret") && user.id !== state.owner ? undefined : event,
  redactState: (state: NotesState, user: User) =>
    user.id === state.owner ? state : { ...state, notes: state.notes.filter((note) => !note.text.startsWith("secret")) },
} as typeof notesKind

const expectedView = (event: NoteEvent, user: User, owner: string | null): NoteEvent =>
  event.type === "added" && event.text?.startsWith("secret") && user.id !== owner ? { type: "withheld" } : event

interface Node {
  readonly system: LocalActorSystem
  readonly store: MemoryStore
  readonly live: LiveServer
  readonly sockets: FlushedSockets
  readonly client: (user: User) => Promise<Client>
  /** Every listener call the runtime made for the address, and the subscriptions it was asked for. */
  readonly runtimeCalls: { subscriptions: number; open: number; listenerCalls: number }
}

const nodes: Node[] = []
afterEach(async () => {
  for (const node of nodes.splice(0)) await Effect.runPromise(node.system.shutdown())
})

/** Runs the event loop until `done` holds: the memory log answers on later turns, never after a wall-clock wait. */
const settle = async (done: () => boolean, what: string): Promise<void> => {
  for (let turn = 0; turn < 200_000; turn++) {
    if (done()) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error(`never settled: ${what}`)
}

class Client {
  private nextRef = 1
  /** Refs of the commands sent, each owed an ack or a nack. */
  readonly commands: number[] = []
  constructor(
    readonly user: User,
    readonly socket: FlushedSocket,
  ) {}

  ref(): number {
    return this.nextRef++
  }

  cmd(addr: string, command: { type: string } & Record<string, unknown>): number {
    const ref = this.ref()
    this.socket.sendFrame({ t: "cmd", ref, addr, id: `${this.user.id}-${ref}`, cmd: command })
    this.commands.push(ref)
    return ref
  }

  join(addr: string, since?: number): number {
    const ref = this.ref()
    this.socket.sendFrame({ t: "join", ref, addr, ...(since === undefined ? {} : { since }) })
    return ref
  }

  leave(addr: string): number {
    const ref = this.ref()
    this.socket.sendFrame({ t: "leave", ref, addr })
    return ref
  }

  /** Flushes until a frame answers `ref`, waiting on the server's frames. */
  answer(ref: number): Promise<ServerFrame> {
    return this.socket.until((frame) => "ref" in frame && frame.ref === ref)
  }
}

const startNode = (tailBuffer = 256): Node => {
  const store = makeMemoryStore()
  let ids = 0
  const quiet = { info: () => {}, error: () => {} }
  const system = makeActorSystem({
    log: openMemoryLog(store),
    kinds: { notes: secretNotesKind },
    newId: () => `n${++ids}`,
    logger: quiet,
    tailBuffer,
  })
  const runtimeCalls = { subscriptions: 0, open: 0, listenerCalls: 0 }
  // Counts what the runtime is asked for and how often it calls the edge per event.
  const wrapped = new WeakMap<Subscriber, Subscriber>()
  const counted: ActorSystem = {
    ...system,
    catchUpCallback: (request, done) =>
      system.catchUpCallback({ ...request, subscriber: wrapped.get(request.subscriber) ?? request.subscriber }, done),
    joinCallback: (request, done) => {
      runtimeCalls.subscriptions++
      system.joinCallback(
        {
          ...request,
          onEvent: (event) => {
            runtimeCalls.listenerCalls++
            request.onEvent(event)
          },
        },
        (exit) => {
          if (exit._tag === "Success") {
            runtimeCalls.open++
            const leave = exit.value.leave
            return done(Exit.succeed({ ...exit.value, leave: () => void (runtimeCalls.open--, leave()) }))
          }
          done(exit)
        },
      )
    },
    subscribeCallback: (addr, subscriber, done) => {
      runtimeCalls.subscriptions++
      const counting: Subscriber = {
        onEvent: (event: PublishedEvent) => {
          runtimeCalls.listenerCalls++
          subscriber.onEvent(event)
        },
        onClose: (reason) => subscriber.onClose?.(reason),
      }
      wrapped.set(subscriber, counting)
      system.subscribeCallback(addr, counting, (exit) => {
        if (exit._tag === "Success") {
          runtimeCalls.open++
          const leave = exit.value.leave
          let left = false
          return done(
            Exit.succeed({
              ...exit.value,
              leave: () => {
                if (!left) runtimeCalls.open--
                left = true
                leave()
              },
            }),
          )
        }
        done(exit)
      })
    },
  }
  const tokens = makeTokens({
    secret: new TextEncoder().encode("a test secret that is long enough for HS256"),
    accessTtlSeconds: 600,
    refreshTtlSeconds: 600,
  })
  const live = new LiveServer({
    system: counted,
    tokens,
    nodeId: "test-node",
    settings: { commandsPerSecond: 1e6, commandBurst: 1e6, userCommandsPerSecond: 1e6, userCommandBurst: 1e6, maxBufferedBytes: 1 << 30 },
  })
  const sockets = new FlushedSockets()
  const node: Node = {
    system,
    store,
    live,
    sockets,
    runtimeCalls,
    client: async (user) => {
      const socket = sockets.open(live.accept)
      const client = new Client(user, socket)
      socket.sendFrame({ t: "hello", token: await tokens.issue({ user }, "access"), client: { name: "test", version: "1" } })
      // Token verification runs off the event loop: wait for the server's first frame, however long it takes.
      expect(await socket.until(() => true)).toMatchObject({ t: "welcome" })
      return client
    },
  }
  nodes.push(node)
  return node
}

/** The address's committed events, from the log. */
const committed = (store: MemoryStore, key: string): Array<{ seq: number; ev: NoteEvent }> =>
  (store.streams.get(key) ?? []).flatMap((commit) => commit.events.map((ev, i) => ({ seq: commit.firstSeq + i, ev: ev as NoteEvent })))

/** The notes' owner and lock state after each seq, folded as the kind does. */
const historyOf = (events: Array<{ seq: number; ev: NoteEvent }>, byOf: (seq: number) => string) => {
  let owner: string | null = null
  let locked = false
  const after = new Map<number, { owner: string | null; locked: boolean }>([[0, { owner, locked }]])
  for (const { seq, ev } of events) {
    if (ev.type === "added") owner ??= byOf(seq)
    if (ev.type === "locked") locked = true
    after.set(seq, { owner, locked })
  }
  return after
}

interface JoinAsked {
  readonly ref: number
  readonly since: number | undefined
}

/**
 * Checks one client's frames for `addr`: each join that was answered starts a run at its `joined.seq`; the
 * catch-up is exactly the events after `since` (or a snapshot), then every later event follows once, in order,
 * as the member's own view, until it leaves, loses access, or the run ends at the last committed event.
 */
const checkStreams = (node: Node, client: Client, wire: string, joins: JoinAsked[]) => {
  const events = committed(node.store, `${TENANT}.${wire.replace("/", ".")}`)
  const byOf = (seq: number) =>
    node.store.streams.get(`${TENANT}.${wire.replace("/", ".")}`)!.find((c) => seq >= c.firstSeq && seq < c.firstSeq + c.events.length)!.by
  const history = historyOf(events, byOf)
  const last = events.at(-1)?.seq ?? 0
  const frames = client.socket.received.filter((frame) => ("addr" in frame && frame.addr === wire) || frame.t === "left")
  let run: { seq: number; next: number } | undefined
  const endRun = (why: string, ended: boolean) => {
    if (run && !ended) expect(run.next - 1, `${client.user.id}: run from ${run.seq} ${why}`).toBe(last)
    run = undefined
  }
  for (const frame of frames) {
    switch (frame.t) {
      case "joined": {
        endRun("was followed by another join", true)
        const asked = joins.find((join) => join.ref === frame.ref)
        expect(asked, `${client.user.id}: joined for an unknown ref`).toBeDefined()
        const { owner, locked } = history.get(frame.seq)!
        expect(!locked || owner === client.user.id, `${client.user.id} may read at ${frame.seq}`).toBe(true)
        if (frame.events) {
          expect(asked!.since).toBeDefined()
          expect(frame.events.map((e) => e.seq)).toEqual(events.filter((e) => e.seq > asked!.since! && e.seq <= frame.seq).map((e) => e.seq))
          for (const e of frame.events) expect(e.ev).toEqual(expectedView(events[e.seq - 1]!.ev, client.user, owner))
        } else {
          const notes = (frame.snapshot as NotesState).notes
          const expected = events
            .filter((e) => e.seq <= frame.seq && e.ev.type === "added")
            .filter((e) => client.user.id === owner || !e.ev.text!.startsWith("secret"))
          expect(notes.map((n) => n.text)).toEqual(expected.map((e) => e.ev.text))
        }
        run = { seq: frame.seq, next: frame.seq + 1 }
        break
      }
      case "ev": {
        expect(run, `${client.user.id}: an event outside a join, seq ${frame.seq}`).toBeDefined()
        expect(frame.seq, `${client.user.id}: gap-free and in order`).toBe(run!.next)
        const { owner, locked } = history.get(frame.seq)!
        expect(!locked || owner === client.user.id, `${client.user.id} may read ${frame.seq}`).toBe(true)
        expect(frame.ev).toEqual(expectedView(events[frame.seq - 1]!.ev, client.user, owner))
        run!.next++
        break
      }
      case "left":
        endRun("left", true)
        break
      case "error": {
        // A refused join ends whatever run its join replaced.
        if (frame.ref !== undefined && joins.some((join) => join.ref === frame.ref)) endRun("was replaced by a refused join", true)
        else if (run && frame.code === "forbidden") {
          // Revoked: the next event is the one that locked this member out.
          const { owner, locked } = history.get(run.next)!
          expect(locked && owner !== client.user.id, `${client.user.id} revoked at ${run.next}`).toBe(true)
          endRun("was revoked", true)
        }
        break
      }
      default:
        break
    }
  }
  endRun("ended", false)
}

describe("fan-out room: one runtime subscription per actor, catch-up per member", () => {
  it("opens one runtime subscription for every member of an actor on this node, and the runtime calls it once per event", async () => {
    const node = startNode()
    const [a, b, c] = await Promise.all([alice, bob, carol].map((user) => node.client(user)))
    const wire = "notes/one"
    expect((await a!.answer(a!.cmd(wire, { type: "add", text: "first" }))).t).toBe("ack")
    for (const client of [a!, b!, c!]) expect(await client.answer(client.join(wire))).toMatchObject({ t: "joined" })
    expect(node.runtimeCalls.subscriptions).toBe(1)
    expect(node.runtimeCalls.open).toBe(1)

    const before = node.runtimeCalls.listenerCalls
    const refs = Array.from({ length: 10 }, (_, i) => a!.cmd(wire, { type: "add", text: `note ${i}` }))
    await a!.answer(refs.at(-1)!)
    expect(node.runtimeCalls.listenerCalls - before).toBe(10)
    await settle(() => [b!, c!].every((client) => (client.socket.flush(), client.socket.framesOf("ev").length === 10)), "events")

    // The room's subscription ends with its last member, and the actor may passivate again.
    for (const client of [a!, b!]) await client.answer(client.leave(wire))
    expect(node.runtimeCalls.open).toBe(1)
    c!.socket.disconnect()
    expect(node.runtimeCalls.open).toBe(0)
    // A member joining again opens a fresh subscription, caught up from its since.
    expect(await b!.answer(b!.join(wire, 5))).toMatchObject({ t: "joined", seq: 11, events: Array.from({ length: 6 }, (_, i) => ({ seq: 6 + i })) })
    expect(node.runtimeCalls).toMatchObject({ subscriptions: 2, open: 1 })
  })

  it("a member joining mid-stream gets the events after its since, then each later event once, in order", async () => {
    const node = startNode()
    const [a, b, c] = await Promise.all([alice, bob, carol].map((user) => node.client(user)))
    const wire = "notes/mid"
    await a!.answer(a!.cmd(wire, { type: "add", text: "first" }))
    await a!.answer(a!.join(wire))
    // Commands and joins go out in one turn: the joins land between queued commands in the actor's mailbox.
    const joins: Record<string, JoinAsked[]> = { bob: [], carol: [] }
    for (let i = 0; i < 40; i++) {
      a!.cmd(wire, { type: "add", text: i % 4 === 0 ? `secret ${i}` : `note ${i}` })
      if (i === 7) joins["bob"]!.push({ ref: b!.join(wire, 1), since: 1 })
      if (i === 20) joins["carol"]!.push({ ref: c!.join(wire), since: undefined })
    }
    await settle(() => node.store.streams.get(`${TENANT}.notes.mid`)!.length === 41, "every command appended")
    for (const client of [a!, b!, c!]) await client.answer(client.ref() - 1)
    await settle(() => [a!, b!, c!].every((client) => (client.socket.flush(), client.socket.framesOf("ev").at(-1)?.seq === 41)), "the last event")
    checkStreams(node, b!, wire, joins["bob"]!)
    checkStreams(node, c!, wire, joins["carol"]!)
    expect(b!.socket.framesOf("joined")[0]!.seq).toBeGreaterThan(1)
    expect(node.runtimeCalls.subscriptions).toBe(1)
  })

  it("random joins, leaves, commands, locks and reads keep every member's stream whole (seeded)", async () => {
    const random: Random = testRandom("room catch-up")
    for (let round = 0; round < 12; round++) {
      // A short tail: catch-ups further back read the log while the mailbox waits.
      const node = startNode(8)
      const clients = await Promise.all([alice, bob, carol, bob].map((user) => node.client(user)))
      const wire = `notes/r${round}`
      const joins = new Map<Client, JoinAsked[]>(clients.map((client) => [client, []]))
      await clients[0]!.answer(clients[0]!.cmd(wire, { type: "add", text: "owner's first" }))
      for (let step = 0; step < 120; step++) {
        const client = random.pick(clients)
        const roll = random.next()
        if (roll < 0.45) client.cmd(wire, { type: "add", text: random.next() < 0.3 ? `secret ${step}` : `note ${step}` })
        else if (roll < 0.62) {
          const seen = client.socket.received.filter((f): f is ServerFrameOf<"ev"> => f.t === "ev" && f.addr === wire).at(-1)?.seq
          const since = random.next() < 0.3 ? undefined : random.next() < 0.5 ? seen : random.int(60)
          joins.get(client)!.push({ ref: client.join(wire, since), since })
        } else if (roll < 0.72) client.leave(wire)
        else if (roll < 0.73 && client === clients[0]) client.cmd(wire, { type: "lock" })
        else if (roll < 0.9) client.socket.flush()
        else await new Promise((resolve) => setImmediate(resolve))
      }
      // Every command answered and the mailbox empty; a join replaced by a later one before its answer gets none.
      const answered = (client: Client, ref: number) => client.socket.received.some((f) => (f.t === "ack" || f.t === "nack") && f.ref === ref)
      await settle(() => clients.every((c) => (c.socket.flush(), c.commands.every((ref) => answered(c, ref)))), "every command answered")
      await settle(() => node.system.stats().queuedMessages === 0, "the mailbox drained")
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve))
      for (const client of clients) {
        client.socket.flush()
        checkStreams(node, client, wire, joins.get(client)!)
      }
      expect(node.runtimeCalls.open).toBeLessThanOrEqual(1)
      for (const client of clients) client.socket.disconnect()
      expect(node.runtimeCalls.open).toBe(0)
    }
  })
})
