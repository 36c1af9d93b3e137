/** The read store and projection contracts on the embedded read store (PGlite, opened once for this file). */
import { Effect } from "effect"
import { afterAll, beforeAll } from "vitest"
import { describeProjectionContract } from "./testing/contract.ts"
import { describeReadStoreContract } from "./store/testing/contract.ts"
import { openPgliteStore } from "./store/pglite-store.ts"
import type { ReadStore } from "./store/port.ts"

let store: ReadStore
beforeAll(async () => {
  store = (await openPgliteStore()).store
})
afterAll(async () => {
  await Effect.runPromise(store.close())
})

describeReadStoreContract("pglite", () => store)
describeProjectionContract("pglite", () => store)
