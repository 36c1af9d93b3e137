/**
 * Directory read model: who is who in each organization, as the
 * organization actor's own `evolve` folds it. The gateway needs it for
 * sign-in (email -> accounts), refresh (a member's roles and status), guest
 * joins (live code -> session) and the organization's admin routes. It was
 * an in-memory fold of the whole log at every start of every node.
 *
 * Tables, all under the tenant's row-level security and for the gateway's
 * own identity in the tenant only (its system user; they hold password hashes):
 * - `directory_organizations`: one row per organization, its state (name,
 *   members, invitations, live codes) as JSON, and the last sequence applied.
 * - `directory_members`: one row per member, with the normalised email.
 * - `directory_live_codes`: one row per open live-session code.
 *
 * Sign-in and guest joins ask before any tenant is known. They get exactly
 * two cross-tenant answers, from security-definer functions (migration 8 in
 * store/migrations.ts): the tenants where an email has an account, and the
 * tenant and session of an open live code. Nothing else crosses tenants;
 * the member rows themselves are then read as that tenant.
 */
import {
  ORGANIZATION_KIND,
  OrganizationEvent,
  SYSTEM_USER_ID,
  evolveOrganization,
  initialOrganization,
  type OrganizationState,
} from "../../actors/organization/index.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Projection, TableNames } from "../runner/projection.ts"
import type { Sql } from "../store/port.ts"
import { CURRENT_USER_ID, tenantTable } from "../store/tables.ts"
import { deleteRows, loadRows, upsertRows, type Column } from "./bulk.ts"
import { decoderFor, streamsOf } from "./streams.ts"

/**
 * The rows hold password and invitation-code hashes: only the gateway's own
 * identity in the tenant reads them (SYSTEM_USER_ID, which no member has and
 * no token carries), not even the tenant's admins.
 */
const GATEWAY_ONLY = `${CURRENT_USER_ID} = '${SYSTEM_USER_ID}'`

const ORGANIZATION_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "name", type: "text" },
  { name: "state", type: "jsonb" },
  { name: "last_seq", type: "integer" },
]
const MEMBER_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "user_id", type: "text" },
  { name: "email", type: "text" },
  { name: "name", type: "text" },
  { name: "roles", type: "jsonb" },
  { name: "password_hash", type: "text" },
  { name: "status", type: "text" },
]
const CODE_COLUMNS: readonly Column[] = [
  { name: "tenant_id", type: "text" },
  { name: "code", type: "text" },
  { name: "session_id", type: "text" },
]

const organizationsTable = {
  name: "directory_organizations",
  create: (t: string) =>
    tenantTable(t, {
      columns: "name text, state jsonb not null, last_seq integer not null",
      primaryKey: "tenant_id",
      visibleWhen: GATEWAY_ONLY,
    }),
}
const membersTable = {
  name: "directory_members",
  create: (t: string) =>
    tenantTable(t, {
      columns:
        "user_id text not null, email text not null, name text not null, roles jsonb not null, password_hash text not null, status text not null",
      primaryKey: "tenant_id, user_id",
      // Sign-in looks an email up across tenants (directory_tenants_by_email).
      indexes: { by_email: "lower(email)" },
      visibleWhen: GATEWAY_ONLY,
    }),
}
const liveCodesTable = {
  name: "directory_live_codes",
  create: (t: string) =>
    tenantTable(t, {
      columns: "code text not null, session_id text not null",
      primaryKey: "tenant_id, code",
      indexes: { by_code: "code" },
      visibleWhen: GATEWAY_ONLY,
    }),
}

const decode = decoderFor(OrganizationEvent, ORGANIZATION_KIND)

const apply = async (sql: Sql, commits: readonly Commit[], tables: TableNames) => {
  const streams = streamsOf(commits, ORGANIZATION_KIND, decode)
  if (streams.size === 0) return
  const tenants = [...streams.values()].map((stream) => ({ tenant_id: stream.addr.tenant }))
  const existing = new Map(
    (
      await loadRows<{ tenant_id: string; state: OrganizationState; last_seq: number }>(sql, tables.directory_organizations!, ["tenant_id"], tenants)
    ).map((row) => [row.tenant_id, row]),
  )
  const organizations: object[] = []
  const members: object[] = []
  const opened: object[] = []
  const closed: object[] = []
  const codesBefore = (state: OrganizationState | undefined): Readonly<Record<string, string>> => state?.liveCodes ?? {}
  for (const stream of streams.values()) {
    const tenant = stream.addr.tenant
    // Only the tenant's own organization actor speaks for it.
    if (stream.addr.id !== tenant) continue
    const before = existing.get(tenant)
    let state = before?.state ?? initialOrganization()
    let lastSeq = before?.last_seq ?? 0
    const touched = new Set<string>()
    for (const { seq, event } of stream.events) {
      // Already applied (a replay, or an overlapping batch): skipping it is what makes this idempotent.
      if (seq <= lastSeq) continue
      state = evolveOrganization(state, event)
      lastSeq = seq
      if ("userId" in event) touched.add(event.userId)
    }
    if (lastSeq === (before?.last_seq ?? 0)) continue
    organizations.push({ tenant_id: tenant, name: state.name, state, last_seq: lastSeq })
    // Live codes as the state holds them now: opened or moved ones written, closed ones deleted.
    const was = codesBefore(before?.state)
    for (const [code, sessionId] of Object.entries(state.liveCodes))
      if (was[code] !== sessionId) opened.push({ tenant_id: tenant, code, session_id: sessionId })
    for (const code of Object.keys(was)) if (!Object.hasOwn(state.liveCodes, code)) closed.push({ tenant_id: tenant, code })
    for (const userId of touched) {
      const member = state.members[userId]
      if (!member || !Object.hasOwn(state.members, userId)) continue
      members.push({
        tenant_id: tenant,
        user_id: member.id,
        email: member.email,
        name: member.name,
        roles: member.roles,
        password_hash: member.passwordHash,
        status: member.status,
      })
    }
  }
  await upsertRows(sql, tables.directory_organizations!, ORGANIZATION_COLUMNS, ["tenant_id"], organizations)
  await upsertRows(sql, tables.directory_members!, MEMBER_COLUMNS, ["tenant_id", "user_id"], members)
  await upsertRows(sql, tables.directory_live_codes!, CODE_COLUMNS, ["tenant_id", "code"], opened)
  await deleteRows(sql, tables.directory_live_codes!, ["tenant_id", "code"], closed)
}

/** Its name, which the gateway waits on before it reads (gateway/directory.ts). */
export const DIRECTORY_PROJECTION = "directory"

export const directoryProjection: Projection = {
  name: DIRECTORY_PROJECTION,
  // 2: rows for the gateway's system user only (1 showed them to the tenant's admins).
  version: 2,
  tables: [organizationsTable, membersTable, liveCodesTable],
  // Sign-in depends on it: an event it cannot apply stops it for an operator rather than skipping a member.
  onPoison: { kind: "retry", attempts: 3, backoffMs: 200, then: "halt" },
  apply,
}
