/**
 * How an actor kind is declared: its commands and events as Effect Schema
 * unions discriminated by `type`, its initial state, and the pure functions
 * the runtime drives. Nothing here does I/O; time, ids and the acting user
 * arrive in `CommandContext`.
 */
import type { Schema } from "effect"
import type { Address } from "./address.ts"
import type { ErrorCode } from "./errors.ts"

export type Role = "admin" | "facilitator" | "participant" | "educator" | "guest"

export interface User {
  readonly id: string
  readonly tenant: string
  readonly roles: readonly Role[]
  /**
   * Set for a guest (joined by a session's code, without an account): the id
   * of the one session it is bounded to. Kinds whose actors belong to a
   * session (canvases) close every other one to such a user.
   */
  readonly session?: string
}

export interface CommandContext {
  readonly addr: Address
  readonly user: User
  /** Milliseconds since the epoch, read once by the runtime for this command. */
  readonly now: number
  /** The client's op id for this command. */
  readonly commandId: string
  /** A fresh unique id (element ids, entry ids); deterministic in tests. */
  readonly newId: () => string
}

/** What a handler returns to refuse a command; it becomes a `nack`. */
export interface Rejection {
  readonly rejected: true
  readonly code: Extract<ErrorCode, "invalid_command" | "forbidden" | "not_found" | "conflict">
  readonly message: string
}

export const reject = (code: Rejection["code"], message: string): Rejection => ({ rejected: true, code, message })

export const isRejection = (value: unknown): value is Rejection =>
  typeof value === "object" && value !== null && (value as Rejection).rejected === true

/** What `decide` returns: the events to append (none when the command changes nothing), or a refusal. */
export type Decision<E> = readonly E[] | Rejection

/**
 * Decides one type of a kind's commands, with the command narrowed to that
 * type; a kind's `decide` routes each command to its handler. `Extra` is what
 * a kind passes beside the context (a journal passes the device's op id).
 */
export type Handler<S, C extends { readonly type: string }, E, T extends C["type"] = C["type"], Extra extends readonly unknown[] = []> = (
  state: S,
  command: Extract<C, { readonly type: T }>,
  ctx: CommandContext,
  ...extra: Extra
) => Decision<E>

/**
 * The last branch of a kind's switch over its commands. `command` has type
 * `never` there, so a command added to the kind's schema but not handled is a
 * type error here. One that arrives anyway (a caller that skipped decoding)
 * is refused, never thrown or appended.
 */
export const unknownCommand = (command: never, kind: string): Rejection =>
  reject("invalid_command", `unknown ${kind} command ${String((command as { readonly type?: unknown } | null)?.type)}`)

/**
 * The last branch of a kind's `evolve` over its events. `event` has type
 * `never` there, so an event added to the kind's schema but not folded is a
 * type error here. One that arrives anyway leaves the state as it was, never
 * thrown (that would stop whatever folds, for good) nor taken for the state.
 * The runtime never gets here: it folds only events its schema decoded, and
 * one it cannot read stops the actor and is logged with its seq
 * (runtime/kind-codec.ts), since an event skipped on the write side would make
 * `decide` judge a state the log does not hold. A browser folding with the
 * kind's own evolve does get here, when a newer server sends it a type its
 * bundle has not heard of; it keeps its view until it next takes a snapshot.
 */
export const unknownEvent = <S>(_event: never, state: S): S => state

export interface EventEnvelope {
  readonly seq: number
  readonly by: string
  readonly at: number
}

export interface ActorKind<S, C extends { readonly type: string }, E extends { readonly type: string }> {
  /** The `kind` part of addresses, e.g. "canvas". */
  readonly kind: string
  /** Decodes untrusted command payloads (the `cmd` of a frame). */
  readonly commandSchema: Schema.Codec<C, unknown>
  /** Decodes events read back from the log; an event it cannot read stops the actor. */
  readonly eventSchema: Schema.Codec<E, unknown>
  /** State before the first event. Must be plain data (it is snapshotted with MessagePack). */
  readonly initialState: (addr: Address) => S
  /** Validates a command against the state: the events to append, or a refusal. Pure. */
  readonly decide: (state: S, command: C, ctx: CommandContext) => Decision<E>
  /** Folds one event into the state. Pure and total: an event of a type it does not know leaves the state as it was (`unknownEvent`). */
  readonly evolve: (state: S, event: E, envelope: EventEnvelope) => S
  /** May this user join the actor and receive its events and snapshot? */
  readonly canRead: (state: S, user: User) => boolean
  /**
   * The view of one event this user may see, or undefined to withhold it
   * (a private pick before it is revealed). Defaults to the whole event
   * whenever `canRead` holds.
   */
  readonly redactEvent?: (state: S, event: E, user: User) => E | undefined
  /** The view of the state this user may see in a snapshot. Defaults to the whole state. */
  readonly redactState?: (state: S, user: User) => unknown
}

/** A kind as the runtime holds it: it never looks inside states, commands or events, only hands them between the kind's own functions. */
export type AnyActorKind = ActorKind<any, any, any>

/** Identity helper that keeps the type parameters inferred at the declaration site. */
export const defineActorKind = <S, C extends { readonly type: string }, E extends { readonly type: string }>(
  kind: ActorKind<S, C, E>,
): ActorKind<S, C, E> => kind
