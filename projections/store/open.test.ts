import { describe, expect, it } from "vitest"
import { readStoreConfig } from "./open.ts"

describe("read store configuration", () => {
  it("uses PGlite under STUDIO_DATA_DIR when DATABASE_URL is unset", () => {
    expect(readStoreConfig({ STUDIO_DATA_DIR: "/var/studio" })).toEqual({ kind: "pglite", dataDir: "/var/studio/readstore" })
  })

  it("uses the server named by DATABASE_URL, in READSTORE_SCHEMA or public", () => {
    expect(readStoreConfig({ DATABASE_URL: "postgres://app@db:5432/studio" })).toEqual({
      kind: "postgres",
      url: "postgres://app@db:5432/studio",
      schema: "public",
    })
    expect(readStoreConfig({ DATABASE_URL: "postgresql://db/studio", READSTORE_SCHEMA: "reads" })).toMatchObject({ schema: "reads" })
  })

  it("names DATABASE_URL in a one-line error when it cannot be a Postgres URL", () => {
    expect(() => readStoreConfig({ DATABASE_URL: "mysql://db/x" })).toThrow(/^DATABASE_URL: scheme mysql: is not postgres:/)
    expect(() => readStoreConfig({ DATABASE_URL: "not a url" })).toThrow(/^DATABASE_URL: is not a URL/)
  })
})
