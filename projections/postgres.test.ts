/** The read store and projection contracts on the Postgres server, in a schema of this file's own. */
import { afterAll, beforeAll, describe } from "vitest"
import { describeProjectionContract } from "./testing/contract.ts"
import { describeReadStoreContract } from "./store/testing/contract.ts"
import { openServerStore, serverAvailable, type ServerStore } from "./testing/server.ts"

const available = await serverAvailable()

describe.skipIf(!available)("postgres server", () => {
  let opened: ServerStore
  beforeAll(async () => {
    opened = await openServerStore("projection_contract")
  })
  afterAll(async () => {
    await opened?.dispose()
  })
  describeReadStoreContract("postgres", () => opened.store)
  describeProjectionContract("postgres", () => opened.store)
})
