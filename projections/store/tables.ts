/**
 * How a tenant table is declared: its columns, and row-level security that
 * keeps each tenant to its own rows, written once here so no table can forget
 * it. Tables are created under a physical name because a rebuild builds a
 * shadow copy beside the live one and swaps them.
 */
import { APP_ROLE } from "./port.ts"

/** Logical table name -> physical name: the live tables, or their shadow copies during a rebuild. */
export type TableNames = Readonly<Record<string, string>>

export interface TableSpec {
  /** Logical name, used in queries; the physical name differs during a rebuild. */
  readonly name: string
  /**
   * Statements that create the table under `physical`, with indexes named
   * after it; `tables` names the physical tables it may refer to (policies
   * that look up a parent row).
   */
  readonly create: (physical: string, tables: TableNames) => readonly string[]
}

/** The RLS key: a tenant the transaction set with set_config('app.tenant', ..., true). */
export const TENANT_MATCHES = "tenant_id = current_setting('app.tenant', true)"
export const CURRENT_USER_ID = "current_setting('app.user', true)"
export const viewerHasRole = (role: string) => `'${role}' = any(string_to_array(current_setting('app.roles', true), ','))`

export interface TenantTableOptions {
  /** Columns after `tenant_id`, including constraints, as SQL. */
  readonly columns: string
  /** Column list of the primary key, tenant_id first. */
  readonly primaryKey: string
  /** Index name suffix -> column list. */
  readonly indexes?: Readonly<Record<string, string>>
  /** Extra conditions every viewer's row must also meet (privacy within a tenant), ANDed with the tenant rule. */
  readonly visibleWhen?: string
  /** Bookkeeping tables are not granted to the application role at all. */
  readonly grantToApp?: boolean
}

export const tenantTable = (physical: string, options: TenantTableOptions): string[] => [
  `create table ${physical} (tenant_id text not null, ${options.columns}, constraint ${physical}_pkey primary key (${options.primaryKey}))`,
  ...Object.entries(options.indexes ?? {}).map(([suffix, columns]) => `create index ${physical}_${suffix} on ${physical} (${columns})`),
  `alter table ${physical} enable row level security`,
  `create policy tenant_isolation on ${physical} using (${TENANT_MATCHES}) with check (${TENANT_MATCHES})`,
  ...(options.visibleWhen ? [`create policy privacy on ${physical} as restrictive using (${options.visibleWhen})`] : []),
  ...(options.grantToApp === false ? [] : [`grant select, insert, update, delete on ${physical} to ${APP_ROLE}`]),
]
