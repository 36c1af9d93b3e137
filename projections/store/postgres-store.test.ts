import { afterAll, beforeAll, describe } from "vitest"
import { openServerStore, serverAvailable, type ServerStore } from "../testing/server.ts"
import { describeReadStoreContract } from "./contract.ts"

const available = await serverAvailable()

describe.skipIf(!available)("postgres server", () => {
  let opened: ServerStore
  beforeAll(async () => {
    opened = await openServerStore("store_contract")
  })
  afterAll(async () => {
    await opened?.dispose()
  })
  describeReadStoreContract("postgres", () => opened.store)
})
