/**
 * The Postgres server for tests: each test file gets a schema of its own,
 * dropped afterwards, so parallel runs never see each other's tables. When
 * the server is unreachable, tests skip with a message, except under CI,
 * where they must fail.
 */
import { randomBytes } from "node:crypto"
import { Effect } from "effect"
import postgres from "postgres"
import { openPostgresStore, type PostgresStoreOptions } from "../store/postgres-store.ts"
import type { OpenedStore } from "../store/pglite-store.ts"

export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test"

/** True when the server answers; false (with a printed reason) when tests should skip; throws under CI. */
export const serverAvailable = async (): Promise<boolean> => {
  const client = postgres(TEST_SERVER_URL, { max: 1, connect_timeout: 3, onnotice: () => undefined })
  try {
    await client`select 1`
    return true
  } catch (error) {
    const line = `Postgres server at ${TEST_SERVER_URL} is unreachable (${error instanceof Error ? error.message : String(error)})`
    if (process.env.CI) throw new Error(`${line}; CI requires it`)
    console.warn(`${line}: skipping the server tests`)
    return false
  } finally {
    await client.end({ timeout: 1 })
  }
}

export const uniqueSchema = (label: string): string =>
  `t_${label.replace(/[^a-z0-9]/g, "_").slice(0, 30)}_${process.pid}_${randomBytes(4).toString("hex")}`

export interface ServerStore extends OpenedStore {
  readonly schema: string
  /** Closes the store and drops its schema. */
  readonly dispose: () => Promise<void>
}

export const openServerStore = async (label: string, options: Partial<PostgresStoreOptions> = {}): Promise<ServerStore> => {
  const schema = options.schema ?? uniqueSchema(label)
  const opened = await openPostgresStore({ url: TEST_SERVER_URL, schema, warn: () => undefined, ...options })
  return { ...opened, schema, dispose: () => dropSchema(opened, schema) }
}

const dropSchema = async (opened: OpenedStore, schema: string) => {
  await Effect.runPromise(opened.store.close())
  const client = postgres(TEST_SERVER_URL, { max: 1, onnotice: () => undefined })
  try {
    await client.unsafe(`drop schema if exists ${schema} cascade`)
  } finally {
    await client.end({ timeout: 1 })
  }
}
