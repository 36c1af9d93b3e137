/**
 * The embedded store stops zero-filling new WAL segments for the rest of its
 * session, and a worker starting on it takes over the projections of a
 * process that died holding their leases without waiting for them to expire.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openPgliteStore, type OpenedStore } from "../store/pglite-store.ts"
import { acquireLease } from "../runner/lease.ts"
import { forgetLeasesOfTheDead, quietWalWrites } from "./store-settings.ts"

describe("read-side store settings", () => {
  let opened: OpenedStore
  beforeAll(async () => {
    opened = await openPgliteStore({})
  }, 60_000)
  afterAll(async () => {
    await Effect.runPromise(opened?.store.close() ?? Effect.void)
  })

  it("turns wal_init_zero off for the session, beyond the transaction that set it", async () => {
    const show = () => Effect.runPromise(opened.store.asOwner((sql) => sql.query<{ wal_init_zero: string }>("show wal_init_zero")))
    expect(await show()).toEqual([{ wal_init_zero: "on" }])
    await quietWalWrites(opened.store)
    expect(await show()).toEqual([{ wal_init_zero: "off" }])
  })

  it("forgets the leases a dead process held, so a new holder takes them at once", async () => {
    const take = (holder: string) => Effect.runPromise(opened.store.asOwner((sql) => acquireLease(sql, "directory", holder, 600_000)))
    expect(await take("killed-process")).toBe(true)
    // Ten minutes left on the dead holder's lease: without forgetting it, nobody else may write.
    expect(await take("restarted-process")).toBe(false)
    await forgetLeasesOfTheDead(opened.store)
    expect(await take("restarted-process")).toBe(true)
  })

  it("leaves the leases of a store that is not embedded (a Postgres server several nodes may share) alone", async () => {
    const rows = () => Effect.runPromise(opened.store.asOwner((sql) => sql.query("select holder from projection_leases")))
    const before = await rows()
    await forgetLeasesOfTheDead({ ...opened.store, name: "postgres" })
    expect(await rows()).toEqual(before)
    expect(before.length).toBeGreaterThan(0)
  })
})
