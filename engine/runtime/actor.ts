/**
 * One live actor: the only writer of its stream in this process. It takes one
 * message at a time from a bounded mailbox, so `decide` always sees the state
 * every earlier command produced, and nothing is applied before the log has
 * made it durable.
 */
import { Deferred, Effect, type Exit, Queue, Schema, Semaphore } from "effect"
import type { ActorKind, CommandContext, User } from "../actor-kind.ts"
import { isRejection } from "../actor-kind.ts"
import { addressKey, type Address } from "../address.ts"
import { CommandRejected } from "../errors.ts"
import type { EventLog } from "../eventlog/port.ts"
import type { Ack, DeliveredEvent, JoinRequest, Joined, PublishedEvent } from "./api.ts"
import { RecentCommands } from "./recent-commands.ts"
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

export type Message =
  | { readonly _tag: "Command"; readonly user: User; readonly commandId: string; readonly command: unknown; readonly reply: Deferred.Deferred<Ack, CommandRejected> }
  | { readonly _tag: "Join"; readonly request: JoinRequest; readonly reply: Deferred.Deferred<Joined, CommandRejected> }
  | { readonly _tag: "Inspect"; readonly reply: Deferred.Deferred<{ seq: number; state: unknown }, CommandRejected> }
  | { readonly _tag: "Stop" }

type AnyKind = ActorKind<any, any, any>

interface Subscriber {
  readonly user: User
  readonly request: JoinRequest
}

const unavailable = (message: string) => new CommandRejected({ code: "unavailable", message })
const internal = () => new CommandRejected({ code: "internal", message: "the actor failed; try again" })

/** Stops the actor after a reply: the state may no longer match the log. */
class ActorStop {
  constructor(readonly reason: string, readonly fields: Record<string, unknown>) {}
}

export class Actor {
  readonly key: string
  readonly mailbox: Queue.Queue<Message>
  private state: unknown
  private seq = 0
  private snapshotSeq = 0
  private recent: RecentCommands
  private readonly tail: DeliveredEvent[] = []
  private readonly subscribers = new Set<Subscriber>()
  private stopped = false
  private stopRequested = false
  private snapshotting = false
  private lastActive: number

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
    this.mailbox = Effect.runSync(Queue.bounded<Message>(settings.mailboxCapacity))
    this.state = kind.initialState(addr)
    this.recent = new RecentCommands(settings.recentCommands)
    this.lastActive = performance.now()
    this.decodeCommand = decoders(kind).command
    this.decodeEvent = decoders(kind).event
  }

  private readonly decodeCommand: (input: unknown) => Exit.Exit<{ type: string }, unknown>
  private readonly decodeEvent: (input: unknown) => Exit.Exit<{ type: string }, unknown>

  /** Idle with no one joined since `now - idleMs`: the registry may passivate it. */
  isIdleSince(cutoff: number): boolean {
    return !this.stopped && this.subscribers.size === 0 && this.lastActive < cutoff && Queue.sizeUnsafe(this.mailbox) === 0
  }

  /** False when the mailbox is full or the actor has stopped: the caller answers `unavailable`. */
  offer(message: Message): boolean {
    return !this.stopped && Queue.offerUnsafe(this.mailbox, message)
  }

  /** Asks the actor to finish after its current message; a full mailbox cannot block this. */
  requestStop(): void {
    this.stopRequested = true
    Queue.offerUnsafe(this.mailbox, { _tag: "Stop" })
  }

  get queued(): number {
    return Queue.sizeUnsafe(this.mailbox)
  }

  get isStopped(): boolean {
    return this.stopped
  }

  run(): Effect.Effect<void> {
    const self = this
    return Effect.gen(function* () {
      const failure = yield* self.rehydrate().pipe(Effect.catch((stop: ActorStop) => Effect.succeed(stop)))
      if (failure instanceof ActorStop) return yield* self.stop(failure)
      for (;;) {
        const message = yield* Queue.take(self.mailbox)
        self.lastActive = performance.now()
        if (message._tag === "Stop") return yield* self.stop(undefined)
        if (message._tag === "Inspect") {
          yield* Deferred.succeed(message.reply, { seq: self.seq, state: self.state })
          continue
        }
        const outcome = yield* (message._tag === "Command" ? self.handleCommand(message) : self.handleJoin(message)).pipe(
          Effect.catch((stop: ActorStop) => Effect.succeed(stop)),
          Effect.catchDefect((defect) => Effect.succeed(defect instanceof ActorStop ? defect : new ActorStop("unexpected defect", { error: String(defect) }))),
        )
        if (outcome instanceof ActorStop) return yield* self.stop(outcome)
        if (self.stopRequested) return yield* self.stop(undefined)
      }
    })
  }

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

  private handleCommand(message: Extract<Message, { _tag: "Command" }>): Effect.Effect<void, ActorStop> {
    return Effect.gen({ self: this }, function* () {
      const { user, commandId, reply } = message
      const commandKey = `${user.id}:${commandId}`
      const earlier = this.recent.get(commandKey)
      if (earlier !== undefined) return yield* Deferred.succeed(reply, { seq: earlier })

      const decoded = this.decodeCommand(message.command)
      if (decoded._tag === "Failure") {
        return yield* Deferred.fail(reply, new CommandRejected({ code: "invalid_command", message: describeSchemaFailure(decoded.cause) }))
      }
      const ctx: CommandContext = { addr: this.addr, user, now: this.settings.now(), commandId, newId: this.settings.newId }
      let decision: ReturnType<AnyKind["decide"]>
      try {
        decision = this.kind.decide(this.state, decoded.value, ctx)
      } catch (error) {
        yield* Deferred.fail(reply, internal())
        return yield* Effect.fail(new ActorStop("decide threw", { seq: this.seq, command: (decoded.value as { type: string }).type, error: String(error) }))
      }
      if (isRejection(decision)) return yield* Deferred.fail(reply, new CommandRejected({ code: decision.code, message: decision.message }))
      if (decision.length === 0) return yield* Deferred.succeed(reply, { seq: this.seq })

      const appended = yield* Effect.result(
        this.log.append({ addr: this.addr, expectedSeq: this.seq, events: decision, by: user.id, at: ctx.now, commandKey }),
      )
      if (appended._tag === "Failure") {
        const error = appended.failure
        yield* Deferred.fail(reply, unavailable(error._tag === "WrongExpectedSequence" ? "the actor moved; try again" : "the event log is unavailable; try again"))
        // A stale writer must stop; after an uncertain append (a timeout) our view of the stream may be stale too.
        return yield* Effect.fail(new ActorStop(error._tag === "WrongExpectedSequence" ? "lost ownership of its stream" : "append failed", { error: error.message }))
      }
      const { firstSeq, lastSeq } = appended.success
      yield* Deferred.succeed(reply, { seq: lastSeq })
      this.recent.remember(commandKey, lastSeq)
      decision.forEach((event, i) => {
        const envelope = { seq: firstSeq + i, by: user.id, at: ctx.now }
        const state = this.apply(event, envelope)
        this.publish({ ...envelope, addr: this.addr, ev: event, ...this.accessAt(state, event) })
      })
      if (this.seq - this.snapshotSeq >= this.settings.snapshotEvery && !this.snapshotting) {
        // Off the command path: the log is the truth, a snapshot only shortens the next replay.
        // The state is encoded now, consistent with its seq; the save waits for a permit.
        this.snapshotting = true
        const save = this.snapshotPermits.withPermits(1)(this.saveSnapshot())
        yield* Effect.forkDetach(save.pipe(Effect.ensuring(Effect.sync(() => void (this.snapshotting = false)))))
      }
    })
  }

  private accessAt(state: unknown, event: { type: string }): Pick<PublishedEvent, "viewFor" | "canRead"> {
    const kind = this.kind
    return {
      canRead: (user) => kind.canRead(state, user),
      viewFor: (user) => (!kind.canRead(state, user) ? undefined : kind.redactEvent ? kind.redactEvent(state, event, user) : event),
    }
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

  private handleJoin(message: Extract<Message, { _tag: "Join" }>): Effect.Effect<void, ActorStop> {
    return Effect.gen({ self: this }, function* () {
      const { request, reply } = message
      if (this.seq === 0) return yield* Deferred.fail(reply, new CommandRejected({ code: "not_found", message: `${this.addr.kind}/${this.addr.id} does not exist` }))
      if (!this.kind.canRead(this.state, request.user)) return yield* Deferred.fail(reply, new CommandRejected({ code: "forbidden", message: "you may not see this" }))
      const events = yield* this.eventsSince(request.since, request.user)
      const subscriber: Subscriber = { user: request.user, request }
      this.subscribers.add(subscriber)
      const leave = () => void this.subscribers.delete(subscriber)
      const joined: Joined = events
        ? { seq: this.seq, events, leave }
        : { seq: this.seq, snapshot: this.kind.redactState ? this.kind.redactState(this.state, request.user) : this.state, leave }
      yield* Deferred.succeed(reply, joined)
    })
  }

  /** Exactly the events after `since` as `user` may see them, or undefined when a snapshot serves better. */
  private eventsSince(since: number | undefined, user: User): Effect.Effect<DeliveredEvent[] | undefined, ActorStop> {
    if (since === undefined || since > this.seq || since < 0 || this.seq - since > this.settings.catchUpLimit) return Effect.succeed(undefined)
    const view = (event: DeliveredEvent): DeliveredEvent => {
      const visible = this.kind.redactEvent ? this.kind.redactEvent(this.state, event.ev, user) : event.ev
      // A withheld event keeps its place, so sequences stay gap-free for the client.
      return { ...event, ev: visible ?? { type: "withheld" } }
    }
    const firstBuffered = this.tail[0]?.seq ?? this.seq + 1
    if (since + 1 >= firstBuffered) return Effect.succeed(this.tail.filter((e) => e.seq > since).map(view))
    return this.log.readStream(this.addr, since).pipe(
      Effect.map((commits) =>
        commits.flatMap((commit) =>
          commit.events.flatMap((raw, i) => {
            const seq = commit.firstSeq + i
            return seq > since && seq <= this.seq ? [view({ seq, ev: this.decodeStored(raw, seq), by: commit.by, at: commit.at })] : []
          }),
        ),
      ),
      Effect.mapError((e) => new ActorStop("could not read its stream", { error: e.message })),
    )
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
  private stop(failure: ActorStop | undefined): Effect.Effect<void> {
    return Effect.gen({ self: this }, function* () {
      this.stopped = true
      if (failure) this.settings.logger.error(`actor stopped: ${failure.reason}`, { addr: this.key, seq: this.seq, ...failure.fields })
      else if (this.seq > this.snapshotSeq) yield* this.saveSnapshot()
      const leftover: Message[] = []
      for (let m = Queue.takeUnsafe(this.mailbox); m && m._tag === "Success"; m = Queue.takeUnsafe(this.mailbox)) leftover.push(m.value)
      this.retire(this, leftover)
      const reason = unavailable("the actor restarted; join again with since")
      for (const subscriber of this.subscribers) subscriber.request.onClose?.(reason)
      this.subscribers.clear()
    })
  }
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

const describeSchemaFailure = (cause: unknown): string => {
  const text = String(cause).replace(/\s+/g, " ").trim()
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
