/**
 * Commands and events of an organization (a tenant): its members with their
 * roles and password hashes, and its invitations. Ids, password hashes and
 * invitation code hashes are made at the edge, so `decide` stays pure and no
 * secret ever reaches the log in clear.
 */
import { Schema } from "effect"
import { NAME_PATTERN } from "../../engine/address.ts"

export const MEMBER_ROLES = ["admin", "facilitator", "participant", "educator"] as const
export type MemberRole = (typeof MEMBER_ROLES)[number]

const Id = Schema.String.check(Schema.isPattern(NAME_PATTERN))
const Email = Schema.String.check(Schema.isMaxLength(254), Schema.isPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/))
const DisplayName = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))
const Roles = Schema.Array(Schema.Literals(MEMBER_ROLES)).check(Schema.isMinLength(1), Schema.isMaxLength(4))
/** `scrypt$<N>$<r>$<p>$<salt>$<hash>`; produced by the gateway, never a clear password. */
const PasswordHash = Schema.String.check(Schema.isPattern(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/))
/** Hex SHA-256 of an invitation code. */
const CodeHash = Schema.String.check(Schema.isPattern(/^[0-9a-f]{64}$/))
export const LiveCode = Schema.String.check(Schema.isPattern(/^[A-Z2-9]{6}$/))

const NewMember = { userId: Id, email: Email, name: DisplayName, passwordHash: PasswordHash }

export const OrganizationCommand = Schema.Union([
  Schema.Struct({ type: Schema.Literal("create"), name: DisplayName, admin: Schema.Struct(NewMember) }),
  Schema.Struct({ type: Schema.Literal("addMember"), ...NewMember, roles: Roles }),
  Schema.Struct({ type: Schema.Literal("invite"), invitationId: Id, email: Email, roles: Roles, codeHash: CodeHash }),
  Schema.Struct({ type: Schema.Literal("revokeInvitation"), invitationId: Id }),
  Schema.Struct({
    type: Schema.Literal("acceptInvitation"),
    invitationId: Id,
    codeHash: CodeHash,
    userId: Id,
    name: DisplayName,
    passwordHash: PasswordHash,
  }),
  Schema.Struct({ type: Schema.Literal("changeRoles"), userId: Id, roles: Roles }),
  Schema.Struct({ type: Schema.Literal("disableMember"), userId: Id }),
  Schema.Struct({ type: Schema.Literal("changePassword"), userId: Id, passwordHash: PasswordHash }),
  Schema.Struct({ type: Schema.Literal("openLiveCode"), code: LiveCode, sessionId: Id }),
  Schema.Struct({ type: Schema.Literal("closeLiveCode"), code: LiveCode }),
])
export type OrganizationCommand = typeof OrganizationCommand.Type

export const OrganizationEvent = Schema.Union([
  Schema.Struct({ type: Schema.Literal("created"), name: DisplayName }),
  Schema.Struct({ type: Schema.Literal("memberAdded"), ...NewMember, roles: Roles }),
  Schema.Struct({
    type: Schema.Literal("invited"),
    invitationId: Id,
    email: Email,
    roles: Roles,
    codeHash: CodeHash,
    expiresAt: Schema.Number,
    by: Schema.String,
  }),
  Schema.Struct({ type: Schema.Literal("invitationRevoked"), invitationId: Id }),
  Schema.Struct({ type: Schema.Literal("invitationAccepted"), invitationId: Id, userId: Id }),
  Schema.Struct({ type: Schema.Literal("rolesChanged"), userId: Id, roles: Roles }),
  Schema.Struct({ type: Schema.Literal("memberDisabled"), userId: Id }),
  Schema.Struct({ type: Schema.Literal("passwordChanged"), userId: Id, passwordHash: PasswordHash }),
  Schema.Struct({ type: Schema.Literal("liveCodeOpened"), code: LiveCode, sessionId: Id }),
  Schema.Struct({ type: Schema.Literal("liveCodeClosed"), code: LiveCode }),
])
export type OrganizationEvent = typeof OrganizationEvent.Type
