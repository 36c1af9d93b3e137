/**
 * What a guest (someone who joined a live session by its code, without an
 * account) may name: its session, and canvases. Which canvases is the canvas
 * actor's rule, since only it knows which session a canvas belongs to: the
 * guest's user carries its session id (`User.session`), and a canvas of any
 * other session, or of none, is closed to it.
 */
import type { User } from "../../engine/actor-kind.ts"
import type { VerifiedToken } from "./tokens.ts"

const SESSION_PREFIX = "session/"
const CANVAS_PREFIX = "canvas/"

/** The session id a guest's scope names (`session/<id>`), if it names one. */
export const sessionOfScope = (scope: string | undefined): string | undefined =>
  scope?.startsWith(SESSION_PREFIX) ? scope.slice(SESSION_PREFIX.length) : undefined

/** The reason a guest may not name `wire`, or undefined when it may (members are never refused here). */
export const guestRefusal = (identity: Pick<VerifiedToken, "scope">, wire: string): string | undefined => {
  const scope = identity.scope
  if (scope === undefined || wire === scope) return undefined
  if (wire.startsWith(CANVAS_PREFIX) && sessionOfScope(scope) !== undefined) return undefined
  return `a guest may only use ${scope} and the canvases made for it`
}

/** The user a guest's token stands for, bounded to its session. */
export const scopedUser = (user: User, scope: string | undefined): User => {
  const session = sessionOfScope(scope)
  return session === undefined ? user : { ...user, session }
}
