/**
 * Where an actor is in its life, as one value, and the decisions that depend
 * on it. Only `Ready` takes messages from the mailbox; `Starting` and
 * `AwaitingLog` hold them until the log answers, and the last three take no
 * more. A stop asked for while the actor starts or waits on the log is kept
 * in that state and honoured before the next message, ahead of whatever else
 * is queued.
 *
 *   Starting ──rebuilt──> Ready, or StopAsked
 *   Starting ──could not rebuild──> Left (what waited is answered, not handed on)
 *   Ready ──a command appends, or a join reads the log──> AwaitingLog
 *   AwaitingLog ──the log answered──> Ready, or StopAsked
 *   Ready ──requestStop──> StopAsked
 *   Ready, StopAsked ──stop (passivation, shutdown, a failure)──> Stopping, or Left at once
 *   Stopping ──its last snapshot saved, or not──> Left
 *   any but Left ──abandon (shutdown's grace ran out)──> Abandoned
 *
 * Each function below switches over every state, so a state added to the
 * union is a type error until each of them says what it means there.
 */
import type { Reply } from "./message.ts"

export type Lifecycle =
  /** Rebuilding its state from the snapshot and the log. */
  | { readonly _tag: "Starting"; readonly stopAsked: boolean }
  | { readonly _tag: "Ready" }
  /** Stops instead of taking its next message. */
  | { readonly _tag: "StopAsked" }
  /** An append or a catch-up read is in flight; `reply` is owed to the message that started it. */
  | { readonly _tag: "AwaitingLog"; readonly reply: Reply<never>; readonly stopAsked: boolean }
  /** Saving its last snapshot before it leaves the registry. */
  | { readonly _tag: "Stopping" }
  /** Retired from the registry, its members told: nothing is in flight any more. */
  | { readonly _tag: "Left" }
  /** Cut off at shutdown: everything it held was answered `unavailable`, and a late answer from the log is ignored. */
  | { readonly _tag: "Abandoned" }

export const STARTING: Lifecycle = { _tag: "Starting", stopAsked: false }
export const READY: Lifecycle = { _tag: "Ready" }
export const STOPPING: Lifecycle = { _tag: "Stopping" }
export const LEFT: Lifecycle = { _tag: "Left" }
export const ABANDONED: Lifecycle = { _tag: "Abandoned" }
const STOP_ASKED: Lifecycle = { _tag: "StopAsked" }

/** Once the log has answered a start or a wait: ready, unless a stop was asked for meanwhile. */
export const resumed = (waited: { readonly stopAsked: boolean }): Lifecycle => (waited.stopAsked ? STOP_ASKED : READY)

/** What the pump does next: take a message, stop the actor, or leave the mailbox as it is. */
export const nextStep = (state: Lifecycle): "take" | "stop" | "hold" => {
  switch (state._tag) {
    case "Ready":
      return "take"
    case "StopAsked":
      return "stop"
    case "Starting":
    case "AwaitingLog":
    case "Stopping":
    case "Left":
    case "Abandoned":
      return "hold"
    default:
      return absurd(state)
  }
}

/** The state after a stop is asked for, or undefined when the actor is stopping or gone already. */
export const withStopAsked = (state: Lifecycle): Lifecycle | undefined => {
  switch (state._tag) {
    case "Starting":
    case "AwaitingLog":
      return { ...state, stopAsked: true }
    case "Ready":
    case "StopAsked":
      return STOP_ASKED
    case "Stopping":
    case "Left":
    case "Abandoned":
      return undefined
    default:
      return absurd(state)
  }
}

/** Whether the actor still takes messages into its mailbox (it will answer them, or hand them on). */
export const isOpen = (state: Lifecycle): boolean => {
  switch (state._tag) {
    case "Starting":
    case "Ready":
    case "StopAsked":
    case "AwaitingLog":
      return true
    case "Stopping":
    case "Left":
    case "Abandoned":
      return false
    default:
      return absurd(state)
  }
}

/** Whether the actor may be passivated: it waits on nothing (the mailbox and its members are the caller's to check). */
export const isIdle = (state: Lifecycle): boolean => {
  switch (state._tag) {
    case "Ready":
    case "StopAsked":
      return true
    case "Starting":
    case "AwaitingLog":
    case "Stopping":
    case "Left":
    case "Abandoned":
      return false
    default:
      return absurd(state)
  }
}

/** Whether the actor is gone from the registry or cut off: nothing more happens to it. */
export const hasEnded = (state: Lifecycle): boolean => {
  switch (state._tag) {
    case "Left":
    case "Abandoned":
      return true
    case "Starting":
    case "Ready":
    case "StopAsked":
    case "AwaitingLog":
    case "Stopping":
      return false
    default:
      return absurd(state)
  }
}

/** The reply of a message whose I/O is in flight, which must still be answered if the actor goes. */
export const owedReply = (state: Lifecycle): Reply<never> | undefined => {
  switch (state._tag) {
    case "AwaitingLog":
      return state.reply
    case "Starting":
    case "Ready":
    case "StopAsked":
    case "Stopping":
    case "Left":
    case "Abandoned":
      return undefined
    default:
      return absurd(state)
  }
}

/** Thrown from a step after its reply, it stops the actor (its state may no longer match the log) and says why in the log line. */
export class ActorStop {
  constructor(
    readonly reason: string,
    readonly fields: Record<string, unknown>,
  ) {}
}

/** The last branch of a switch over a union: a member added to the union and not handled is a type error here. */
export const absurd = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
