/**
 * The embedded read store: Postgres compiled to WebAssembly (PGlite) with
 * pgvector, in this process. Opening takes seconds, so open it once per
 * process. Without a directory it lives in memory (tests).
 */
import { existsSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { vector } from "@electric-sql/pglite-pgvector"
import { Effect } from "effect"
import { makeReadStore } from "./make-store.ts"
import { runMigrations, type MigrationReport } from "./migrations.ts"
import { storeTemplate } from "./pglite-template.ts"
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
  const isNew = !options.dataDir || !existsSync(join(options.dataDir, "PG_VERSION"))
  const template = isNew ? storeTemplate() : undefined
  const db = await createDatabase(options.dataDir, template?.dump).catch((error: unknown) => {
    if (!template?.dump) throw error
    template.discard()
    return createDatabase(options.dataDir, undefined)
  })
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
  await template?.keep(db)
  return { store, migrations }
}

const createDatabase = (dataDir: string | undefined, dump: Blob | undefined): Promise<PGlite> =>
  PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(dump ? { loadDataDir: dump } : {}), extensions: { vector } })
