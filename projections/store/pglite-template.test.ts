import { existsSync } from "node:fs"
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MIGRATIONS } from "./migrations.ts"
import { openPgliteStore } from "./pglite-store.ts"
import { templateDirectoryPath, templateFileName } from "./pglite-template.ts"

// Each test opens several stores, one the slow way (initdb): about 15 s alone, several times that on a loaded machine.
const STORE_OPENINGS_MS = 240_000

describe("new PGlite stores start from a kept dump", () => {
  let cache: string
  let dataDirs: string
  const before = process.env["STUDIO_PGLITE_CACHE"]

  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), "pglite-cache-"))
    dataDirs = await mkdtemp(join(tmpdir(), "pglite-data-"))
    process.env["STUDIO_PGLITE_CACHE"] = cache
  })
  afterAll(async () => {
    if (before === undefined) delete process.env["STUDIO_PGLITE_CACHE"]
    else process.env["STUDIO_PGLITE_CACHE"] = before
    await rm(cache, { recursive: true, force: true })
    await rm(dataDirs, { recursive: true, force: true })
  })

  it(
    "replaces a dump that does not load, then makes the next store from the good one",
    async () => {
      // A dump under the current key that is not a database: a torn copy, a disk error.
      await writeFile(join(cache, templateFileName()), "not a tar file")

      const made = await openPgliteStore({ dataDir: join(dataDirs, "a"), fromTemplateDirectory: false })
      expect(made.migrations.applied, "made the slow way, every migration run").toEqual(MIGRATIONS.map((m) => m.version))
      await Effect.runPromise(made.store.close())
      expect((await stat(join(cache, templateFileName()))).size, "the torn dump was replaced by a whole one").toBeGreaterThan(1_000_000)

      const fromDump = await openPgliteStore({ dataDir: join(dataDirs, "b"), fromTemplateDirectory: false })
      expect(fromDump.migrations.applied, "the dump already holds every migration").toEqual([])
      const versions = await Effect.runPromise(
        fromDump.store.asOwner((sql) => sql.query<{ version: number }>("select version from schema_migrations order by version")),
      )
      expect(versions.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version))
      await Effect.runPromise(fromDump.store.close())
      expect(await readdir(cache), "one dump, no partial copies left").toEqual([templateFileName()])
    },
    STORE_OPENINGS_MS,
  )

  it(
    "opens a new on-disk store as a copy of a closed template database, and replaces a damaged template",
    async () => {
      const tables = (opened: Awaited<ReturnType<typeof openPgliteStore>>) =>
        Effect.runPromise(opened.store.asOwner((sql) => sql.query<{ version: number }>("select version from schema_migrations order by version")))

      const first = await openPgliteStore({ dataDir: join(dataDirs, "c") })
      const template = templateDirectoryPath()!
      expect(existsSync(join(template, "PG_VERSION")), "the first on-disk store left a template database").toBe(true)
      expect(first.migrations.applied, "a copy of the template holds every migration").toEqual([])
      const [buffers] = await Effect.runPromise(first.store.asOwner((sql) => sql.query<{ shared_buffers: string }>("show shared_buffers")))
      expect(buffers!.shared_buffers, "a buffer cache sized for one node's read models, not PGlite's 128 MB").toBe("32MB")
      expect((await tables(first)).map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version))
      await Effect.runPromise(first.store.asOwner((sql) => sql.query("create table only_in_c (id int)")))
      await Effect.runPromise(first.store.close())

      const second = await openPgliteStore({ dataDir: join(dataDirs, "d") })
      const own = await Effect.runPromise(
        second.store.asOwner((sql) => sql.query<{ n: number }>("select count(*)::int as n from pg_tables where tablename = 'only_in_c'")),
      )
      expect(own[0]!.n, "each store is a copy: a table made in one is not in the next").toBe(0)
      await Effect.runPromise(second.store.close())

      // A template whose control file was overwritten (a torn copy, a disk error) cannot be opened.
      await writeFile(join(template, "global", "pg_control"), "not a control file")
      const afterDamage = await openPgliteStore({ dataDir: join(dataDirs, "e") })
      expect(
        (await tables(afterDamage)).map((row) => Number(row.version)),
        "made from the dump instead",
      ).toEqual(MIGRATIONS.map((m) => m.version))
      await Effect.runPromise(afterDamage.store.close())
      expect(existsSync(template), "the damaged template was deleted").toBe(false)
      const next = await openPgliteStore({ dataDir: join(dataDirs, "f") })
      expect(existsSync(join(template, "PG_VERSION")), "and the next new store made a good one").toBe(true)
      expect(next.migrations.applied).toEqual([])
      await Effect.runPromise(next.store.close())
    },
    STORE_OPENINGS_MS,
  )
})
