/**
 * Session settings for the read-side worker's embedded store. The read store
 * shares the node's disk with the event log, whose every acknowledgement
 * waits for an fdatasync; bytes the read store writes are bytes that
 * writeback puts on the same disk. PGlite's Postgres fills each new 16 MB WAL
 * segment with zeros before using it (wal_init_zero): at 500 canvas
 * operations a second, 40% of what the read store wrote (the projections'
 * transactions alone, one per 100 ms: 1,034 KiB/s with the zeros, 622 without). The zeros
 * only matter on file systems that do not allocate on write and where the
 * WAL must survive a power cut; PGlite runs with fsync off, so its files do
 * not survive one either way, and the read models can be rebuilt from the log.
 */
import { Effect } from "effect"
import type { ReadStore } from "../store/port.ts"

/** For an embedded (PGlite) store only: a Postgres server keeps its own settings. */
export const quietWalWrites = (store: ReadStore): Promise<void> =>
  store.name !== "pglite" ? Promise.resolve() : Effect.runPromise(store.asOwner(async (sql) => void (await sql.query("set wal_init_zero = off"))))

/**
 * For an embedded (PGlite) store only: its files are this process's alone (the
 * node's data directory is locked), so a projection lease in it was left by a
 * process that died holding it (a kill -9, a crash). Waiting out its expiry
 * held every read model, and sign-in with them, for about 10 s after such a
 * restart. A Postgres server may be shared by several nodes: there, a lease
 * runs out as it always has.
 */
export const forgetLeasesOfTheDead = (store: ReadStore): Promise<void> =>
  store.name !== "pglite"
    ? Promise.resolve()
    : Effect.runPromise(store.asOwner(async (sql) => void (await sql.query("delete from projection_leases"))))
