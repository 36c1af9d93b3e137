/** Sign-in, token refresh, and joining a live session as a guest by its code. */
import { randomBytes } from "node:crypto"
import { scopedUser } from "../auth/guest-scope.ts"
import { verifyAgainstDecoy, verifyPassword } from "../auth/passwords.ts"
import { issuePair, type Identity } from "../auth/tokens.ts"
import type { Account } from "../directory.ts"
import type { Routes } from "./define.ts"
import { makeAddress } from "../../engine/address.ts"
import { addressLimitKey } from "./client-address.ts"
import { rateLimited, sendCommand, type ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"
import { GuestJoinRequest, GuestSession, LoginRequest, MemberJoined, MemberJoinRequest, RefreshRequest, Session } from "./schemas.ts"

export const memberIdentity = ({ tenant, member }: Account): Identity => ({
  user: { id: member.id, tenant, roles: member.roles },
  name: member.name,
})

export const sessionFor = async (deps: ApiDeps, identity: Identity, email?: string) => ({
  ...(await issuePair(deps.tokens, identity)),
  user: { ...identity.user, ...(identity.name ? { name: identity.name } : {}), ...(email ? { email } : {}) },
})

export const authRoutes = (routes: Routes, deps: ApiDeps): void => {
  routes.define(
    { method: "post", path: "/api/auth/login", summary: "Sign in with email and password", auth: false, request: LoginRequest, response: Session },
    async ({ body, ip }) => {
      const email = body.email.trim().toLowerCase()
      // Failures count per (address, account), per address and per account (auth/login-throttle.ts): a stranger's guesses never lock out the owner.
      const address = addressLimitKey(ip)
      const attempt = deps.limits.login.admit(address, email)
      if (!attempt.ok) throw rateLimited(attempt.reason, attempt.waitMs)
      const matches: Account[] = []
      try {
        const candidates = (await deps.directory.accountsByEmail(email)).filter(
          (a) => a.member.status === "active" && (!body.tenant || a.tenant === body.tenant),
        )
        if (candidates.length === 0) await verifyAgainstDecoy(body.password)
        for (const account of candidates) if (await verifyPassword(body.password, account.member.passwordHash)) matches.push(account)
        if (matches.length === 0) attempt.failed()
        else attempt.succeeded()
      } finally {
        attempt.end()
      }
      if (matches.length === 0) throw new ApiProblem("unauthorized", "wrong email or password")
      if (matches.length > 1)
        throw new ApiProblem(
          "conflict",
          `this email belongs to several organizations; pass one of: ${matches.map((m) => m.tenant).join(", ")} as tenant`,
        )
      return sessionFor(deps, memberIdentity(matches[0]!), email)
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/auth/refresh",
      summary: "Trade a refresh token for a new pair",
      auth: false,
      request: RefreshRequest,
      response: Session,
    },
    async ({ body }) => {
      const refresh = await deps.tokens.verify(body.refreshToken, "refresh")
      if (!refresh) throw new ApiProblem("unauthorized", "invalid or expired refresh token; sign in again")
      const { user } = refresh
      if (user.roles.includes("guest")) {
        if (!(await deps.directory.organization(user.tenant))) throw new ApiProblem("unauthorized", "this organization no longer exists")
        return sessionFor(deps, refresh)
      }
      // Roles and status are read again, so a disabled member or a changed role takes effect at the next refresh.
      const member = await deps.directory.member(user.tenant, user.id)
      if (!member || member.status !== "active") throw new ApiProblem("unauthorized", "this account is not active; sign in again")
      return sessionFor(deps, memberIdentity({ tenant: user.tenant, member }), member.email)
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/live/join",
      summary: "Join a live session by its 6-character code, without an account",
      auth: false,
      request: GuestJoinRequest,
      response: GuestSession,
    },
    async ({ body, ip }) => {
      // Wrong codes count against the client's address and right ones against the session, so a classroom behind one address joins together.
      const address = addressLimitKey(ip)
      const wait = deps.limits.guestCodeFailures.waitMs(address)
      if (wait > 0) throw rateLimited("too many wrong session codes from your address", wait)
      const live = await deps.directory.liveCode(body.code.trim().toUpperCase())
      if (!live) {
        deps.limits.guestCodeFailures.fail(address)
        throw new ApiProblem("not_found", "no live session has this code; check it with your facilitator")
      }
      const session = `${live.tenant}/${live.sessionId}`
      if (!deps.limits.guestJoinsPerSession.take(session))
        throw rateLimited("this session is admitting many guests at once", deps.limits.guestJoinsPerSession.waitMs(session))
      const addr = `session/${live.sessionId}`
      const guest = { id: `guest-${randomBytes(9).toString("base64url")}`, tenant: live.tenant, roles: ["guest" as const] }
      const identity: Identity = { user: scopedUser(guest, addr), name: body.name, scope: addr }
      // The guest becomes a participant the way everyone does: the session checks the code and may refuse (locked, ended).
      const sessionAddr = makeAddress(live.tenant, "session", live.sessionId)
      await sendCommand(deps.system, sessionAddr, identity.user, "guest-join", {
        type: "join",
        joinCode: body.code.trim().toUpperCase(),
        displayName: body.name,
      })
      return { ...(await sessionFor(deps, identity)), addr }
    },
  )

  // A signed-in member joins with the code too, under their own account: wrong codes count against the address as for guests.
  routes.define(
    {
      method: "post",
      path: "/api/live/join-member",
      summary: "Join a live session of your organization by its code, as yourself",
      auth: true,
      request: MemberJoinRequest,
      response: MemberJoined,
    },
    async ({ body, identity, ip }) => {
      const address = addressLimitKey(ip)
      const wait = deps.limits.guestCodeFailures.waitMs(address)
      if (wait > 0) throw rateLimited("too many wrong session codes from your address", wait)
      const code = body.code.trim().toUpperCase()
      const live = await deps.directory.liveCode(code)
      // Another organization's session does not exist for this caller (protocol.md, guarantee 6).
      if (!live || live.tenant !== identity!.user.tenant) {
        deps.limits.guestCodeFailures.fail(address)
        throw new ApiProblem("not_found", "no live session of your organization has this code; check it with your facilitator")
      }
      const addr = `session/${live.sessionId}`
      const seq = await sendCommand(
        deps.system,
        makeAddress(live.tenant, "session", live.sessionId),
        identity!.user,
        `join-${randomBytes(9).toString("base64url")}`,
        { type: "join", joinCode: code, ...(identity!.name ? { displayName: identity!.name } : {}) },
      )
      return { addr, seq }
    },
  )
}
