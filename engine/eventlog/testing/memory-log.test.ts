import { eventLogContract } from "./contract.ts"
import { makeMemoryStore, openMemoryLog, type MemoryStore } from "./memory-log.ts"

eventLogContract("memory", () => {
  let store: MemoryStore = makeMemoryStore()
  return {
    open: async () => openMemoryLog((store = makeMemoryStore())),
    reopen: async () => openMemoryLog(store),
    cleanup: async () => {},
  }
})
