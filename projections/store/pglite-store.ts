/**
 * The embedded read store: Postgres compiled to WebAssembly (PGlite) with
 * pgvector, in this process. Opening takes seconds, so open it once per
 * process. Without a directory it lives in memory (tests).
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs"
import { join } from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { vector } from "@electric-sql/pglite-pgvector"
import { Effect } from "effect"
import { makeReadStore } from "./make-store.ts"
import { runMigrations, type MigrationReport } from "./migrations.ts"
import { storeTemplate, templateDirectoryPath, type StoreTemplate } from "./pglite-template.ts"
import type { ReadStore, Sql } from "./port.ts"

export interface PgliteStoreOptions {
  /** Where the database files live; in memory when omitted. */
  readonly dataDir?: string
  /** False while making the template directory itself. */
  readonly fromTemplateDirectory?: boolean
}

export interface OpenedStore {
  readonly store: ReadStore
  readonly migrations: MigrationReport
}

export const openPgliteStore = async (options: PgliteStoreOptions = {}): Promise<OpenedStore> => {
  const { db, template } = await openDatabase(options.dataDir, options.fromTemplateDirectory !== false)
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

const hasDatabase = (dataDir: string) => existsSync(join(dataDir, "PG_VERSION"))

const openDatabase = async (dataDir: string | undefined, fromTemplateDirectory: boolean): Promise<{ db: PGlite; template?: StoreTemplate }> => {
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true })
    if (!hasDatabase(dataDir) && fromTemplateDirectory) {
      const copied = await copyTemplateDirectory(dataDir)
      if (copied) {
        try {
          return { db: await createDatabase(dataDir, undefined) }
        } catch {
          // A damaged template: it and its copy go, and this store is made from the dump.
          rmSync(copied, { recursive: true, force: true })
          rmSync(dataDir, { recursive: true, force: true })
          mkdirSync(dataDir, { recursive: true })
        }
      }
    }
  }
  const template = !dataDir || !hasDatabase(dataDir) ? storeTemplate() : undefined
  const db = await createDatabase(dataDir, template?.dump).catch((error: unknown) => {
    if (!template?.dump) throw error
    template.discard()
    return createDatabase(dataDir, undefined)
  })
  return template ? { db, template } : { db }
}

/**
 * Copies the cache's template database into an empty data directory, making
 * the template first (from the dump, or the slow way) when the cache has
 * none. Answers the template's path, or undefined when there is no cache or
 * the copy failed (the store is then made from the dump).
 */
const copyTemplateDirectory = async (dataDir: string): Promise<string | undefined> => {
  const template = templateDirectoryPath()
  if (!template) return undefined
  try {
    if (!hasDatabase(template)) {
      // Made aside and renamed: a process opening a store meanwhile copies a whole template or none.
      const aside = `${template}.${process.pid}.${Math.random().toString(36).slice(2)}`
      const made = await openPgliteStore({ dataDir: aside, fromTemplateDirectory: false })
      await Effect.runPromise(made.store.close())
      try {
        renameSync(aside, template)
      } catch {
        // Another process kept its template first.
        rmSync(aside, { recursive: true, force: true })
      }
    }
    cpSync(template, dataDir, { recursive: true })
    return template
  } catch {
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(dataDir, { recursive: true })
    return undefined
  }
}

/**
 * Postgres's buffer cache: PGlite's default, 128 MB, is most of an idle
 * node's memory, and the read models of one node are far smaller (the OS
 * caches the files below it as well). Alone, a PGlite opened on a migrated
 * store held 290 MiB resident with the default and 183 MiB with 32 MB.
 */
const SHARED_BUFFERS = "32MB"
/** PGlite's own start parameters (not in its types), which startParams replaces rather than extends. */
const pgliteStartParams = (PGlite as unknown as { defaultStartParams?: readonly string[] }).defaultStartParams

const createDatabase = (dataDir: string | undefined, dump: Blob | undefined): Promise<PGlite> =>
  PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(dump ? { loadDataDir: dump } : {}),
    ...(pgliteStartParams ? { startParams: [...pgliteStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`] } : {}),
    extensions: { vector },
  })
