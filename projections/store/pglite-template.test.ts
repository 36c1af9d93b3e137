import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MIGRATIONS } from "./migrations.ts"
import { openPgliteStore } from "./pglite-store.ts"
import { templateFileName } from "./pglite-template.ts"

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

  it("replaces a dump that does not load, then makes the next store from the good one", async () => {
    // A dump under the current key that is not a database: a torn copy, a disk error.
    await writeFile(join(cache, templateFileName()), "not a tar file")

    const made = await openPgliteStore({ dataDir: join(dataDirs, "a") })
    expect(made.migrations.applied, "made the slow way, every migration run").toEqual(MIGRATIONS.map((m) => m.version))
    await Effect.runPromise(made.store.close())
    expect((await stat(join(cache, templateFileName()))).size, "the torn dump was replaced by a whole one").toBeGreaterThan(1_000_000)

    const fromDump = await openPgliteStore({ dataDir: join(dataDirs, "b") })
    expect(fromDump.migrations.applied, "the dump already holds every migration").toEqual([])
    const versions = await Effect.runPromise(fromDump.store.asOwner((sql) => sql.query<{ version: number }>("select version from schema_migrations order by version")))
    expect(versions.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version))
    await Effect.runPromise(fromDump.store.close())
    expect(await readdir(cache), "one dump, no partial copies left").toEqual([templateFileName()])
  })
})
