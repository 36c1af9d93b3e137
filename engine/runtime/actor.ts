/**
 * One live actor: the only writer of its stream in this process. It takes one
 * message at a time from a bounded mailbox, so `decide` always sees the state
 * every earlier command produced, and nothing is applied before the log has
 * made it durable. Where it is in its life is one value (lifecycle.ts); its
 * members and their catch-up live in joins.ts, its snapshots in snapshots.ts.
 *
 * The actor is a plain message pump rather than a fiber: a command that needs
 * no I/O (a retry, a refusal, a join from memory) is answered in the caller's
 * turn, and one that appends waits for the log's callback with the rest of
 * the mailbox behind it. The hot path (decode, decide, append, fan-out, ack)
 * allocates no fibers, deferreds or generators; Effect is kept for the log's
 * I/O and at the system's edge (bench/live-path.ts measures the difference).
 */
import { Cause, Effect, Exit, Semaphore } from "effect"
import { isRejection, type AnyActorKind, type CommandContext } from "../actor-kind.ts"
import { addressKey, type Address } from "../address.ts"
import { CommandRejected } from "../errors.ts"
import type { EventLog } from "../eventlog/port.ts"
import { BoundedQueue } from "./bounded-queue.ts"
import { CommittedEvent, Members } from "./joins.ts"
import { codecOf, decodeStored, describeSchemaFailure, type KindCodec } from "./kind-codec.ts"
import {
  ABANDONED,
  absurd,
  ActorStop,
  hasEnded,
  isIdle,
  isOpen,
  LEFT,
  nextStep,
  owedReply,
  resumed,
  STARTING,
  STOPPING,
  withStopAsked,
  type Lifecycle,
} from "./lifecycle.ts"
import { answerEach, internal, isAnswerable, refused, unavailable, type Answerable, type Message, type Reply } from "./message.ts"
import { RecentCommands } from "./recent-commands.ts"
import type { ActorSettings } from "./settings.ts"
import { Snapshots } from "./snapshots.ts"

export class Actor {
  readonly key: string
  /** Resolves once the actor has left the registry (stopped, or abandoned at shutdown). */
  readonly finished: Promise<void>
  private resolveFinished!: () => void
  private readonly mailbox: BoundedQueue<Message>
  private lifecycle: Lifecycle = STARTING
  /** pump() is on the stack: a message offered from inside a reply waits for its loop instead of recursing. */
  private pumping = false
  private state: unknown
  private seq = 0
  private recent: RecentCommands
  private readonly members: Members
  private readonly snapshots: Snapshots
  private readonly codec: KindCodec
  private lastActive: number

  constructor(
    readonly addr: Address,
    private readonly kind: AnyActorKind,
    private readonly log: EventLog,
    private readonly settings: ActorSettings,
    /** Removes this actor from the registry and hands back messages that arrived too late. */
    private readonly retire: (actor: Actor, leftover: Answerable[]) => void,
    /** Shared by the system's actors: bounds the periodic snapshots saving at once. */
    snapshotPermits: Semaphore.Semaphore = Semaphore.makeUnsafe(settings.concurrentSnapshots),
  ) {
    this.key = addressKey(addr)
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve))
    this.mailbox = new BoundedQueue(settings.mailboxCapacity)
    this.state = kind.initialState(addr)
    this.recent = new RecentCommands(settings.recentCommands)
    this.members = new Members(addr, this.key, kind, settings)
    this.snapshots = new Snapshots(addr, this.key, log, settings, snapshotPermits)
    this.codec = codecOf(kind)
    this.lastActive = performance.now()
  }

  /** Rebuilds the state from the log; messages offered meanwhile wait. */
  start(): void {
    Effect.runCallback(this.rehydrate(), {
      onExit: (exit) => {
        const state = this.lifecycle
        if (state._tag !== "Starting") return // abandoned while starting
        if (Exit.isFailure(exit)) {
          const failure = Cause.squash(exit.cause)
          return this.stop(failure instanceof ActorStop ? failure : new ActorStop("could not rebuild its state", { error: String(failure) }))
        }
        this.lifecycle = resumed(state)
        this.pump()
      },
    })
  }

  /** Idle with no one joined since `cutoff`: the registry may passivate it. */
  isIdleSince(cutoff: number): boolean {
    return isIdle(this.lifecycle) && this.members.count === 0 && this.lastActive < cutoff && this.mailbox.size === 0
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
    answerEach(this.mailbox.drain(), reason)
    this.resolveFinished()
  }

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
      case "Subscribe":
        return this.members.subscribe(message.subscriber, message.reply, this.seq)
      case "CatchUp":
        return this.handleCatchUp(message)
      default:
        return absurd(message)
    }
  }

  private handleCommand(message: Extract<Message, { _tag: "Command" }>): void {
    const { user, commandId, reply } = message
    const commandKey = `${user.id}:${commandId}`
    const earlier = this.recent.get(commandKey)
    if (earlier !== undefined) return reply(Exit.succeed({ seq: earlier }))

    const decoded = this.codec.decodeCommand(message.command)
    if (decoded._tag === "Failure") return reply(refused("invalid_command", describeSchemaFailure(decoded.cause, message.command)))
    const ctx: CommandContext = { addr: this.addr, user, now: this.settings.now(), commandId, newId: this.settings.newId }
    let decision: ReturnType<AnyActorKind["decide"]>
    try {
      decision = this.kind.decide(this.state, decoded.value, ctx)
    } catch (error) {
      reply(internal())
      throw new ActorStop("decide threw", { seq: this.seq, command: decoded.value.type, error: String(error) })
    }
    if (isRejection(decision)) return reply(refused(decision.code, decision.message))
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
          this.members.publish(new CommittedEvent(this.addr, envelope.seq, event, envelope.by, envelope.at, this.kind, state))
        }
      } finally {
        // Durable, so acknowledged even if folding it in failed (the actor then stops and replays).
        reply(Exit.succeed({ seq: lastSeq }))
      }
      this.snapshots.saveEvery(this.seq, this.state, this.recent)
    })
  }

  /** Folds one event in and keeps it for rejoining members; returns the state it produced. */
  private apply(event: { type: string }, envelope: { seq: number; by: string; at: number }): unknown {
    try {
      this.state = this.kind.evolve(this.state, event, envelope)
    } catch (error) {
      throw new ActorStop("evolve threw", { seq: envelope.seq, type: event.type, error: String(error) })
    }
    this.seq = envelope.seq
    this.members.remember({ seq: envelope.seq, ev: event, by: envelope.by, at: envelope.at })
    return this.state
  }

  /** Joins atomically with the mailbox: the catch-up is exactly what came before, `onEvent` everything after. */
  private handleJoin({ request, reply }: Extract<Message, { _tag: "Join" }>): void {
    const since = this.members.join(request, reply, this.seq, this.state)
    if (since === undefined) return
    this.awaitLog(this.log.readStream(this.addr, since), reply, (read) =>
      this.members.fromLog(read, request, reply, since, this.seq, this.state, this.codec),
    )
  }

  /** A member of a node's subscription catches up in the actor's turn: the subscriber has had every event up to `seq`, and none after. */
  private handleCatchUp({ request, reply }: Extract<Message, { _tag: "CatchUp" }>): void {
    const since = this.members.catchUpFor(request, reply, this.seq, this.state)
    if (since === undefined) return
    this.awaitLog(this.log.readStream(this.addr, since), reply, (read) =>
      this.members.catchUpFromLog(read, request, reply, since, this.seq, this.state, this.codec),
    )
  }

  private rehydrate(): Effect.Effect<void, ActorStop> {
    return Effect.gen({ self: this }, function* () {
      const snapshot = yield* this.snapshots.load()
      if (snapshot) {
        this.state = snapshot.state
        this.seq = snapshot.seq
        this.recent = RecentCommands.fromEntries(this.settings.recentCommands, snapshot.recent)
      }
      const commits = yield* this.log
        .readStream(this.addr, this.seq)
        .pipe(Effect.mapError((e) => new ActorStop("could not read its stream", { error: e.message })))
      for (const commit of commits) {
        commit.events.forEach((raw, i) => {
          const seq = commit.firstSeq + i
          if (seq <= this.seq) return
          if (seq !== this.seq + 1) throw new ActorStop("gap in its stream", { expected: this.seq + 1, seq })
          this.apply(decodeStored(this.codec, raw, seq), { seq, by: commit.by, at: commit.at })
        })
        this.recent.remember(commit.commandKey, commit.firstSeq + commit.events.length - 1)
      }
    }).pipe(
      Effect.catchDefect((defect) =>
        Effect.fail(defect instanceof ActorStop ? defect : new ActorStop("could not rebuild its state", { error: String(defect) })),
      ),
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
    if (failure || this.snapshots.holds(this.seq)) return this.leave(handOn)
    this.lifecycle = STOPPING
    Effect.runCallback(this.snapshots.save(this.seq, this.state, this.recent), {
      onExit: () => {
        if (this.lifecycle._tag === "Stopping") this.leave(handOn)
      },
    })
  }

  /** Leaves the registry, handing on (or answering) what is still queued, and ends joined clients. */
  private leave(handOn: boolean): void {
    this.lifecycle = LEFT
    // A Stop asked for this instance only: handed on, it would start a successor just to stop it (at shutdown, one nobody waits for).
    const leftover = this.mailbox.drain().filter(isAnswerable)
    if (!handOn) answerEach(leftover.splice(0), unavailable("the actor cannot start; see the node's log"))
    this.retire(this, leftover)
    this.members.closeAll(new CommandRejected({ code: "unavailable", message: "the actor restarted; join again with since" }))
    this.resolveFinished()
  }
}
