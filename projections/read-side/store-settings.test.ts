/** The embedded store stops zero-filling new WAL segments for the rest of its session. */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openPgliteStore, type OpenedStore } from "../store/pglite-store.ts"
import { quietWalWrites } from "./store-settings.ts"

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
})
