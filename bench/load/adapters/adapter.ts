/**
 * One small adapter per subject: it connects one member of a room over that
 * subject's own client library, sends an operation, and reports each
 * operation delivered to it by its id. The generator is the same for all.
 */

/** The scenario's operation: move element `el` to (x, y). `id` names it for latency lookup. */
export interface Op {
  readonly id: number
  readonly el: string
  readonly x: number
  readonly y: number
}

export interface Target {
  readonly port: number
  /** Bearer token for subjects that need one (Studio). */
  readonly token?: string
}

export interface Member {
  readonly room: string
  readonly index: number
}

export interface LiveConnection {
  send(op: Op): void
  close(): Promise<void>
}

export interface Adapter {
  readonly subject: string
  /**
   * Resolves once the member has joined its room and will receive the room's operations.
   * `onAck` is for subjects whose server confirms each op to its sender (Studio's durable `ack`).
   */
  connect(target: Target, member: Member, onOp: (opId: number) => void, onAck?: (opId: number) => void): Promise<LiveConnection>
  /** Refusals the server sent since the last call (e.g. `nack rate_limited: 3`), for the report's notes. */
  takeProblems?(): Record<string, number>
}

export class ConnectError extends Error {
  readonly _tag = "ConnectError"
}

export const withTimeout = <A>(promise: Promise<A>, ms: number, what: string): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ConnectError(`${what}: no answer within ${ms} ms`)), ms)
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    )
  })
