/**
 * What the gateway asks the directory (models/directory.ts), inside a viewer
 * transaction as the tenant's system user: row-level security keeps every
 * answer to that tenant, except the two cross-tenant lookups sign-in and
 * guest joins need, which go through the narrow security-definer functions
 * of migration 8 and return tenant ids and a session id only.
 */
import type { Member, OrganizationState } from "../../actors/organization/index.ts"
import type { Sql } from "../store/port.ts"

/** The tenants where `email` has an account (any status): nothing about the accounts themselves. */
export const tenantsByEmail = async (sql: Sql, email: string): Promise<string[]> =>
  (await sql.query<{ tenant: string }>("select t as tenant from directory_tenants_by_email($1) t", [email])).map((row) => row.tenant)

/** The tenant and session of an open live code, whoever asks. */
export const liveCodeOwner = async (sql: Sql, code: string): Promise<{ tenant: string; sessionId: string } | undefined> => {
  const [row] = await sql.query<{ tenant_id: string; session_id: string }>("select tenant_id, session_id from directory_live_code($1)", [code])
  return row && { tenant: row.tenant_id, sessionId: row.session_id }
}

const memberOf = (row: Record<string, any>): Member => ({
  id: row.user_id,
  email: row.email,
  name: row.name,
  roles: row.roles,
  passwordHash: row.password_hash,
  status: row.status,
})

/** The viewer's tenant's member with this email, if any. */
export const memberByEmail = async (sql: Sql, email: string): Promise<Member | undefined> => {
  const [row] = await sql.query("select * from directory_members where lower(email) = lower(btrim($1))", [email])
  return row && memberOf(row)
}

export const memberById = async (sql: Sql, userId: string): Promise<Member | undefined> => {
  const [row] = await sql.query("select * from directory_members where user_id = $1", [userId])
  return row && memberOf(row)
}

/** The viewer's tenant's organization as its actor's state holds it, with the last sequence folded in; undefined before it was created. */
export const organizationState = async (sql: Sql): Promise<{ state: OrganizationState; seq: number } | undefined> => {
  const [row] = await sql.query<{ state: OrganizationState; last_seq: number }>("select state, last_seq from directory_organizations")
  return row && { state: row.state, seq: row.last_seq }
}
