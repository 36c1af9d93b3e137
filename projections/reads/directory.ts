/**
 * The directory's queries (models/directory.ts), for the gateway only: sign-in
 * (accounts by email), refresh and the admin routes (a member, the
 * organization), guest joins (a live code). Only the gateway's system user
 * may ask them: no HTTP route maps to them, and a token never carries that id.
 *
 * `accounts` and `liveCode` are asked before a tenant is known. Their one
 * cross-tenant step is a security-definer function that names tenants (and a
 * session) only; each account is then read as its own tenant's system user,
 * under that tenant's row-level security.
 *
 * Each carries `at`, the log position the gateway waited for the read model to
 * reach before asking (read-your-writes): it keys any cached answer, so an
 * answer is never reused past a newer commit.
 */
import { SYSTEM_USER_ID, type Member, type OrganizationState } from "../../actors/organization/index.ts"
import type { User } from "../../engine/actor-kind.ts"
import { liveCodeOwner, memberByEmail, memberById, organizationState, tenantsByEmail } from "../queries/directory.ts"
import type { Sql } from "../store/port.ts"

export interface DirectoryAccount {
  readonly tenant: string
  readonly member: Member
}

export interface DirectoryQueries {
  readonly accounts: { params: { readonly email: string; readonly at: number }; answer: readonly DirectoryAccount[] }
  readonly member: { params: { readonly userId: string; readonly at: number }; answer: Member | null }
  readonly organization: { params: { readonly at: number }; answer: { readonly state: OrganizationState; readonly seq: number } | null }
  readonly liveCode: {
    params: { readonly code: string; readonly at: number }
    answer: { readonly tenant: string; readonly sessionId: string } | null
  }
}

/** Their names: the read side keeps no answer of theirs in its response cache. */
export const DIRECTORY_QUERY_NAMES: ReadonlySet<string> = new Set(
  Object.keys({ accounts: true, member: true, organization: true, liveCode: true } satisfies Record<keyof DirectoryQueries, true>),
)

/** The tenant's system user: how the gateway asks as a tenant. */
export const systemCaller = (tenant: string): User => ({ id: SYSTEM_USER_ID, tenant, roles: ["admin"] })

type AsViewer = <A>(caller: User, body: (sql: Sql) => Promise<A>) => Promise<A>

export const directoryHandlers = (asViewer: AsViewer, refuse: (code: "forbidden", detail: string) => Error) => {
  const system = (caller: User) => {
    if (caller.id !== SYSTEM_USER_ID) throw refuse("forbidden", "the directory answers the gateway only")
  }
  return {
    accounts: async ({ email }: DirectoryQueries["accounts"]["params"], caller: User): Promise<readonly DirectoryAccount[]> => {
      system(caller)
      const tenants = await asViewer(caller, (sql) => tenantsByEmail(sql, email))
      const accounts = await Promise.all(
        tenants.map(async (tenant) => {
          const member = await asViewer(systemCaller(tenant), (sql) => memberByEmail(sql, email))
          return member ? [{ tenant, member }] : []
        }),
      )
      return accounts.flat()
    },
    member: async ({ userId }: DirectoryQueries["member"]["params"], caller: User): Promise<Member | null> => {
      system(caller)
      return (await asViewer(caller, (sql) => memberById(sql, userId))) ?? null
    },
    organization: async (_params: DirectoryQueries["organization"]["params"], caller: User) => {
      system(caller)
      return (await asViewer(caller, organizationState)) ?? null
    },
    liveCode: async ({ code }: DirectoryQueries["liveCode"]["params"], caller: User) => {
      system(caller)
      return (await asViewer(caller, (sql) => liveCodeOwner(sql, code))) ?? null
    },
  }
}
