/** Organizations (tenants), their members, invitations and live-session codes. */
import { createHash, randomBytes, randomUUID } from "node:crypto"
import { systemUser, organizationAddress } from "../directory.ts"
import { hashPassword } from "../auth/passwords.ts"
import type { Routes } from "./define.ts"
import { limit, requireRole, sendCommand, type ApiDeps } from "./deps.ts"
import { memberIdentity, sessionFor } from "./auth-routes.ts"
import { openLiveSession } from "./live-sessions.ts"
import { ApiProblem } from "./problem.ts"
import {
  AcceptInvitationRequest,
  AddMemberRequest,
  ChangeRolesRequest,
  CreateOrganizationRequest,
  Created,
  InvitationCreated,
  InvitationList,
  InviteRequest,
  CreateSessionRequest,
  MemberList,
  SessionCreated,
  Organization,
  Session,
} from "./schemas.ts"

const newUserId = () => `u-${randomBytes(9).toString("base64url")}`
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")
export const tenantRoutes = (routes: Routes, deps: ApiDeps): void => {
  const { system, directory } = deps
  /** An `Idempotency-Key` header makes a retried request return the first result. */
  const opId = (header: (name: string) => string | undefined) => {
    const key = header("idempotency-key")
    return key && /^[A-Za-z0-9_:.-]{1,100}$/.test(key) ? `http-${key}` : `http-${randomUUID()}`
  }
  const organizationOf = async (tenant: string) => {
    const organization = await directory.organization(tenant)
    if (!organization) throw new ApiProblem("not_found", "this organization does not exist")
    return organization
  }

  routes.define(
    {
      method: "post",
      path: "/api/organizations",
      summary: "Create an organization and its first admin",
      auth: false,
      request: CreateOrganizationRequest,
      response: Session,
      status: 201,
    },
    async ({ body, ip }) => {
      limit(deps.limits.publicPerIp, ip, "requests from this address")
      if (await directory.organization(body.tenant)) throw new ApiProblem("conflict", `the tenant name ${body.tenant} is taken`)
      const admin = {
        userId: newUserId(),
        email: body.admin.email,
        name: body.admin.name,
        passwordHash: await hashPassword(body.admin.password, deps.scryptCost),
      }
      const seq = await sendCommand(system, organizationAddress(body.tenant), systemUser(body.tenant), `create-${body.tenant}`, {
        type: "create",
        name: body.name,
        admin,
      })
      await directory.caughtUp(body.tenant, seq)
      const member = await directory.member(body.tenant, admin.userId)
      if (!member) throw new ApiProblem("conflict", `the tenant name ${body.tenant} is taken`)
      return sessionFor(deps, memberIdentity({ tenant: body.tenant, member }), member.email)
    },
  )

  routes.define(
    { method: "get", path: "/api/organizations/current", summary: "The caller's organization", auth: true, response: Organization },
    async ({ identity }) => {
      const organization = await organizationOf(identity!.user.tenant)
      return { tenant: identity!.user.tenant, name: organization.name!, members: Object.keys(organization.members).length }
    },
  )

  routes.define(
    { method: "get", path: "/api/users", summary: "Members of the caller's organization", auth: true, response: MemberList },
    async ({ identity }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const members = Object.values((await organizationOf(user.tenant)).members).map(({ passwordHash: _hidden, ...member }) => member)
      return { members }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/users",
      summary: "Add a member with a password (admins)",
      auth: true,
      request: AddMemberRequest,
      response: Created,
      status: 201,
    },
    async ({ body, identity, header }) => {
      const { user } = requireRole(identity, "admin")
      const userId = newUserId()
      const passwordHash = await hashPassword(body.password, deps.scryptCost)
      const seq = await sendCommand(system, organizationAddress(user.tenant), user, opId(header), {
        type: "addMember",
        userId,
        email: body.email,
        name: body.name,
        roles: body.roles,
        passwordHash,
      })
      await directory.caughtUp(user.tenant, seq)
      return { id: userId, seq }
    },
  )

  routes.define(
    {
      method: "patch",
      path: "/api/users/{id}",
      summary: "Change a member's roles (admins)",
      auth: true,
      request: ChangeRolesRequest,
      response: Created,
    },
    async ({ body, identity, params, header }) => {
      const { user } = requireRole(identity, "admin")
      const seq = await sendCommand(system, organizationAddress(user.tenant), user, opId(header), {
        type: "changeRoles",
        userId: params["id"],
        roles: body.roles,
      })
      await directory.caughtUp(user.tenant, seq)
      return { id: params["id"]!, seq }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/invitations",
      summary: "Invite someone by email (admins; facilitators for participants)",
      auth: true,
      request: InviteRequest,
      response: InvitationCreated,
      status: 201,
    },
    async ({ body, identity, header }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const invitationId = `i-${randomBytes(9).toString("base64url")}`
      const secret = randomBytes(24).toString("base64url")
      const seq = await sendCommand(system, organizationAddress(user.tenant), user, opId(header), {
        type: "invite",
        invitationId,
        email: body.email,
        roles: body.roles,
        codeHash: sha256(secret),
      })
      await directory.caughtUp(user.tenant, seq)
      const invitation = (await directory.organization(user.tenant))?.invitations[invitationId]
      return { id: invitationId, code: `${user.tenant}.${invitationId}.${secret}`, expiresAt: invitation?.expiresAt ?? 0 }
    },
  )

  routes.define(
    { method: "get", path: "/api/invitations", summary: "Invitations of the caller's organization", auth: true, response: InvitationList },
    async ({ identity }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const all = Object.values((await organizationOf(user.tenant)).invitations).map(({ codeHash: _hidden, ...invitation }) => invitation)
      return { invitations: user.roles.includes("admin") ? all : all.filter((i) => i.by === user.id) }
    },
  )

  routes.define(
    { method: "delete", path: "/api/invitations/{id}", summary: "Revoke a pending invitation", auth: true, response: Created },
    async ({ identity, params, header }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const seq = await sendCommand(system, organizationAddress(user.tenant), user, opId(header), {
        type: "revokeInvitation",
        invitationId: params["id"],
      })
      return { id: params["id"]!, seq }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/invitations/accept",
      summary: "Accept an invitation with its code and choose a password",
      auth: false,
      request: AcceptInvitationRequest,
      response: Session,
    },
    async ({ body, ip }) => {
      limit(deps.limits.publicPerIp, ip, "requests from this address")
      const [tenant, invitationId, secret, ...rest] = body.code.split(".")
      if (!tenant || !invitationId || !secret || rest.length > 0 || !(await directory.organization(tenant)))
        throw new ApiProblem("not_found", "no such invitation")
      const userId = newUserId()
      const invitee = { id: `invitee-${invitationId}`.slice(0, 64), tenant, roles: [] }
      const command = {
        type: "acceptInvitation",
        invitationId,
        codeHash: sha256(secret),
        userId,
        name: body.name,
        passwordHash: await hashPassword(body.password, deps.scryptCost),
      }
      const seq = await sendCommand(system, organizationAddress(tenant), invitee, `accept-${userId}`, command)
      await directory.caughtUp(tenant, seq)
      const member = await directory.member(tenant, userId)
      if (!member) throw new ApiProblem("internal", "the invitation was accepted but the member is not visible yet; sign in")
      return sessionFor(deps, memberIdentity({ tenant, member }), member.email)
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/sessions",
      summary: "Create a live session with a fresh join code that guests can use",
      auth: true,
      request: CreateSessionRequest,
      response: SessionCreated,
      status: 201,
    },
    async ({ body, identity, header }) => {
      const caller = requireRole(identity, "facilitator", "admin")
      const sessionId = body.sessionId ?? `s-${randomBytes(9).toString("base64url")}`
      const { code, seq } = await openLiveSession(deps, caller, sessionId, { title: body.title }, opId(header))
      return { addr: `session/${sessionId}`, code, seq }
    },
  )
}
