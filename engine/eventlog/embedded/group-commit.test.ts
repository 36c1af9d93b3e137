import { readFile } from "node:fs/promises"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makeAddress } from "../../address.ts"
import type { AppendRequest, AppendResult } from "../port.ts"
import { GroupCommitWriter } from "./group-commit.ts"
import { LogIndex } from "./log-index.ts"
import { recoverLog } from "./recovery.ts"
import type { Segment } from "./segment-files.ts"
import { freshDir, removeDir } from "./testing/test-dirs.ts"

let dir: string
let index: LogIndex
let segments: Segment[]
let writer: GroupCommitWriter

beforeEach(async () => {
  dir = await freshDir("group-commit")
  index = new LogIndex()
  segments = []
  writer = await GroupCommitWriter.open({ dir, segmentBytes: 1 << 20, maxBatchDelayMs: 0 }, index, segments)
})
afterEach(async () => {
  await writer.close()
  await removeDir(dir)
})

const request = (id: string, expectedSeq: number, n = 0): AppendRequest => ({
  addr: makeAddress("t1", "canvas", id),
  expectedSeq,
  events: [{ n }],
  by: "u1",
  at: 1,
  commandKey: `u1:${id}:${n}`,
})

type Outcome = { error?: { _tag: string }; result?: AppendResult }
const append = (req: AppendRequest, onDone?: () => void) =>
  new Promise<Outcome>((resolve) =>
    writer.append(req, `${req.addr.tenant}.${req.addr.kind}.${req.addr.id}`, (error, result) => {
      onDone?.()
      resolve(error ? { error } : { result: result! })
    }),
  )

describe("group commit", () => {
  it("writes appends issued together as one batch with one fsync, in the order issued", async () => {
    const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, i) => append(request(`c${i % 50}`, Math.floor(i / 50), i))))
    expect(writer.flushes).toBe(1)
    expect(outcomes.map((o) => o.result?.position)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
    expect(index.head).toBe(1000)
  })

  it("batches appends that arrive during a flush into the next flush", async () => {
    const first = append(request("a", 0))
    // Queued while the first batch is being written: they must share the second flush.
    await new Promise((resolve) => setImmediate(resolve))
    const later = Array.from({ length: 100 }, (_, i) => append(request(`b${i}`, 0)))
    await Promise.all([first, ...later])
    expect(writer.flushes).toBe(2)
  })

  it("checks expectations against queued appends: of two racing appends exactly one is queued", async () => {
    await append(request("race", 0))
    const [a, b] = await Promise.all([append(request("race", 1, 1)), append(request("race", 1, 2))])
    expect([a!.error?._tag, b!.error?._tag].sort()).toEqual(["WrongExpectedSequence", undefined].sort())
    // A pipelined writer that knows its own queued append may build on it.
    const [c, d] = await Promise.all([append(request("race", 2, 3)), append(request("race", 3, 4))])
    expect([c!.result?.lastSeq, d!.result?.lastSeq]).toEqual([3, 4])
  })

  it("acknowledges only what a fresh scan of the files finds", async () => {
    let durableAtAck = -1
    await append(request("durable", 0), () => {
      // Synchronously at the ack: what would a process that opens the files now see?
      durableAtAck = index.head
    })
    expect(durableAtAck).toBe(1)
    const rescanned = new LogIndex()
    await recoverLog(dir, rescanned, () => undefined)
    expect(rescanned.head).toBe(1)
    expect((await readFile(segments[0]!.path)).length).toBe(segments[0]!.end)
  })

  it("refuses appends once closed, after flushing the queued ones", async () => {
    const queued = append(request("closing", 0))
    const closed = writer.close()
    const refused = await append(request("closing", 1))
    expect((await queued).result?.lastSeq).toBe(1)
    expect(refused.error?._tag).toBe("LogUnavailable")
    await closed
  })
})
