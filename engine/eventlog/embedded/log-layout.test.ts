import { Effect } from "effect"
import { readdir, readFile, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makeAddress } from "../../address.ts"
import type { Commit, EventLog } from "../port.ts"
import { openEmbeddedLog } from "./embedded-log.ts"
import { SPARSE_STEP } from "./log-index.ts"
import { freshDir, removeDir } from "./testing/test-dirs.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const SEGMENT_BYTES = 8 * 1024

let dir: string
let warnings: string[]
const open = () => openEmbeddedLog({ dir, segmentBytes: SEGMENT_BYTES, warn: (line) => warnings.push(line) })

beforeEach(async () => {
  dir = await freshDir("embedded-layout")
  warnings = []
})
afterEach(() => removeDir(dir))

const addrs = Array.from({ length: 7 }, (_, i) => makeAddress("t1", "journal", `j${i}`))

/** Appends `rounds` commits to each address concurrently, so batches interleave streams. */
const fill = async (log: EventLog, rounds: number) => {
  await Promise.all(
    addrs.map(async (addr) => {
      for (let round = 0; round < rounds; round++) {
        const events = Array.from({ length: 1 + (round % 3) }, (_, i) => ({ id: addr.id, round, i, text: "x".repeat(40) }))
        const seq = await run(log.lastSeq(addr))
        await run(log.append({ addr, expectedSeq: seq, events, by: "u1", at: round, commandKey: `u1:${addr.id}:${round}` }))
      }
    }),
  )
}

const readEverything = async (log: EventLog, pageSize: number) => {
  const commits: Commit[] = []
  for (;;) {
    const page = await run(log.readAll(commits.at(-1)?.position ?? 0, pageSize))
    if (page.length === 0) return commits
    commits.push(...page)
  }
}

describe("segments and the position index", () => {
  it("rolls to a new segment at the size limit and reads across segments in global order", async () => {
    const log = await open()
    await fill(log, 60)
    const head = await run(log.headPosition())
    expect(head).toBe(addrs.length * 60)
    expect(head).toBeGreaterThan(SPARSE_STEP)
    const segments = (await readdir(dir)).filter((name) => name.endsWith(".seg"))
    expect(segments.length).toBeGreaterThan(5)
    for (const name of segments) expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(SEGMENT_BYTES)

    const all = await readEverything(log, 37)
    expect(all.map((commit) => commit.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1))
    // Starting in the middle of the sparse index lands on exactly the next position.
    for (const after of [SPARSE_STEP - 1, SPARSE_STEP, SPARSE_STEP + 1, head - 1]) {
      const [next] = await run(log.readAll(after, 1))
      expect(next?.position).toBe(after + 1)
    }
    expect(await run(log.readAll(head, 10))).toEqual([])
    await run(log.close())

    const reopened = await open()
    expect(await readEverything(reopened, 500)).toEqual(all)
    for (const addr of addrs) {
      const commits = await run(reopened.readStream(addr, 0))
      expect(commits.map((commit) => commit.events.length)).toEqual(Array.from({ length: 60 }, (_, round) => 1 + (round % 3)))
      expect(commits.every((commit) => commit.addr.id === addr.id)).toBe(true)
    }
    await run(reopened.close())
    expect(warnings).toEqual([])
  })

  it("keeps a commit larger than a segment whole, in a segment of its own", async () => {
    const log = await open()
    const addr = addrs[0]!
    const big = { blob: "b".repeat(SEGMENT_BYTES * 3) }
    await run(log.append({ addr, expectedSeq: 0, events: [{ small: 1 }], by: "u1", at: 1, commandKey: "u1:1" }))
    await run(log.append({ addr, expectedSeq: 1, events: [big], by: "u1", at: 1, commandKey: "u1:2" }))
    await run(log.append({ addr, expectedSeq: 2, events: [{ small: 3 }], by: "u1", at: 1, commandKey: "u1:3" }))
    await run(log.close())
    const reopened = await open()
    expect((await run(reopened.readStream(addr, 0))).flatMap((commit) => commit.events)).toEqual([{ small: 1 }, big, { small: 3 }])
    await run(reopened.close())
  })
})

describe("snapshots", () => {
  it("ignores a corrupt snapshot with a warning instead of failing", async () => {
    const log = await open()
    const addr = addrs[1]!
    await run(log.saveSnapshot(addr, { seq: 4, state: new Uint8Array([1, 2, 3, 4]) }))
    const path = join(dir, "snapshots", addr.tenant, addr.kind, `${addr.id}.snap`)
    const file = await readFile(path)
    file[file.length - 1]! ^= 0xff
    await writeFile(path, file)
    expect(await run(log.loadSnapshot(addr))).toBeUndefined()
    expect(warnings.join("\n")).toContain(path)
    await writeFile(path, file.subarray(0, 5))
    expect(await run(log.loadSnapshot(addr))).toBeUndefined()
    await run(log.close())
  })

  it("leaves no temporary files behind", async () => {
    const log = await open()
    const addr = addrs[2]!
    await Promise.all([1, 2, 3].map((seq) => run(log.saveSnapshot(addr, { seq, state: new Uint8Array([seq]) }))))
    expect((await run(log.loadSnapshot(addr)))?.seq).toBe(3)
    expect(await readdir(join(dir, "snapshots", addr.tenant, addr.kind))).toEqual([`${addr.id}.snap`])
    await run(log.close())
  })
})
