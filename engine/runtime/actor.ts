/**
 * One live actor: the only writer of its stream in this process. It takes one
 * message at a time from a bounded mailbox, so `decide` always sees the state
 * every earlier command produced, and nothing is applied before the log has
 * made it durable.
 *
 * The actor is a plain message pump rather than a fiber: a command that needs
 * no I/O (a retry, a refusal, a join from memory) is answered in the caller's
 * turn, and one that appends waits for the log's callback with the rest of
 * the mailbox behind it. The hot path (decode, decide, append, fan-out, ack)
 * allocates no fibers, deferreds or generators; Effect is kept for the log's
 * I/O and at the system's edge (bench/live-path.ts measures the difference).
 */
import { Cause, Effect, Exit, Schema, Semaphore } from "effect"
import type { ActorKind, CommandContext, User } from "../actor-kind.ts"
import { isRejection } from "../actor-kind.ts"
import { addressKey, type Address } from "../address.ts"
import { CommandRejected, type ErrorCode } from "../errors.ts"
import type { EventLog } from "../eventlog/port.ts"
import type { DeliveredEvent, JoinRequest, PublishedEvent } from "./api.ts"
import { BoundedQueue } from "./bounded-queue.ts"
import { ABANDONED, absurd, hasEnded, isIdle, isOpen, LEFT, nextStep, owedReply, resumed, STARTING, STOPPING, withStopAsked, type Lifecycle } from "./lifecycle.ts"
import type { Message, Reply } from "./message.ts"
import { RecentCommands } from "./recent-commands.ts"
import { describeSchemaFailure as describeIssues } from "../schema-issues.ts"
import { decodeSnapshot, encodeSnapshot } from "./snapshot-codec.ts"

export interface ActorSettings {
  readonly snapshotEvery: number
  /**
   * Periodic snapshots saving at once across the whole system. Each save is a
   * few file operations and two fsyncs on the libuv threadpool (4 threads),
   * where the log's own write and fsync wait behind them: unbounded, a burst
   * of snapshots holds up every ack and fan-out (bench: live 100x10@3000).
   */
  readonly concurrentSnapshots: number
  readonly passivateAfterMs: number
  readonly mailboxCapacity: number
  readonly recentCommands: number
  /** Events kept in memory for rejoining clients; older `since` values read the log or get a snapshot. */
  readonly tailBuffer: number
  /** A client further behind than this gets a snapshot instead of events. */
  readonly catchUpLimit: number
  readonly now: () => number
  readonly newId: () => string
  readonly logger: Logger
}

export interface Logger {
  readonly info: (message: string, fields?: Record<string, unknown>) => void
  readonly error: (message: string, fields?: Record<string, unknown>) => void
}

type AnyKind = ActorKind<any, any, any>

interface Subscriber {
  readonly user: User
  readonly request: JoinRequest
}

const rejected = (code: ErrorCode, message: string) => Exit.fail(new CommandRejected({ code, message }))
const unavailable = (message: string) => rejected("unavailable", message)
const internal = () => rejected("internal", "the actor failed; try again")

/** Stops the actor after a reply: the state may no longer match the log. */
class ActorStop {
  constructor(readonly reason: string, readonly fields: Record<string, unknown>) {}
}

export class Actor {
  readonly key: string
  /** Resolves once the actor has left the registry (stopped, or abandoned at shutdown). */
  readonly finished: Promise<void>
  private resolveFinished!: () => void
  private readonly mailbox: BoundedQueue<Message>
  private state: unknown
  private seq = 0
  private snapshotSeq = 0
  private recent: RecentCommands
  private readonly tail: DeliveredEvent[] = []
  private readonly subscribers = new Set<Subscriber>()
  private lifecycle: Lifecycle = STARTING
  /** pump() is on the stack: a message offered from inside a reply waits for its loop instead of recursing. */
  private pumping = false
  private snapshotting = false
  private lastActive: number
  private readonly decodeCommand: (input: unknown) => Exit.Exit<{ type: string }, unknown>
  private readonly decodeEvent: (input: unknown) => Exit.Exit<{ type: string }, unknown>

  constructor(
    readonly addr: Address,
    private readonly kind: AnyKind,
    private readonly log: EventLog,
    private readonly settings: ActorSettings,
    /** Removes this actor from the registry and hands back messages that arrived too late. */
    private readonly retire: (actor: Actor, leftover: Message[]) => void,
    /** Shared by the system's actors: bounds the periodic snapshots saving at once. */
    private readonly snapshotPermits: Semaphore.Semaphore = Semaphore.makeUnsafe(settings.concurrentSnapshots),
  ) {
    this.key = addressKey(addr)
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve))
    this.mailbox = new BoundedQueue(settings.mailboxCapacity)
    this.state = kind.initialState(addr)
    this.recent = new RecentCommands(settings.recentCommands)
    this.lastActive = performance.now()
    this.decodeCommand = decoders(kind).command
    this.decodeEvent = decoders(kind).event
  }

  /** Rebuilds the state from the log; messages offered meanwhile wait. */
  start(): void {
    Effect.runCallback(this.rehydrate(), {
      onExit: (exit) => {
        const state = this.lifecycle
        if (state._tag !== "Starting") return // abandoned while starting
        if (Exit.isFailure(exit)) return this.stop(failureOf(exit.cause) ?? new ActorStop("could not rebuild its state", { error: String(Cause.squash(exit.cause)) }))
        this.lifecycle = resumed(state)
        this.pump()
      },
    })
  }

  /** Idle with no one joined since `cutoff`: the registry may passivate it. */
  isIdleSince(cutoff: number): boolean {
    return isIdle(this.lifecycle) && this.subscribers.size === 0 && this.lastActive < cutoff && this.mailbox.size === 0
  }

  /** False when the mailbox is full or the actor has stopped: the caller answers `unavailable`. */
  offer(message: Message): boolean {
    if (!isOpen(this.lifecycle) || !this.mailbox.offer(message)) return false
    this.pump()
    return true
  }

  /** Asks the actor to finish after its current message; a full mailbox cannot block this. */
  requestStop(): void {
    const next = withStopAsked(this.lifecycle)
    if (next === undefined) return
    this.lifecycle = next
    this.mailbox.force({ _tag: "Stop" })
    this.pump()
  }

  get queued(): number {
    return this.mailbox.size
  }

  get isStopped(): boolean {
    return !isOpen(this.lifecycle)
  }

  /**
   * Shutdown's grace ran out while this actor waited on the log: whatever is
   * in flight or queued is answered `unavailable` (never acknowledged, so a
   * retry with the same id is safe), and a late answer from the log is ignored.
   */
  abandon(): void {
    const state = this.lifecycle
    if (hasEnded(state)) return
    this.lifecycle = ABANDONED
    const reason = unavailable("the node is shutting down; retry on another node")
    owedReply(state)?.(reason)
    for (const message of this.mailbox.drain()) if (message._tag !== "Stop") (message.reply as Reply<never>)(reason)
    this.resolveFinished()
  }

  // ---- the pump

  private pump(): void {
    if (this.pumping) return
    this.pumping = true
    try {
      for (;;) {
        const step = nextStep(this.lifecycle)
        if (step === "stop") return this.stop(undefined)
        if (step === "hold") return
        step satisfies "take"
        const message = this.mailbox.take()
        if (message === undefined) return
        this.lastActive = performance.now()
        this.guarded(() => this.handle(message))
      }
    } finally {
      this.pumping = false
    }
  }

  /** Runs one step; an ActorStop, or anything else thrown, stops the actor. */
  private guarded(step: () => void): void {
    try {
      step()
    } catch (error) {
      this.stop(error instanceof ActorStop ? error : new ActorStop("unexpected defect", { error: String(error) }))
    }
  }

  /** Holds the mailbox until `effect` (the log's I/O) is done, then continues with `then`; `reply` is owed meanwhile. */
  private awaitLog<A, E>(effect: Effect.Effect<A, E>, reply: Reply<never>, then: (exit: Exit.Exit<A, E>) => void): void {
    this.lifecycle = { _tag: "AwaitingLog", reply, stopAsked: this.lifecycle._tag === "StopAsked" }
    Effect.runCallback(effect, {
      onExit: (exit) => {
        const state = this.lifecycle
        if (state._tag !== "AwaitingLog") return // abandoned meanwhile, and `reply` answered then
        this.lifecycle = resumed(state)
        this.guarded(() => then(exit))
        this.pump()
      },
    })
  }

  private handle(message: Message): void {
    switch (message._tag) {
      case "Stop":
        return this.stop(undefined)
      case "Inspect":
        return message.reply(Exit.succeed({ seq: this.seq, state: this.state }))
      case "Command":
        return this.handleCommand(message)
      case "Join":
        return this.handleJoin(message)
      default:
        return absurd(message)
    }
  }

  // ---- commands

  private handleCommand(message: Extract<Message, { _tag: "Command" }>): void {
    const { user, commandId, reply } = message
    const commandKey = `${user.id}:${commandId}`
    const earlier = this.recent.get(commandKey)
    if (earlier !== undefined) return reply(Exit.succeed({ seq: earlier }))

    const decoded = this.decodeCommand(message.command)
    if (decoded._tag === "Failure") return reply(rejected("invalid_command", describeSchemaFailure(decoded.cause, message.command)))
    const ctx: CommandContext = { addr: this.addr, user, now: this.settings.now(), commandId, newId: this.settings.newId }
    let decision: ReturnType<AnyKind["decide"]>
    try {
      decision = this.kind.decide(this.state, decoded.value, ctx)
    } catch (error) {
      reply(internal())
      throw new ActorStop("decide threw", { seq: this.seq, command: decoded.value.type, error: String(error) })
    }
    if (isRejection(decision)) return reply(rejected(decision.code, decision.message))
    if (decision.length === 0) return reply(Exit.succeed({ seq: this.seq }))

    const events = decision
    this.awaitLog(this.log.append({ addr: this.addr, expectedSeq: this.seq, events, by: user.id, at: ctx.now, commandKey }), reply, (appended) => {
      if (Exit.isFailure(appended)) {
        const error = Cause.findErrorOption(appended.cause)
        if (error._tag === "None") {
          reply(internal())
          throw new ActorStop("append failed", { error: String(Cause.squash(appended.cause)) })
        }
        const lostOwnership = error.value._tag === "WrongExpectedSequence"
        reply(unavailable(lostOwnership ? "the actor moved; try again" : "the event log is unavailable; try again"))
        // A stale writer must stop; after an uncertain append (a timeout) our view of the stream may be stale too.
        throw new ActorStop(lostOwnership ? "lost ownership of its stream" : "append failed", { error: error.value.message })
      }
      const { firstSeq, lastSeq } = appended.value
      this.recent.remember(commandKey, lastSeq)
      try {
        for (let i = 0; i < events.length; i++) {
          const event = events[i]!
          const envelope = { seq: firstSeq + i, by: user.id, at: ctx.now }
          const state = this.apply(event, envelope)
          this.publish(new CommittedEvent(this.addr, envelope.seq, event, envelope.by, envelope.at, this.kind, state))
        }
      } finally {
        // Durable, so acknowledged even if folding it in failed (the actor then stops and replays).
        reply(Exit.succeed({ seq: lastSeq }))
      }
      this.maybeSnapshot()
    })
  }

  private maybeSnapshot(): void {
    if (this.seq - this.snapshotSeq < this.settings.snapshotEvery || this.snapshotting) return
    // Off the command path: the log is the truth, a snapshot only shortens the next replay.
    // The state is encoded now, consistent with its seq; the save waits for a permit.
    this.snapshotting = true
    const save = this.snapshotPermits.withPermits(1)(this.saveSnapshot())
    Effect.runFork(save.pipe(Effect.ensuring(Effect.sync(() => void (this.snapshotting = false)))))
  }

  /** Folds one event in and remembers it for rejoining clients; returns the state it produced. */
  private apply(event: { type: string }, envelope: { seq: number; by: string; at: number }): unknown {
    try {
      this.state = this.kind.evolve(this.state, event, envelope)
    } catch (error) {
      throw new ActorStop("evolve threw", { seq: envelope.seq, type: event.type, error: String(error) })
    }
    this.seq = envelope.seq
    this.tail.push({ seq: envelope.seq, ev: event, by: envelope.by, at: envelope.at })
    if (this.tail.length > this.settings.tailBuffer) this.tail.shift()
    return this.state
  }

  private publish(event: PublishedEvent): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber.request.onEvent(event)
      } catch (error) {
        this.settings.logger.error("subscriber threw", { addr: this.key, seq: event.seq, error: String(error) })
      }
    }
  }

  // ---- joins

  private handleJoin(message: Extract<Message, { _tag: "Join" }>): void {
    const { request, reply } = message
    if (this.seq === 0) return reply(rejected("not_found", `${this.addr.kind}/${this.addr.id} does not exist`))
    if (!this.kind.canRead(this.state, request.user)) return reply(rejected("forbidden", "you may not see this"))
    const since = request.since
    if (since === undefined || since > this.seq || since < 0 || this.seq - since > this.settings.catchUpLimit) return this.subscribe(message, undefined)
    const view = (event: DeliveredEvent): DeliveredEvent => {
      const visible = this.kind.redactEvent ? this.kind.redactEvent(this.state, event.ev, request.user) : event.ev
      // A withheld event keeps its place, so sequences stay gap-free for the client.
      return { ...event, ev: visible ?? { type: "withheld" } }
    }
    const firstBuffered = this.tail[0]?.seq ?? this.seq + 1
    if (since + 1 >= firstBuffered) return this.subscribe(message, this.tail.filter((e) => e.seq > since).map(view))
    this.awaitLog(this.log.readStream(this.addr, since), reply, (read) => {
      if (Exit.isFailure(read)) {
        reply(unavailable("the event log is unavailable; try again"))
        throw new ActorStop("could not read its stream", { error: String(Cause.squash(read.cause)) })
      }
      const events: DeliveredEvent[] = []
      try {
        for (const commit of read.value) {
          commit.events.forEach((raw, i) => {
            const seq = commit.firstSeq + i
            if (seq > since && seq <= this.seq) events.push(view({ seq, ev: this.decodeStored(raw, seq), by: commit.by, at: commit.at }))
          })
        }
      } catch (error) {
        reply(internal())
        throw error
      }
      this.subscribe(message, events)
    })
  }

  /** Joins atomically with the mailbox: the catch-up is exactly what came before, `onEvent` everything after. */
  private subscribe({ request, reply }: Extract<Message, { _tag: "Join" }>, events: DeliveredEvent[] | undefined): void {
    const subscriber: Subscriber = { user: request.user, request }
    this.subscribers.add(subscriber)
    const leave = () => void this.subscribers.delete(subscriber)
    const snapshot = () => (this.kind.redactState ? this.kind.redactState(this.state, request.user) : this.state)
    reply(Exit.succeed(events ? { seq: this.seq, events, leave } : { seq: this.seq, snapshot: snapshot(), leave }))
  }

  // ---- rehydration, snapshots, stopping

  private rehydrate(): Effect.Effect<void, ActorStop> {
    return Effect.gen({ self: this }, function* () {
      const snapshot = yield* this.log.loadSnapshot(this.addr).pipe(Effect.mapError((e) => new ActorStop("could not load snapshot", { error: e.message })))
      const decoded = snapshot && this.readSnapshot(snapshot.state)
      if (snapshot && decoded) {
        this.state = decoded.state
        this.seq = this.snapshotSeq = snapshot.seq
        this.recent = RecentCommands.fromEntries(this.settings.recentCommands, decoded.recent)
      }
      const commits = yield* this.log.readStream(this.addr, this.seq).pipe(Effect.mapError((e) => new ActorStop("could not read its stream", { error: e.message })))
      for (const commit of commits) {
        commit.events.forEach((raw, i) => {
          const seq = commit.firstSeq + i
          if (seq <= this.seq) return
          if (seq !== this.seq + 1) throw new ActorStop("gap in its stream", { expected: this.seq + 1, seq })
          this.apply(this.decodeStored(raw, seq), { seq, by: commit.by, at: commit.at })
        })
        this.recent.remember(commit.commandKey, commit.firstSeq + commit.events.length - 1)
      }
    }).pipe(Effect.catchDefect((defect) => Effect.fail(defect instanceof ActorStop ? defect : new ActorStop("could not rebuild its state", { error: String(defect) }))))
  }

  /** A snapshot we cannot read is only a lost shortcut: replay the whole stream instead. */
  private readSnapshot(bytes: Uint8Array) {
    try {
      const decoded = decodeSnapshot(bytes)
      if (!decoded) this.settings.logger.error("ignoring a snapshot of an unknown version", { addr: this.key })
      return decoded
    } catch (error) {
      this.settings.logger.error("ignoring an unreadable snapshot", { addr: this.key, error: String(error) })
      return undefined
    }
  }

  private decodeStored(raw: unknown, seq: number): { type: string } {
    const decoded = this.decodeEvent(raw)
    if (decoded._tag === "Failure") throw new ActorStop("an event it cannot read", { seq, error: describeSchemaFailure(decoded.cause) })
    return decoded.value
  }

  private saveSnapshot(): Effect.Effect<void> {
    const seq = this.seq
    const bytes = encodeSnapshot({ version: 1, state: this.state, recent: this.recent.toEntries() })
    return this.log.saveSnapshot(this.addr, { seq, state: bytes }).pipe(
      Effect.map(() => void (this.snapshotSeq = Math.max(this.snapshotSeq, seq))),
      // A lost snapshot costs only a longer replay; the log stays the truth.
      Effect.catch((error) => Effect.sync(() => this.settings.logger.error("snapshot failed", { addr: this.key, seq, error: error.message }))),
    )
  }

  /** Passivation (no reason) or failure: snapshot when healthy, leave the registry, end joined clients. */
  private stop(failure: ActorStop | undefined): void {
    const from = this.lifecycle
    if (!isOpen(from)) return
    // Every message gets exactly one answer, whatever stops the actor.
    owedReply(from)?.(unavailable("the actor stopped; try again"))
    if (failure) this.settings.logger.error(`actor stopped: ${failure.reason}`, { addr: this.key, seq: this.seq, ...failure.fields })
    // A successor would fail to rebuild the same way: what waited for an actor that never started is answered, not handed on.
    const handOn = from._tag !== "Starting"
    if (failure || this.seq <= this.snapshotSeq) return this.leave(handOn)
    this.lifecycle = STOPPING
    Effect.runCallback(this.saveSnapshot(), {
      onExit: () => {
        if (this.lifecycle._tag === "Stopping") this.leave(handOn)
      },
    })
  }

  /** Leaves the registry, handing on (or answering) what is still queued, and ends joined clients. */
  private leave(handOn: boolean): void {
    this.lifecycle = LEFT
    const leftover = this.mailbox.drain()
    if (!handOn) for (const message of leftover.splice(0)) if (message._tag !== "Stop") (message.reply as Reply<never>)(unavailable("the actor cannot start; see the node's log"))
    this.retire(this, leftover)
    const reason = new CommandRejected({ code: "unavailable", message: "the actor restarted; join again with since" })
    for (const subscriber of this.subscribers) subscriber.request.onClose?.(reason)
    this.subscribers.clear()
    this.resolveFinished()
  }
}

/**
 * An event as published to joined members, judged against the state it
 * produced. A class rather than an object of closures: one is made per event
 * and read by every member, so its checks are methods, not allocations.
 */
class CommittedEvent implements PublishedEvent {
  constructor(
    readonly addr: Address,
    readonly seq: number,
    readonly ev: { readonly type: string },
    readonly by: string,
    readonly at: number,
    private readonly kind: AnyKind,
    private readonly state: unknown,
  ) {}

  canRead(user: User): boolean {
    return this.kind.canRead(this.state, user)
  }

  viewFor(user: User): { readonly type: string } | undefined {
    if (!this.kind.canRead(this.state, user)) return undefined
    return this.kind.redactEvent ? this.kind.redactEvent(this.state, this.ev, user) : this.ev
  }
}

const failureOf = <E>(cause: Cause.Cause<E>): E | undefined => {
  const found = Cause.findErrorOption(cause)
  return found._tag === "Some" ? found.value : undefined
}

const decoderCache = new WeakMap<AnyKind, { command: Actor["decodeCommand"]; event: Actor["decodeEvent"] }>()

/** Building a decoder compiles the schema; do it once per kind, not per message. */
const decoders = (kind: AnyKind) => {
  let cached = decoderCache.get(kind)
  if (!cached) {
    cached = { command: Schema.decodeUnknownExit(kind.commandSchema), event: Schema.decodeUnknownExit(kind.eventSchema) }
    decoderCache.set(kind, cached)
  }
  return cached
}

/** Which field of the command (or stored event) is wrong, in plain words; `input` lets it quote what was sent. */
const describeSchemaFailure = (cause: unknown, input?: unknown): string =>
  describeIssues(cause, input === undefined ? {} : { input, root: "cmd", noun: "command" })
