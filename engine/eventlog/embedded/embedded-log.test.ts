import { eventLogContract, type LogFixture } from "../testing/contract.ts"
import type { EventLog } from "../port.ts"
import { openEmbeddedLog } from "./embedded-log.ts"
import { freshDir, removeDir } from "./testing/test-dirs.ts"

const fixture = (): LogFixture => {
  let dir: string | undefined
  const openOn = (path: string): Promise<EventLog> => openEmbeddedLog({ dir: path, segmentBytes: 64 * 1024 })
  return {
    async open() {
      dir = await freshDir("embedded-log")
      return openOn(dir)
    },
    reopen() {
      if (dir === undefined) throw new Error("reopen before open")
      return openOn(dir)
    },
    async cleanup() {
      if (dir !== undefined) await removeDir(dir)
    },
  }
}

eventLogContract("embedded", fixture)
