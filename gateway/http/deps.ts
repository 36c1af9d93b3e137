/** What the HTTP routes need, and the one way they send commands. */
import { Effect, Exit } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import type { ActorSystem } from "../../engine/runtime/api.ts"
import { LoginThrottle } from "../auth/login-throttle.ts"
import { FailureBackoff, KeyedLimiter } from "../auth/rate-limit.ts"
import type { Tokens, VerifiedToken } from "../auth/tokens.ts"
import type { Directory } from "../directory.ts"
import type { ReadSideApi } from "../../projections/read-side/read-side.ts"
import type { ExportRenderer } from "../export/render-pool.ts"
import type { MetricsAccess } from "../auth/metrics-access.ts"
import type { Readiness } from "../readiness.ts"
import type { InsightsEngine } from "../../ml/insights/engine.ts"
import type { LanguageModel } from "../../ml/llm/port.ts"
import type { Retriever } from "../../ml/retrieval/port.ts"
import { ApiProblem, problemOfCause } from "./problem.ts"

export interface ApiLimits {
  /** Sign-in: failures per (client address, account), per address and per account, and attempts per address. */
  readonly login: LoginThrottle
  /** Sign-up and invitation acceptance: unauthenticated writes, per client address. */
  readonly publicPerIp: KeyedLimiter
  /** Wrong live codes per client address (POST /api/live/join), with back-off; right ones are not counted. */
  readonly guestCodeFailures: FailureBackoff
  /** Guests admitted per session (tenant/session id), so a room fills fast but not without bound. */
  readonly guestJoinsPerSession: KeyedLimiter
  /** One allowance per user (tenant/id) for commands over HTTP and the live protocol alike. */
  readonly commandsPerUser: KeyedLimiter
}

/** The node's limits; pass the live server's per-user bucket so HTTP and live commands draw from one allowance. */
export const defaultApiLimits = (commandsPerUser: KeyedLimiter): ApiLimits => ({
  login: new LoginThrottle(),
  publicPerIp: new KeyedLimiter(20, 0.2),
  // A classroom behind one address mistypes now and then; a guesser is down to one try per 5 minutes after ~30.
  guestCodeFailures: new FailureBackoff({ free: 20, baseMs: 1_000, maxMs: 5 * 60_000, forgetMs: 60 * 60_000 }),
  // A 200-seat session fills in a minute.
  guestJoinsPerSession: new KeyedLimiter(200, 200 / 60),
  commandsPerUser,
})

export interface ApiDeps {
  readonly system: ActorSystem
  readonly directory: Directory
  readonly tokens: Tokens
  readonly nodeId: string
  readonly logName: string
  readonly connections: () => number
  /** Who may read /api/metrics (default: no one). */
  readonly metrics?: MetricsAccess
  /** What /api/health reports. */
  readonly readiness: Readiness
  readonly scryptCost: number
  readonly limits: ApiLimits
  /** Renders PNG and PDF exports off the live event loop, with a per-user allowance. */
  readonly exports: ExportRenderer
  /** Read by the coach's usage and the export of an earlier version; the audit trail and usage reports are read models (the read side). */
  readonly log?: EventLog
  /** The read side's HTTP API and metrics, when this node serves the read models. */
  readonly readSide?: ReadSideApi
  /** The AI coach's retriever and language model; without it the coach routes answer 501. */
  readonly coach?: { readonly retriever: Retriever; readonly model: LanguageModel }
  /** The node's facilitator insights; without it the insight routes answer 501. */
  readonly insights?: InsightsEngine
}

/** Sends a command and resolves with the acked seq (durable), or throws the refusal as a problem. */
export const sendCommand = async (system: ActorSystem, addr: Address, user: User, commandId: string, command: unknown): Promise<number> => {
  const exit = await Effect.runPromiseExit(system.send(addr, user, commandId, command))
  if (Exit.isSuccess(exit)) return exit.value.seq
  throw problemOfCause(exit.cause)
}

export const requireRole = (identity: VerifiedToken | undefined, ...roles: string[]): VerifiedToken => {
  if (!identity) throw new ApiProblem("unauthorized", "sign in first")
  if (!identity.user.roles.some((role) => roles.includes(role))) throw new ApiProblem("forbidden", `this needs one of the roles: ${roles.join(", ")}`)
  return identity
}

export const limit = (limiter: KeyedLimiter, key: string, what: string): void => {
  if (!limiter.take(key)) throw rateLimited(`too many ${what}`, limiter.waitMs(key))
}

/** A 429 saying what was limited and when to try again, in words and as Retry-After. */
export const rateLimited = (reason: string, waitMs: number): ApiProblem => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000))
  const when = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`
  return new ApiProblem("rate_limited", `${reason}; try again in ${when}`, seconds)
}
