import { describe, expect, it } from "vitest"
import { FIXED_NOW, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { INVITATION_TTL_MS, SYSTEM_USER_ID, organizationKind, type OrganizationEvent } from "./index.ts"

const HASH = "scrypt$16384$8$1$c2FsdA==$aGFzaA=="
const CODE = "a".repeat(64)
const system = testUser(SYSTEM_USER_ID, ["admin"])
const admin = testUser("u-admin", ["admin"])
const facilitator = testUser("u-fac", ["facilitator"])
const participant = testUser("u-p", ["participant"])

const created: OrganizationEvent[] = [
  { type: "created", name: "Demo" },
  { type: "memberAdded", userId: "u-admin", email: "admin@demo.example", name: "Ada", roles: ["admin"], passwordHash: HASH },
  { type: "memberAdded", userId: "u-fac", email: "fac@demo.example", name: "Fay", roles: ["facilitator"], passwordHash: HASH },
  { type: "memberAdded", userId: "u-p", email: "p@demo.example", name: "Pat", roles: ["participant"], passwordHash: HASH },
]
const invitation: OrganizationEvent = {
  type: "invited",
  invitationId: "inv1",
  email: "new@demo.example",
  roles: ["participant"],
  codeHash: CODE,
  expiresAt: FIXED_NOW + INVITATION_TTL_MS,
  by: "u-fac",
}
const org = spec(organizationKind)

describe("organization decider", () => {
  it("creating an organization makes its first member an admin, with a normalised email", () => {
    org
      .when({ type: "create", name: "Demo", admin: { userId: "u1", email: "Ada@Demo.Example", name: "Ada", passwordHash: HASH } }, { user: system })
      .then([
        { type: "created", name: "Demo" },
        { type: "memberAdded", userId: "u1", email: "ada@demo.example", name: "Ada", roles: ["admin"], passwordHash: HASH },
      ])
  })

  it("an organization is created once", () => {
    org
      .given(created)
      .when({ type: "create", name: "Again", admin: { userId: "u9", email: "x@y.example", name: "X", passwordHash: HASH } }, { user: system })
      .thenRejects("conflict")
  })

  it("commands to an organization that does not exist are not_found", () => {
    org
      .when({ type: "addMember", userId: "u2", email: "b@c.example", name: "B", roles: ["participant"], passwordHash: HASH }, { user: admin })
      .thenRejects("not_found")
  })

  it("only admins add members, and an email belongs to one member", () => {
    const add = { type: "addMember", userId: "u9", email: "n@demo.example", name: "N", roles: ["educator"], passwordHash: HASH }
    org.given(created).when(add, { user: facilitator }).thenRejects("forbidden")
    org
      .given(created)
      .when(add, { user: admin })
      .then([{ ...add, type: "memberAdded" } as OrganizationEvent])
    org
      .given(created)
      .when({ ...add, email: "P@demo.example" }, { user: admin })
      .thenRejects("conflict", /already a member/)
    org
      .given(created)
      .when({ ...add, userId: "u-p" }, { user: admin })
      .thenRejects("conflict", /already exists/)
  })

  it("ids named like members every object has (constructor, toString, valueOf) are ordinary ids, never taken already", () => {
    for (const id of ["constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"]) {
      const add = { type: "addMember", userId: id, email: `${id.toLowerCase()}@demo.example`, name: "N", roles: ["participant"], passwordHash: HASH }
      org
        .given(created)
        .when(add, { user: admin })
        .then([{ ...add, type: "memberAdded" } as OrganizationEvent])
      org
        .given(created)
        .when({ type: "acceptInvitation", invitationId: id, userId: "u-new", name: "N", passwordHash: HASH, codeHash: CODE }, { user: system })
        .thenRejects("not_found")
    }
  })

  it("a facilitator may invite participants only; the invitation expires after a week", () => {
    const invite = { type: "invite", invitationId: "inv1", email: "new@demo.example", codeHash: CODE }
    org
      .given(created)
      .when({ ...invite, roles: ["participant"] }, { user: facilitator })
      .then([invitation])
    org
      .given(created)
      .when({ ...invite, roles: ["admin"] }, { user: facilitator })
      .thenRejects("forbidden")
    org
      .given(created)
      .when({ ...invite, roles: ["participant"] }, { user: participant })
      .thenRejects("forbidden")
  })

  it("accepting an invitation with its code adds the member with the invited roles", () => {
    const { state } = org
      .given([...created, invitation])
      .when(
        { type: "acceptInvitation", invitationId: "inv1", codeHash: CODE, userId: "u-new", name: "Neo", passwordHash: HASH },
        { user: testUser("anyone", []) },
      )
      .then([
        { type: "invitationAccepted", invitationId: "inv1", userId: "u-new" },
        { type: "memberAdded", userId: "u-new", email: "new@demo.example", name: "Neo", roles: ["participant"], passwordHash: HASH },
      ])
    expect(state.invitations["inv1"]?.status).toBe("accepted")
  })

  it("a wrong code is indistinguishable from a missing invitation", () => {
    const accept = { type: "acceptInvitation", invitationId: "inv1", codeHash: "b".repeat(64), userId: "u-new", name: "Neo", passwordHash: HASH }
    org
      .given([...created, invitation])
      .when(accept)
      .thenRejects("not_found", /no such invitation/)
    org
      .given(created)
      .when({ ...accept, codeHash: CODE })
      .thenRejects("not_found", /no such invitation/)
  })

  it("an invitation is accepted once, and not after it expires or is revoked", () => {
    const accept = { type: "acceptInvitation", invitationId: "inv1", codeHash: CODE, userId: "u-new", name: "Neo", passwordHash: HASH }
    org
      .given([...created, invitation])
      .when(accept, { now: FIXED_NOW + INVITATION_TTL_MS + 1 })
      .thenRejects("conflict", /expired/)
    org
      .given([...created, invitation, { type: "invitationRevoked", invitationId: "inv1" }])
      .when(accept)
      .thenRejects("conflict", /revoked/)
    org
      .given([...created, invitation, { type: "invitationAccepted", invitationId: "inv1", userId: "u-x" }])
      .when(accept)
      .thenRejects("conflict", /accepted/)
  })

  it("the last admin can neither lose the role nor be disabled", () => {
    org
      .given(created)
      .when({ type: "changeRoles", userId: "u-admin", roles: ["facilitator"] }, { user: admin })
      .thenRejects("conflict", /at least one admin/)
    org
      .given(created)
      .when({ type: "disableMember", userId: "u-admin" }, { user: admin })
      .thenRejects("conflict", /at least one admin/)
    org
      .given(created)
      .when({ type: "changeRoles", userId: "u-p", roles: ["participant", "educator"] }, { user: admin })
      .then([{ type: "rolesChanged", userId: "u-p", roles: ["participant", "educator"] }])
  })

  it("members change only their own password unless they are admins", () => {
    org.given(created).when({ type: "changePassword", userId: "u-fac", passwordHash: HASH }, { user: participant }).thenRejects("forbidden")
    org
      .given(created)
      .when({ type: "changePassword", userId: "u-p", passwordHash: HASH }, { user: participant })
      .then([{ type: "passwordChanged", userId: "u-p", passwordHash: HASH }])
  })

  it("facilitators open and close live codes; a code is used once at a time", () => {
    const { state } = org
      .given(created)
      .when({ type: "openLiveCode", code: "ABC234", sessionId: "s1" }, { user: facilitator })
      .then([{ type: "liveCodeOpened", code: "ABC234", sessionId: "s1" }])
    expect(state.liveCodes).toEqual({ ABC234: "s1" })
    org
      .given([...created, { type: "liveCodeOpened", code: "ABC234", sessionId: "s1" }])
      .when({ type: "openLiveCode", code: "ABC234", sessionId: "s2" }, { user: facilitator })
      .thenRejects("conflict")
    org.given(created).when({ type: "openLiveCode", code: "ABC234", sessionId: "s1" }, { user: participant }).thenRejects("forbidden")
    org
      .given([...created, { type: "liveCodeOpened", code: "ABC234", sessionId: "s1" }])
      .when({ type: "closeLiveCode", code: "ABC234" }, { user: facilitator })
      .then([{ type: "liveCodeClosed", code: "ABC234" }])
  })

  it("the schema refuses clear passwords, unknown roles and lower-case live codes", () => {
    org
      .when({ type: "addMember", userId: "u9", email: "n@demo.example", name: "N", roles: ["participant"], passwordHash: "hunter2" })
      .thenRefusedBySchema()
    org.when({ type: "addMember", userId: "u9", email: "n@demo.example", name: "N", roles: ["root"], passwordHash: HASH }).thenRefusedBySchema()
    org.when({ type: "openLiveCode", code: "abc234", sessionId: "s1" }).thenRefusedBySchema()
  })

  it("only active admins read the organization, and hashes never leave it", () => {
    const state = created.reduce(
      (s, e, i) => organizationKind.evolve(s, e, { seq: i + 1, by: "x", at: 0 }),
      organizationKind.initialState(undefined as never),
    )
    expect(organizationKind.canRead(state, admin)).toBe(true)
    expect(organizationKind.canRead(state, facilitator)).toBe(false)
    expect(JSON.stringify(organizationKind.redactState!(state, admin))).not.toContain(HASH)
    expect(JSON.stringify(organizationKind.redactEvent!(state, created[1]!, admin))).not.toContain(HASH)
    expect(JSON.stringify(organizationKind.redactEvent!(state, invitation, admin))).not.toContain(CODE)
  })
})
