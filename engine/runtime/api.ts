/**
 * What the runtime offers the edges (gateway, HTTP API, tests): send a
 * command to the one actor that owns an address, and join an actor to
 * receive its events (or, for the live edge, subscribe once per node and
 * catch each member up on that subscription). Everything the protocol guarantees per actor (ack after
 * durable append, idempotent retries, total order, resume) is kept here, so
 * every edge gets it for free.
 */
import type { Effect, Exit } from "effect"
import type { Address } from "../address.ts"
import type { User } from "../actor-kind.ts"
import type { CommandRejected } from "../errors.ts"

export interface Ack {
  /** The actor's last sequence after the command: the seq of its last event. */
  readonly seq: number
}

export interface DeliveredEvent {
  readonly seq: number
  readonly ev: { readonly type: string }
  readonly by: string
  readonly at: number
}

/** One committed event as the runtime publishes it, with the access rules of the state it produced. */
export interface PublishedEvent extends DeliveredEvent {
  readonly addr: Address
  /** The event as `user` may see it, or undefined when it is withheld from them. */
  readonly viewFor: (user: User) => DeliveredEvent["ev"] | undefined
  /** Whether `user` may still read the actor after this event (false once access is revoked). */
  readonly canRead: (user: User) => boolean
}

export interface JoinRequest {
  readonly addr: Address
  readonly user: User
  /** Deliver only events after this sequence; without it, a snapshot. */
  readonly since?: number
  /** Called for every later event of the actor, in order, starting right after the join's `seq`. */
  readonly onEvent: (event: PublishedEvent) => void
  /**
   * Called once if the actor stops while joined (it failed, or lost ownership
   * of its stream): no more events will come, and the client should join again
   * with `since` to resume. Not called after `leave()`.
   */
  readonly onClose?: (reason: CommandRejected) => void
}

/** What a member catches up with before the live events: as of `seq`, the events after its `since` or the state it may see. */
export interface CatchUp {
  readonly seq: number
  /** When `since` was given and is close enough: exactly the events after it. */
  readonly events?: readonly DeliveredEvent[]
  /** Otherwise the state as the user may see it. */
  readonly snapshot?: unknown
}

export interface Joined extends CatchUp {
  /** Stops `onEvent`; idempotent. */
  readonly leave: () => void
}

/**
 * A node's one listener to one actor (the live edge's fan-out room): every
 * committed event once, in order, for all of the node's members at once. It
 * has no user: the listener judges each event per member (`viewFor`,
 * `canRead`), and each member catches up through `catchUp`.
 */
export interface Subscriber {
  readonly onEvent: (event: PublishedEvent) => void
  /** As JoinRequest's: the actor stopped, no more events will come; not called after `leave()`. */
  readonly onClose?: (reason: CommandRejected) => void
}

export interface Subscribed {
  /** The actor's seq when the subscription began: `onEvent` gets every event after it. */
  readonly seq: number
  /** Stops `onEvent`; idempotent. The actor may passivate once nothing is subscribed or joined. */
  readonly leave: () => void
}

export interface CatchUpRequest {
  readonly addr: Address
  readonly user: User
  /** Events after this sequence; without it, a snapshot. */
  readonly since?: number
  /** The subscription the member will follow: the catch-up is answered in the actor's turn, after `onEvent` has had every event up to its `seq` and before any later one. */
  readonly subscriber: Subscriber
}

export interface ActorSystem {
  /**
   * Decodes, authorizes and decides `command`; on success the events are
   * durable in the log before the Ack resolves. A retry with the same
   * (user, commandId) returns the first Ack and appends nothing.
   */
  send(addr: Address, user: User, commandId: string, command: unknown): Effect.Effect<Ack, CommandRejected>
  /** Joins atomically with the actor's mailbox: nothing is missed or seen twice between the catch-up and `onEvent`. */
  join(request: JoinRequest): Effect.Effect<Joined, CommandRejected>
  /**
   * `send` for the edges' hot path: the outcome goes to `done`, exactly once,
   * without running a fiber or a promise per command. A command that needs no
   * I/O (a retry, a refusal) may be answered before this returns.
   */
  sendCallback(addr: Address, user: User, commandId: string, command: unknown, done: (exit: Exit.Exit<Ack, CommandRejected>) => void): void
  /** `join` with the outcome through `done`, as `sendCallback`. */
  joinCallback(request: JoinRequest, done: (exit: Exit.Exit<Joined, CommandRejected>) => void): void
  /**
   * Subscribes `subscriber` to every later event of the actor at `addr`, with
   * no catch-up and no user: one subscription serves every member on this
   * node, who each catch up with `catchUpCallback`. Tenancy and access are the
   * catch-up's to check.
   */
  subscribeCallback(addr: Address, subscriber: Subscriber, done: (exit: Exit.Exit<Subscribed, CommandRejected>) => void): void
  /**
   * One member's catch-up (its access checked, its view redacted) for a
   * subscription offered before it: atomic with the subscriber's events, so
   * nothing is missed or seen twice between the catch-up and the events after
   * its `seq`. Answered `unavailable` when the subscription is no longer the
   * actor's (it stopped since): the subscriber's `onClose` has said so.
   */
  catchUpCallback(request: CatchUpRequest, done: (exit: Exit.Exit<CatchUp, CommandRejected>) => void): void
  /** Passivates every actor (snapshots them) and stops accepting commands. */
  shutdown(): Effect.Effect<void>
}
