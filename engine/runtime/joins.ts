/**
 * The members joined to one actor, and the recent events it keeps for those
 * who rejoin. A join (or a member catching up on a node's subscription) gets
 * the state as the user may see it, or exactly the events after its `since`
 * (from memory, or read back from the log), and then every later event in
 * order; the actor decides when, so a join never misses or repeats an event
 * between the two.
 */
import { Cause, Exit } from "effect"
import type { AnyActorKind, User } from "../actor-kind.ts"
import type { Address } from "../address.ts"
import type { CommandRejected, ErrorCode, LogUnavailable } from "../errors.ts"
import type { Commit } from "../eventlog/port.ts"
import type { CatchUp, CatchUpRequest, DeliveredEvent, JoinRequest, Joined, PublishedEvent, Subscribed, Subscriber } from "./api.ts"
import { decodeStored, type KindCodec } from "./kind-codec.ts"
import { absurd, ActorStop } from "./lifecycle.ts"
import { internal, refused, unavailable, type Reply } from "./message.ts"
import type { ActorSettings } from "./settings.ts"

/** How a join is answered, given the actor's state when its turn comes. */
type JoinPlan =
  | { readonly _tag: "Refuse"; readonly code: ErrorCode; readonly message: string }
  /** The state as the user may see it. */
  | { readonly _tag: "Snapshot"; readonly snapshot: unknown }
  | { readonly _tag: "Events"; readonly events: DeliveredEvent[] }
  /** Older than what is kept in memory: the events after `since` must be read from the log. */
  | { readonly _tag: "ReadLog"; readonly since: number }

/** One join or subscription: the same request joined twice is two members, each with its own `leave`. */
interface Member {
  readonly subscriber: Subscriber
}

/** Who a catch-up is for: the user whose access and view it is judged by, and where they left off. */
type CatchUpFor = Pick<CatchUpRequest, "user" | "since">

/** How a catch-up that is ready is handed over: adding a member for a join, or only answering for a subscription's member. */
type Complete = (catchUp: CatchUp) => void

/**
 * Members joined to one actor (each socket's join, or the node's one
 * subscription that a fan-out room shares), and the recent events kept for
 * catch-ups. A catch-up is answered in the actor's turn, so it meets the
 * member's subscription with nothing missed or repeated.
 */
export class Members {
  private readonly joined = new Set<Member>()
  private readonly tail: DeliveredEvent[] = []

  constructor(
    private readonly addr: Address,
    private readonly key: string,
    private readonly kind: AnyActorKind,
    private readonly settings: Pick<ActorSettings, "tailBuffer" | "catchUpLimit" | "logger">,
  ) {}

  get count(): number {
    return this.joined.size
  }

  /**
   * Answers a join at the actor's `seq` and `state`, unless its catch-up
   * reaches back past the events kept here: then it returns the seq to read
   * the log after, and `fromLog` answers it once the read is back.
   */
  join(request: JoinRequest, reply: Reply<Joined>, seq: number, state: unknown): number | undefined {
    return this.catchUp(request, reply, seq, state, (catchUp) => this.add(request, (leave) => reply(Exit.succeed({ ...catchUp, leave }))))
  }

  /** Adds a node's subscriber, with no catch-up of its own: it gets every event after `seq`. */
  subscribe(subscriber: Subscriber, reply: Reply<Subscribed>, seq: number): void {
    this.add(subscriber, (leave) => reply(Exit.succeed({ seq, leave })))
  }

  /**
   * Answers one member's catch-up for a subscriber already here (see `join` for the log's part); a subscriber
   * that is not (the actor that had it stopped, and its onClose said so) gets `unavailable`.
   */
  catchUpFor(request: CatchUpRequest, reply: Reply<CatchUp>, seq: number, state: unknown): number | undefined {
    if (!this.has(request.subscriber)) {
      reply(unavailable("the actor restarted; join again with since"))
      return undefined
    }
    return this.catchUp(request, reply, seq, state, (catchUp) => reply(Exit.succeed(catchUp)))
  }

  /** The catch-up from memory (handed to `complete`), or the seq to read the log after. */
  private catchUp(request: CatchUpFor, reply: Reply<never>, seq: number, state: unknown, complete: Complete): number | undefined {
    let plan: JoinPlan
    try {
      plan = this.plan(request, seq, state)
    } catch (error) {
      // The kind's canRead, redactEvent or redactState threw: the join is answered and no member added; the actor
      // stops and its successor rebuilds from the log, in case the throw left the state half changed.
      reply(internal())
      throw new ActorStop("a join could not be answered", { seq, error: String(error) })
    }
    switch (plan._tag) {
      case "Refuse":
        reply(refused(plan.code, plan.message))
        break
      case "Snapshot":
        complete({ seq, snapshot: plan.snapshot })
        break
      case "Events":
        complete({ seq, events: plan.events })
        break
      case "ReadLog":
        return plan.since
      default:
        return absurd(plan)
    }
    return undefined
  }

  /** Answers a join with the events after `since` read back from the log; a failed read, or an event the kind cannot read, stops the actor. */
  fromLog(
    read: Exit.Exit<readonly Commit[], LogUnavailable>,
    request: JoinRequest,
    reply: Reply<Joined>,
    since: number,
    seq: number,
    state: unknown,
    codec: KindCodec,
  ): void {
    const events = this.readBack(read, request, reply, since, seq, state, codec)
    this.add(request, (leave) => reply(Exit.succeed({ seq, events, leave })))
  }

  /** `fromLog` for a subscriber's member: answers, adds no one. */
  catchUpFromLog(
    read: Exit.Exit<readonly Commit[], LogUnavailable>,
    request: CatchUpRequest,
    reply: Reply<CatchUp>,
    since: number,
    seq: number,
    state: unknown,
    codec: KindCodec,
  ): void {
    const events = this.readBack(read, request, reply, since, seq, state, codec)
    // The read held the mailbox, so no event passed meanwhile; the subscriber can only have left.
    if (!this.has(request.subscriber)) return reply(unavailable("the actor restarted; join again with since"))
    reply(Exit.succeed({ seq, events }))
  }

  private readBack(
    read: Exit.Exit<readonly Commit[], LogUnavailable>,
    request: CatchUpFor,
    reply: Reply<never>,
    since: number,
    seq: number,
    state: unknown,
    codec: KindCodec,
  ): DeliveredEvent[] {
    if (Exit.isFailure(read)) {
      reply(unavailable("the event log is unavailable; try again"))
      throw new ActorStop("could not read its stream", { error: String(Cause.squash(read.cause)) })
    }
    const events: DeliveredEvent[] = []
    try {
      for (const commit of read.value) {
        commit.events.forEach((raw, i) => {
          const eventSeq = commit.firstSeq + i
          if (eventSeq > since && eventSeq <= seq)
            events.push(this.view({ seq: eventSeq, ev: decodeStored(codec, raw, eventSeq), by: commit.by, at: commit.at }, state, request.user))
        })
      }
    } catch (error) {
      reply(internal())
      throw error
    }
    return events
  }

  /** Runs the kind's code for the answer, so whatever it throws comes before any member is added. */
  private plan(request: CatchUpFor, seq: number, state: unknown): JoinPlan {
    if (seq === 0) return { _tag: "Refuse", code: "not_found", message: `${this.addr.kind}/${this.addr.id} does not exist` }
    if (!this.kind.canRead(state, request.user)) return { _tag: "Refuse", code: "forbidden", message: "you may not see this" }
    const since = request.since
    if (since === undefined || since > seq || since < 0 || seq - since > this.settings.catchUpLimit) {
      return { _tag: "Snapshot", snapshot: this.kind.redactState ? this.kind.redactState(state, request.user) : state }
    }
    const firstBuffered = this.tail[0]?.seq ?? seq + 1
    if (since + 1 < firstBuffered) return { _tag: "ReadLog", since }
    return { _tag: "Events", events: this.tail.filter((e) => e.seq > since).map((e) => this.view(e, state, request.user)) }
  }

  /** Adds a member and hands `answer` its leave. */
  private add(subscriber: Subscriber, answer: (leave: () => void) => void): void {
    const member: Member = { subscriber }
    this.joined.add(member)
    answer(() => void this.joined.delete(member))
  }

  private has(subscriber: Subscriber): boolean {
    for (const member of this.joined) if (member.subscriber === subscriber) return true
    return false
  }

  /** Keeps a committed event for members who rejoin with `since`. */
  remember(event: DeliveredEvent): void {
    this.tail.push(event)
    if (this.tail.length > this.settings.tailBuffer) this.tail.shift()
  }

  publish(event: PublishedEvent): void {
    for (const { subscriber } of this.joined) {
      try {
        subscriber.onEvent(event)
      } catch (error) {
        this.settings.logger.error("subscriber threw", { addr: this.key, seq: event.seq, error: String(error) })
      }
    }
  }

  /**
   * The actor stopped: no more events will come, and each member is told to join again. A member's handler that
   * throws is logged and skipped: it must not keep the others from being told, nor reach whatever stopped the
   * actor (a sender's turn, the log's callback, shutdown), which would then never see it finish.
   */
  closeAll(reason: CommandRejected): void {
    for (const { subscriber } of this.joined) {
      try {
        subscriber.onClose?.(reason)
      } catch (error) {
        this.settings.logger.error("a member's onClose threw", { addr: this.key, error: String(error) })
      }
    }
    this.joined.clear()
  }

  private view(event: DeliveredEvent, state: unknown, user: User): DeliveredEvent {
    const visible = this.kind.redactEvent ? this.kind.redactEvent(state, event.ev, user) : event.ev
    // A withheld event keeps its place, so sequences stay gap-free for the client.
    return { ...event, ev: visible ?? { type: "withheld" } }
  }
}

/**
 * An event as published to joined members, judged against the state it
 * produced. A class rather than an object of closures: one is made per event
 * and read by every member, so its checks are methods, not allocations.
 */
export class CommittedEvent implements PublishedEvent {
  constructor(
    readonly addr: Address,
    readonly seq: number,
    readonly ev: { readonly type: string },
    readonly by: string,
    readonly at: number,
    private readonly kind: AnyActorKind,
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
