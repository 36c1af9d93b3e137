import { Effect } from "effect"
import { afterAll, beforeAll } from "vitest"
import { describeReadStoreContract } from "./contract.ts"
import { openPgliteStore } from "./pglite-store.ts"
import type { ReadStore } from "./port.ts"

let store: ReadStore
beforeAll(async () => {
  store = (await openPgliteStore()).store
})
afterAll(async () => {
  await Effect.runPromise(store.close())
})

describeReadStoreContract("pglite", () => store)
