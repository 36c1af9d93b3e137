/**
 * The embedded read store: Postgres compiled to WebAssembly (PGlite) with
 * pgvector, in this process. Opening takes seconds, so open it once per
 * process. Without a directory it lives in memory (tests).
 */
import { mkdirSync } from "node:fs"
import { PGlite } from "@electric-sql/pglite"
import { vector } from "@electric-sql/pglite-pgvector"
import { Effect } from "effect"
import { makeReadStore } from "./make-store.ts"
import { runMigrations, type MigrationReport } from "./migrations.ts"
import type { ReadStore, Sql } from "./port.ts"

export interface PgliteStoreOptions {
  /** Where the database files live; in memory when omitted. */
  readonly dataDir?: string
}

export interface OpenedStore {
  readonly store: ReadStore
  readonly migrations: MigrationReport
}

export const openPgliteStore = async (options: PgliteStoreOptions = {}): Promise<OpenedStore> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { vector } })
  const store = makeReadStore({
    name: "pglite",
    vector: { available: true },
    transaction: (body) =>
      db.transaction((tx) => {
        const sql: Sql = { query: async (text, params) => (await tx.query<any>(text, params as unknown[] | undefined)).rows }
        return body(sql)
      }),
    close: () => db.close(),
  })
  const migrations = await Effect.runPromise(store.asOwner((sql) => runMigrations(sql, store.vector)))
  return { store, migrations }
}
