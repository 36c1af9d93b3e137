/**
 * Reading an actor's state from an HTTP route: join as the caller (so the
 * actor's own `canRead` and redaction apply), take the snapshot, leave. And
 * the shared bits the method routes need: the caller's identity with guest
 * scopes honoured, and authentication for routes that answer other than JSON.
 */
import { Effect, Exit } from "effect"
import type { Context } from "hono"
import type { User } from "../../engine/actor-kind.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress, type Address } from "../../engine/address.ts"
import type { ActorSystem } from "../../engine/runtime/api.ts"
import { guestRefusal } from "../auth/guest-scope.ts"
import type { VerifiedToken } from "../auth/tokens.ts"
import { authenticate as verifiedCaller } from "./define.ts"
import type { ApiDeps } from "./deps.ts"
import { ApiProblem, problemOfCause } from "./problem.ts"

/** The actor's state as `user` may see it, or undefined when the actor does not exist. */
export const readActor = async <S>(system: ActorSystem, addr: Address, user: User): Promise<S | undefined> => {
  const exit = await Effect.runPromiseExit(system.join({ addr, user, onEvent: () => {} }))
  if (Exit.isSuccess(exit)) {
    exit.value.leave()
    return exit.value.snapshot as S
  }
  const problem = problemOfCause(exit.cause)
  if (problem.code === "not_found") return undefined
  throw problem
}

/** Guests hold tokens for one session (and its canvases) only; anything else is forbidden to them. */
export const requireScope = (identity: VerifiedToken, wire: string): void => {
  const refusal = guestRefusal(identity, wire)
  if (refusal) throw new ApiProblem("forbidden", refusal)
}

/** For routes registered on the Hono app directly (query strings, binary bodies): the same bearer check as `Routes`. */
export const authenticate = (deps: ApiDeps, c: Context): Promise<VerifiedToken> => verifiedCaller(deps.tokens, c)

/** The session `:id` as the caller sees it (their own redacted view): 404 when it does not exist for them. */
export const readCallersSession = async (deps: ApiDeps, c: Context): Promise<{ identity: VerifiedToken; sessionId: string; view: SessionState }> => {
  const identity = await authenticate(deps, c)
  const sessionId = c.req.param("id") ?? ""
  requireScope(identity, `session/${sessionId}`)
  let addr: Address
  try {
    addr = makeAddress(identity.user.tenant, "session", sessionId)
  } catch {
    throw new ApiProblem("not_found", `no session ${sessionId}`)
  }
  const view = await readActor<SessionState>(deps.system, addr, identity.user)
  if (!view) throw new ApiProblem("not_found", `no session ${sessionId}`)
  return { identity, sessionId, view }
}
