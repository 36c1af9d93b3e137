/**
 * The read store on a Postgres server (`DATABASE_URL`). Everything lives in
 * one schema (default `public`), so tests can each use their own. Debian's
 * PostgreSQL 15 has no pgvector: the store then says so once and the vector
 * read models stay off.
 */
import postgres from "postgres"
import { Effect } from "effect"
import { ConfigError } from "../../engine/errors.ts"
import { makeReadStore } from "./make-store.ts"
import { runMigrations } from "./migrations.ts"
import type { OpenedStore } from "./pglite-store.ts"
import type { Sql, VectorSupport } from "./port.ts"

export interface PostgresStoreOptions {
  readonly url: string
  /** Schema holding every table; created when missing. */
  readonly schema?: string
  readonly maxConnections?: number
  /** Where the one-line notice about a missing pgvector goes. */
  readonly warn?: (line: string) => void
}

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/

/** int8 as a JS number: positions and counts stay far below 2^53. */
const int8AsNumber = { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) }

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")

export const openPostgresStore = async (options: PostgresStoreOptions): Promise<OpenedStore> => {
  const schema = options.schema ?? "public"
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new ConfigError({
      variable: "READSTORE_SCHEMA",
      problem: `${JSON.stringify(schema)} is not a plain schema name`,
      fix: "Use lowercase letters, digits and _",
    })
  }
  const client = postgres(options.url, {
    max: options.maxConnections ?? 8,
    connection: { search_path: `${schema}, public` },
    types: { int8: int8AsNumber },
    onnotice: () => undefined,
    connect_timeout: 5,
  })
  try {
    await client.unsafe(`create schema if not exists ${schema}`)
  } catch (error) {
    await client.end({ timeout: 1 })
    const reason = error instanceof Error ? error.message : String(error)
    throw new ConfigError({
      variable: "DATABASE_URL",
      problem: `cannot use ${redact(options.url)}: ${reason}`,
      fix: "Check the server is up and the URL's user may create schemas, or unset DATABASE_URL for the embedded store",
    })
  }
  const [row] = await client.unsafe<{ available: boolean }[]>(
    "select exists (select 1 from pg_available_extensions where name = 'vector') as available",
  )
  const vector: VectorSupport = row?.available
    ? { available: true }
    : {
        available: false,
        reason:
          "pgvector is not installed on this Postgres server (DATABASE_URL): card search by meaning is off; install the vector extension to turn it on",
      }
  if (!vector.available) (options.warn ?? console.warn)(vector.reason)

  const store = makeReadStore({
    name: "postgres",
    vector,
    transaction: (body) =>
      client.begin((tx) => {
        const sql: Sql = { query: async (text, params) => (await tx.unsafe(text, (params ?? []) as any[])) as any[] }
        return body(sql)
      }) as Promise<any>,
    close: () => client.end({ timeout: 5 }),
  })
  const migrations = await Effect.runPromise(store.asOwner((sql) => runMigrations(sql, vector)))
  return { store, migrations }
}
