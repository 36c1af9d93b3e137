/**
 * The organization's rules. Admins manage members and invitations;
 * facilitators may invite participants and open live-session codes; anyone
 * holding an invitation's code may accept it once, before it expires. An
 * organization always keeps at least one active admin.
 */
import { reject, unknownCommand, unknownEvent, type CommandContext, type Decision, type User } from "../../engine/actor-kind.ts"
import type { MemberRole, OrganizationCommand, OrganizationEvent } from "./protocol.ts"
import { ownEntry } from "../../engine/records.ts"

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000
/** The gateway's own identity inside a tenant (sign-up, directory); never minted into a token. */
export const SYSTEM_USER_ID = "system"

export interface Member {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly roles: readonly MemberRole[]
  readonly passwordHash: string
  readonly status: "active" | "disabled"
}

export interface Invitation {
  readonly id: string
  readonly email: string
  readonly roles: readonly MemberRole[]
  readonly codeHash: string
  readonly expiresAt: number
  readonly by: string
  readonly status: "pending" | "accepted" | "revoked"
}

export interface OrganizationState {
  readonly name: string | null
  readonly members: Readonly<Record<string, Member>>
  readonly invitations: Readonly<Record<string, Invitation>>
  /** Live-session join codes: code -> session id. */
  readonly liveCodes: Readonly<Record<string, string>>
}

export const initialOrganization = (): OrganizationState => ({ name: null, members: {}, invitations: {}, liveCodes: {} })

const normalEmail = (email: string) => email.trim().toLowerCase()
const isSystem = (user: User) => user.id === SYSTEM_USER_ID
const activeMember = (state: OrganizationState, userId: string) => {
  const member = ownEntry(state.members, userId)
  return member?.status === "active" ? member : undefined
}
const hasRole = (state: OrganizationState, user: User, role: MemberRole) =>
  isSystem(user) || (activeMember(state, user.id)?.roles.includes(role) ?? false)
const emailTaken = (state: OrganizationState, email: string) => Object.values(state.members).some((m) => m.email === normalEmail(email))
const activeAdmins = (state: OrganizationState) => Object.values(state.members).filter((m) => m.status === "active" && m.roles.includes("admin"))

export const decideOrganization = (state: OrganizationState, command: OrganizationCommand, ctx: CommandContext): Decision<OrganizationEvent> => {
  if (command.type === "create") {
    if (state.name !== null) return reject("conflict", "this organization already exists")
    const { admin } = command
    return [
      { type: "created", name: command.name },
      {
        type: "memberAdded",
        userId: admin.userId,
        email: normalEmail(admin.email),
        name: admin.name,
        roles: ["admin"],
        passwordHash: admin.passwordHash,
      },
    ]
  }
  if (state.name === null) return reject("not_found", "this organization does not exist")
  const user = ctx.user
  switch (command.type) {
    case "addMember":
      if (!hasRole(state, user, "admin")) return reject("forbidden", "only an admin may add members")
      if (ownEntry(state.members, command.userId)) return reject("conflict", `user ${command.userId} already exists`)
      if (emailTaken(state, command.email)) return reject("conflict", `${command.email} is already a member`)
      return [{ ...command, type: "memberAdded", email: normalEmail(command.email) }]
    case "invite": {
      const mayInvite = hasRole(state, user, "admin") || (hasRole(state, user, "facilitator") && command.roles.every((r) => r === "participant"))
      if (!mayInvite) return reject("forbidden", "only an admin may invite; a facilitator may invite participants")
      if (ownEntry(state.invitations, command.invitationId)) return reject("conflict", "this invitation id is taken")
      if (emailTaken(state, command.email)) return reject("conflict", `${command.email} is already a member`)
      const { invitationId, email, roles, codeHash } = command
      return [{ type: "invited", invitationId, email: normalEmail(email), roles, codeHash, expiresAt: ctx.now + INVITATION_TTL_MS, by: user.id }]
    }
    case "revokeInvitation": {
      const invitation = ownEntry(state.invitations, command.invitationId)
      if (!invitation) return reject("not_found", "no such invitation")
      if (!hasRole(state, user, "admin") && invitation.by !== user.id) return reject("forbidden", "only an admin or the inviter may revoke it")
      if (invitation.status !== "pending") return reject("conflict", `the invitation is already ${invitation.status}`)
      return [{ type: "invitationRevoked", invitationId: invitation.id }]
    }
    case "acceptInvitation": {
      const invitation = ownEntry(state.invitations, command.invitationId)
      // A wrong code looks exactly like a missing invitation, so codes cannot be probed.
      if (!invitation || invitation.codeHash !== command.codeHash) return reject("not_found", "no such invitation")
      if (invitation.status !== "pending") return reject("conflict", `the invitation is already ${invitation.status}`)
      if (ctx.now > invitation.expiresAt) return reject("conflict", "the invitation has expired; ask for a new one")
      if (ownEntry(state.members, command.userId)) return reject("conflict", `user ${command.userId} already exists`)
      if (emailTaken(state, invitation.email)) return reject("conflict", `${invitation.email} is already a member`)
      return [
        { type: "invitationAccepted", invitationId: invitation.id, userId: command.userId },
        {
          type: "memberAdded",
          userId: command.userId,
          email: invitation.email,
          name: command.name,
          roles: invitation.roles,
          passwordHash: command.passwordHash,
        },
      ]
    }
    case "changeRoles": {
      if (!hasRole(state, user, "admin")) return reject("forbidden", "only an admin may change roles")
      const member = activeMember(state, command.userId)
      if (!member) return reject("not_found", "no such active member")
      const losesAdmin = member.roles.includes("admin") && !command.roles.includes("admin")
      if (losesAdmin && activeAdmins(state).length === 1) return reject("conflict", "the organization needs at least one admin")
      return [{ type: "rolesChanged", userId: member.id, roles: command.roles }]
    }
    case "disableMember": {
      if (!hasRole(state, user, "admin")) return reject("forbidden", "only an admin may disable members")
      const member = activeMember(state, command.userId)
      if (!member) return reject("not_found", "no such active member")
      if (member.roles.includes("admin") && activeAdmins(state).length === 1) return reject("conflict", "the organization needs at least one admin")
      return [{ type: "memberDisabled", userId: member.id }]
    }
    case "changePassword":
      if (command.userId !== user.id && !hasRole(state, user, "admin")) return reject("forbidden", "you may change only your own password")
      if (!activeMember(state, command.userId)) return reject("not_found", "no such active member")
      return [{ type: "passwordChanged", userId: command.userId, passwordHash: command.passwordHash }]
    case "openLiveCode":
      if (!hasRole(state, user, "facilitator") && !hasRole(state, user, "admin"))
        return reject("forbidden", "only a facilitator may open a live session to guests")
      if (ownEntry(state.liveCodes, command.code) !== undefined) return reject("conflict", "this code is in use")
      return [{ type: "liveCodeOpened", code: command.code, sessionId: command.sessionId }]
    case "closeLiveCode":
      if (!hasRole(state, user, "facilitator") && !hasRole(state, user, "admin"))
        return reject("forbidden", "only a facilitator may close a live code")
      if (ownEntry(state.liveCodes, command.code) === undefined) return reject("not_found", "no such live code")
      return [{ type: "liveCodeClosed", code: command.code }]
    default:
      return unknownCommand(command, "organization")
  }
}

const updateMember = (state: OrganizationState, userId: string, change: Partial<Member>): OrganizationState => {
  const member = ownEntry(state.members, userId)
  return member ? { ...state, members: { ...state.members, [userId]: { ...member, ...change } } } : state
}
const updateInvitation = (state: OrganizationState, id: string, status: Invitation["status"]): OrganizationState => {
  const invitation = ownEntry(state.invitations, id)
  return invitation ? { ...state, invitations: { ...state.invitations, [id]: { ...invitation, status } } } : state
}

export const evolveOrganization = (state: OrganizationState, event: OrganizationEvent): OrganizationState => {
  switch (event.type) {
    case "created":
      return { ...state, name: event.name }
    case "memberAdded": {
      const { userId, email, name, roles, passwordHash } = event
      return { ...state, members: { ...state.members, [userId]: { id: userId, email, name, roles, passwordHash, status: "active" } } }
    }
    case "invited": {
      const { invitationId: id, email, roles, codeHash, expiresAt, by } = event
      return { ...state, invitations: { ...state.invitations, [id]: { id, email, roles, codeHash, expiresAt, by, status: "pending" } } }
    }
    case "invitationRevoked":
      return updateInvitation(state, event.invitationId, "revoked")
    case "invitationAccepted":
      return updateInvitation(state, event.invitationId, "accepted")
    case "rolesChanged":
      return updateMember(state, event.userId, { roles: event.roles })
    case "memberDisabled":
      return updateMember(state, event.userId, { status: "disabled" })
    case "passwordChanged":
      return updateMember(state, event.userId, { passwordHash: event.passwordHash })
    case "liveCodeOpened":
      return { ...state, liveCodes: { ...state.liveCodes, [event.code]: event.sessionId } }
    case "liveCodeClosed": {
      const { [event.code]: _closed, ...liveCodes } = state.liveCodes
      return { ...state, liveCodes }
    }
    default:
      return unknownEvent(event, state)
  }
}
