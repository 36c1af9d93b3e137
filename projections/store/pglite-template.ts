/**
 * A new PGlite database costs an initdb (about 5 s on 2 cores) plus the
 * migrations; loading a dump of one that already went through both costs
 * about 1.5 s. So the first store opened on a machine leaves such a dump in
 * a cache, and every later new store (a node on a fresh data directory, an
 * in-memory store in a test) starts from it. The cache key names everything
 * the dump depends on: PGlite's and pgvector's versions and the migrations'
 * text, so a change to any of them makes a new dump instead of reusing a
 * stale one. A dump that cannot be read or loaded is deleted and the store
 * is made the slow way; a cache that cannot be written is simply not kept.
 * On-disk stores start from a closed copy of such a database instead
 * (templateDirectoryPath).
 */
import { createHash } from "node:crypto"
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { PGlite } from "@electric-sql/pglite"
import { MIGRATIONS } from "./migrations.ts"

/** The installed version of a package whose exports hide its package.json: found by walking up from its entry. */
const versionOf = (name: string): string => {
  for (let dir = dirname(fileURLToPath(import.meta.resolve(name))); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string }
      if (manifest.name === name && manifest.version) return manifest.version
    } catch {
      // No package.json at this level: keep walking up.
    }
  }
  throw new Error(`${name}: no package.json above its entry`)
}

/** STUDIO_PGLITE_CACHE names the folder; `off` keeps no dumps. By default, node_modules/.cache beside the code. */
const cacheDir = (env: NodeJS.ProcessEnv): string | undefined => {
  const configured = env["STUDIO_PGLITE_CACHE"]
  if (configured === "off") return undefined
  return configured || new URL("../../node_modules/.cache/studio-pglite", import.meta.url).pathname
}

const templateKey = (): string =>
  createHash("sha256")
    .update(JSON.stringify({ pglite: versionOf("@electric-sql/pglite"), vector: versionOf("@electric-sql/pglite-pgvector"), migrations: MIGRATIONS }))
    .digest("hex")
    .slice(0, 16)

/** The dump's file name in the cache folder: it changes with anything the dump depends on. */
export const templateFileName = (): string => `template-${templateKey()}.tar`

/**
 * The same database closed in a directory of its own, under the same key. A
 * new on-disk store copies it and opens it as an existing database, which
 * skips loading the 40 MB dump into the WebAssembly heap: a node's read side
 * opened its new store with about 1 CPU-second less (pglite-store.ts).
 */
export const templateDirectoryPath = (env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const dir = cacheDir(env)
  return dir && join(dir, `template-${templateKey()}`)
}

export interface StoreTemplate {
  /** The dump to start a new database from, when the cache has one. */
  readonly dump: Blob | undefined
  /** Keeps a dump of `db` (new and just migrated) for the next new store; a no-op when a dump was used or the cache is off. */
  keep(db: PGlite): Promise<void>
  /** The dump did not load: delete it, so that `keep` leaves a good one. */
  discard(): void
}

const NO_TEMPLATE: StoreTemplate = { dump: undefined, keep: async () => undefined, discard: () => undefined }

export const storeTemplate = (env: NodeJS.ProcessEnv = process.env): StoreTemplate => {
  const dir = cacheDir(env)
  if (!dir) return NO_TEMPLATE
  const file = join(dir, templateFileName())
  let dump: Blob | undefined
  try {
    dump = new Blob([readFileSync(file)])
  } catch {
    dump = undefined
  }
  return {
    get dump() {
      return dump
    },
    keep: async (db) => {
      if (dump) return
      try {
        const bytes = Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer())
        mkdirSync(dir, { recursive: true })
        // Written aside and renamed: a process opening a store meanwhile reads a whole dump or none.
        const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`
        writeFileSync(partial, bytes)
        renameSync(partial, file)
      } catch {
        // A read-only or full disk: the next new store is made the slow way again.
      }
    },
    discard: () => {
      dump = undefined
      rmSync(file, { force: true })
    },
  }
}
