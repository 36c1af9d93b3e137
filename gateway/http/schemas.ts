/**
 * The HTTP API's request and response bodies. Requests are decoded with
 * these schemas and the OpenAPI document is generated from them, so the two
 * cannot drift apart.
 */
import { Schema } from "effect"
import { MEMBER_ROLES } from "../../actors/organization/protocol.ts"
import { NAME_PATTERN } from "../../engine/address.ts"

const Email = Schema.String.check(Schema.isMaxLength(254), Schema.isPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/))
const Password = Schema.String.check(Schema.isMinLength(8), Schema.isMaxLength(256))
const DisplayName = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))
/** An id, tenant or kind (engine/address.ts): what every path segment that names something must be. */
export const Id = Schema.String.check(Schema.isPattern(new RegExp(NAME_PATTERN.source, "u"), { expected: "1-64 characters of A-Z a-z 0-9 _ -" }))
const Name = Id
/** Text a client puts in a query string: bounded, and without NUL (no store or log line should have to hold one). */
export const QueryText = (max: number) =>
  Schema.String.check(
    Schema.isMaxLength(max),
    Schema.makeFilter((text: string) => !text.includes("\u0000"), { expected: "text without NUL characters" }),
  )
const Roles = Schema.Array(Schema.Literals(MEMBER_ROLES)).check(Schema.isMinLength(1))
const AnyRole = Schema.Literals([...MEMBER_ROLES, "guest"])
const Timestamp = Schema.Int.annotate({ description: "milliseconds since the epoch" })

export const UserView = Schema.Struct({
  id: Schema.String,
  tenant: Schema.String,
  roles: Schema.Array(AnyRole),
  name: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
}).annotate({ identifier: "User" })

export const Session = Schema.Struct({
  token: Schema.String.annotate({ description: "short-lived access token (JWT); send it in `hello` and as `Authorization: Bearer`" }),
  refreshToken: Schema.String,
  user: UserView,
}).annotate({ identifier: "Session" })

export const LoginRequest = Schema.Struct({
  email: Email,
  password: Schema.String.check(Schema.isMaxLength(256)),
  tenant: Schema.optional(Name),
}).annotate({ identifier: "LoginRequest" })
export const RefreshRequest = Schema.Struct({ refreshToken: Schema.String }).annotate({ identifier: "RefreshRequest" })
export const Health = Schema.Struct({
  status: Schema.Literals(["ok", "starting", "stopping"]),
  /** While starting: the parts not ready yet. */
  waitingFor: Schema.optionalKey(Schema.Array(Schema.String)),
  node: Schema.String,
  log: Schema.String,
  connections: Schema.Int,
}).annotate({ identifier: "Health" })
export const Liveness = Schema.Struct({ status: Schema.Literal("alive"), node: Schema.String }).annotate({ identifier: "Liveness" })

export const CreateOrganizationRequest = Schema.Struct({
  tenant: Name,
  name: DisplayName,
  admin: Schema.Struct({ email: Email, name: DisplayName, password: Password }),
}).annotate({ identifier: "CreateOrganizationRequest" })
export const Organization = Schema.Struct({ tenant: Schema.String, name: Schema.String, members: Schema.Int }).annotate({
  identifier: "Organization",
})

export const Member = Schema.Struct({
  id: Schema.String,
  email: Schema.String,
  name: Schema.String,
  roles: Roles,
  status: Schema.Literals(["active", "disabled"]),
}).annotate({ identifier: "Member" })
export const MemberList = Schema.Struct({ members: Schema.Array(Member) }).annotate({ identifier: "MemberList" })
export const AddMemberRequest = Schema.Struct({ email: Email, name: DisplayName, roles: Roles, password: Password }).annotate({
  identifier: "AddMemberRequest",
})
export const ChangeRolesRequest = Schema.Struct({ roles: Roles }).annotate({ identifier: "ChangeRolesRequest" })
export const Created = Schema.Struct({ id: Schema.String, seq: Schema.Int }).annotate({ identifier: "Created" })

export const InviteRequest = Schema.Struct({ email: Email, roles: Roles }).annotate({ identifier: "InviteRequest" })
export const InvitationCreated = Schema.Struct({
  id: Schema.String,
  code: Schema.String.annotate({ description: "the secret to hand to the invitee; shown once" }),
  expiresAt: Timestamp,
}).annotate({ identifier: "InvitationCreated" })
export const Invitation = Schema.Struct({
  id: Schema.String,
  email: Schema.String,
  roles: Roles,
  expiresAt: Timestamp,
  by: Schema.String,
  status: Schema.Literals(["pending", "accepted", "revoked"]),
}).annotate({ identifier: "Invitation" })
export const InvitationList = Schema.Struct({ invitations: Schema.Array(Invitation) }).annotate({ identifier: "InvitationList" })
export const AcceptInvitationRequest = Schema.Struct({
  code: Schema.String.check(Schema.isMaxLength(300)),
  name: DisplayName,
  password: Password,
}).annotate({ identifier: "AcceptInvitationRequest" })

export const CreateSessionRequest = Schema.Struct({ title: DisplayName, sessionId: Schema.optional(Name) }).annotate({
  identifier: "CreateSessionRequest",
})
export const SessionCreated = Schema.Struct({
  addr: Schema.String,
  code: Schema.String.annotate({ description: "6 characters; guests join with POST /api/live/join" }),
  seq: Schema.Int,
}).annotate({ identifier: "SessionCreated" })
export const GuestJoinRequest = Schema.Struct({ code: Schema.String.check(Schema.isMaxLength(16)), name: DisplayName }).annotate({
  identifier: "GuestJoinRequest",
})
export const GuestSession = Schema.Struct({ token: Schema.String, refreshToken: Schema.String, user: UserView, addr: Schema.String }).annotate({
  identifier: "GuestSession",
})
export const MemberJoinRequest = Schema.Struct({ code: Schema.String.check(Schema.isMaxLength(16)) }).annotate({ identifier: "MemberJoinRequest" })
export const MemberJoined = Schema.Struct({ addr: Schema.String, seq: Schema.Int }).annotate({ identifier: "MemberJoined" })

export const CommandRequest = Schema.Struct({
  id: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_:.-]{1,128}$/)).annotate({
    description: "client op id, unique per user; a retry with the same id returns the first result",
  }),
  cmd: Schema.StructWithRest(Schema.Struct({ type: Schema.String }), [Schema.Record(Schema.String, Schema.Unknown)]),
}).annotate({ identifier: "CommandRequest" })
export const CommandAck = Schema.Struct({ seq: Schema.Int }).annotate({ identifier: "CommandAck" })

export const Problem = Schema.Struct({
  type: Schema.String,
  title: Schema.String,
  status: Schema.Int,
  detail: Schema.String,
  code: Schema.String,
  instance: Schema.optional(Schema.String),
}).annotate({ identifier: "Problem" })
