/** What the HTTP routes need, and the one way they send commands. */
import { Cause, Effect, Exit } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import type { ActorSystem } from "../../engine/runtime/api.ts"
import type { KeyedLimiter } from "../auth/rate-limit.ts"
import type { Tokens, VerifiedToken } from "../auth/tokens.ts"
import type { Directory } from "../directory.ts"
import type { ReadSideApi } from "../../projections/read-side/read-side.ts"
import type { ExportRenderer } from "../export/render-pool.ts"
import { ApiProblem } from "./problem.ts"

export interface ApiLimits {
  readonly loginPerEmail: KeyedLimiter
  readonly loginPerIp: KeyedLimiter
  /** Sign-up, invitation acceptance and guest joins: unauthenticated writes. */
  readonly publicPerIp: KeyedLimiter
  readonly commandsPerUser: KeyedLimiter
}

export interface ApiDeps {
  readonly system: ActorSystem
  readonly directory: Directory
  readonly tokens: Tokens
  readonly nodeId: string
  readonly logName: string
  readonly connections: () => number
  readonly scryptCost: number
  readonly limits: ApiLimits
  /** Renders PNG and PDF exports off the live event loop, with a per-user allowance. */
  readonly exports: ExportRenderer
  /** Read by GET /api/audit; without it that route answers `unavailable`. */
  readonly log?: EventLog
  /** The read side's HTTP API and metrics, when this node serves the read models. */
  readonly readSide?: ReadSideApi
}

/** Sends a command and resolves with the acked seq (durable), or throws the refusal as a problem. */
export const sendCommand = async (system: ActorSystem, addr: Address, user: User, commandId: string, command: unknown): Promise<number> => {
  const exit = await Effect.runPromiseExit(system.send(addr, user, commandId, command))
  if (Exit.isSuccess(exit)) return exit.value.seq
  const failure = exit.cause.reasons.find(Cause.isFailReason)
  if (failure) throw new ApiProblem(failure.error.code, failure.error.message)
  console.error(JSON.stringify({ level: "error", message: "runtime defect", cause: Cause.pretty(exit.cause) }))
  throw new ApiProblem("internal", "internal error; the incident was logged")
}

export const requireRole = (identity: VerifiedToken | undefined, ...roles: string[]): VerifiedToken => {
  if (!identity) throw new ApiProblem("unauthorized", "sign in first")
  if (!identity.user.roles.some((role) => roles.includes(role))) throw new ApiProblem("forbidden", `this needs one of the roles: ${roles.join(", ")}`)
  return identity
}

export const limit = (limiter: KeyedLimiter, key: string, what: string): void => {
  if (!limiter.take(key)) throw new ApiProblem("rate_limited", `too many ${what}; wait a moment and try again`)
}
