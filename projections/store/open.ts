/**
 * Opens the read store the environment names: a Postgres server when
 * DATABASE_URL is set, otherwise PGlite under ${STUDIO_DATA_DIR}/readstore.
 */
import { resolve } from "node:path"
import { ConfigError } from "../../engine/errors.ts"
import type { OpenedStore } from "./pglite-store.ts"

export type ReadStoreConfig =
  | { readonly kind: "pglite"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string; readonly schema: string }

type Env = Readonly<Record<string, string | undefined>>

export const readStoreConfig = (env: Env = process.env): ReadStoreConfig => {
  const url = env.DATABASE_URL?.trim()
  if (!url) return { kind: "pglite", dataDir: resolve(env.STUDIO_DATA_DIR || "./data", "readstore") }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ConfigError({
      variable: "DATABASE_URL",
      problem: "is not a URL",
      fix: "Use postgres://user@host:5432/db, or unset it for the embedded store",
    })
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new ConfigError({
      variable: "DATABASE_URL",
      problem: `scheme ${parsed.protocol} is not postgres:`,
      fix: "Use postgres://user@host:5432/db, or unset it for the embedded store",
    })
  }
  return { kind: "postgres", url, schema: env.READSTORE_SCHEMA?.trim() || "public" }
}

/** Adapters load lazily: an embedded node never loads the server client, and the reverse. */
export const openReadStore = async (config: ReadStoreConfig = readStoreConfig()): Promise<OpenedStore> => {
  if (config.kind === "pglite") {
    const { openPgliteStore } = await import("./pglite-store.ts")
    return openPgliteStore({ dataDir: config.dataDir })
  }
  const { openPostgresStore } = await import("./postgres-store.ts")
  return openPostgresStore({ url: config.url, schema: config.schema })
}
