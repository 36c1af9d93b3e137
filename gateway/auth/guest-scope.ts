/**
 * What a guest (someone who joined a live session by its code, without an
 * account) may name: its session, canvases, and its own journal
 * (`journal/<its user id>`), no other journal. Which canvases is the canvas
 * actor's rule, since only it knows which session a canvas belongs to: the
 * guest's user carries its session id (`User.session`), and a canvas of any
 * other session, or of none, is closed to it. The journal actor's rules
 * bound the journal again (owner only; a guest is never a coach).
 */
import type { User } from "../../engine/actor-kind.ts"
import type { VerifiedToken } from "./tokens.ts"

const SESSION_PREFIX = "session/"
const CANVAS_PREFIX = "canvas/"
const JOURNAL_PREFIX = "journal/"

/** The session id a guest's scope names (`session/<id>`), if it names one. */
export const sessionOfScope = (scope: string | undefined): string | undefined =>
  scope?.startsWith(SESSION_PREFIX) ? scope.slice(SESSION_PREFIX.length) : undefined

/** The one journal a guest may name: its own. */
export const guestJournal = (identity: Pick<VerifiedToken, "user">): string => `${JOURNAL_PREFIX}${identity.user.id}`

/** The reason a guest may not name `wire`, or undefined when it may (members are never refused here). */
export const guestRefusal = (identity: Pick<VerifiedToken, "scope" | "user">, wire: string): string | undefined => {
  const scope = identity.scope
  if (scope === undefined || wire === scope) return undefined
  if (sessionOfScope(scope) === undefined) return `a guest may only use ${scope}`
  if (wire.startsWith(CANVAS_PREFIX) || wire === guestJournal(identity)) return undefined
  return `a guest may only use ${scope}, the canvases made for it and its own journal`
}

/** The user a guest's token stands for, bounded to its session. */
export const scopedUser = (user: User, scope: string | undefined): User => {
  const session = sessionOfScope(scope)
  return session === undefined ? user : { ...user, session }
}
