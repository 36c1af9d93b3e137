/**
 * The read store port: the Postgres database that holds the read models.
 * Two adapters (PGlite embedded, a Postgres server) pass one contract suite
 * (`contract.ts`).
 *
 * Every read-model row carries `tenant_id`, and row-level security keyed on
 * `current_setting('app.tenant')` is what keeps tenants apart: `asViewer`
 * runs as a role that cannot bypass it, so a forgotten WHERE clause can never
 * leak another tenant's rows. `asOwner` is for projections, migrations and
 * loaders, which write every tenant's rows.
 */
import type { Effect } from "effect"
import type { QueryFailed, ReadStoreUnavailable } from "./errors.ts"

/** One SQL statement at a time, `$1..$n` parameters, rows as plain objects. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>
}

/** Who is asking: from the caller's token, never from the request body. */
export interface Viewer {
  readonly tenant: string
  readonly userId: string
  readonly roles: readonly string[]
}

export type VectorSupport = { readonly available: true } | { readonly available: false; readonly reason: string }

export type ReadStoreError = ReadStoreUnavailable | QueryFailed

export interface ReadStore {
  readonly name: "pglite" | "postgres"
  /** pgvector: when missing, the vector read models are off and say so; everything else works. */
  readonly vector: VectorSupport
  /** A transaction as the owner of the tables: sees and writes every tenant. */
  asOwner<A>(body: (sql: Sql) => Promise<A>): Effect.Effect<A, ReadStoreError>
  /**
   * A transaction as the application role with `app.tenant`, `app.user` and
   * `app.facilitator` set for this transaction only: row-level security limits
   * every statement to the viewer's tenant (and privacy rules within it).
   */
  asViewer<A>(viewer: Viewer, body: (sql: Sql) => Promise<A>): Effect.Effect<A, ReadStoreError>
  /** Calling it twice is harmless. */
  close(): Effect.Effect<void>
}

/** The role tenant queries run as: not the owner, no BYPASSRLS, no login. */
export const APP_ROLE = "studio_app"
