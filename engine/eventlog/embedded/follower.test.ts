import { appendFile, readFile, readdir, stat } from "node:fs/promises"
import { join } from "node:path"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { testRandom, type Random } from "../../testing/random.ts"
import type { Commit, EventLog } from "../port.ts"
import { openEmbeddedLog } from "./embedded-log.ts"
import { followEmbeddedLog, type LogFollower } from "./follower.ts"
import { freshDir, removeDir } from "./testing/test-dirs.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir)
})

/** A commit of 1-4 events of random sizes (a few bytes to ~3 KiB), so records straddle chunks and roll 4 KiB segments often. */
const appendRandom = (log: EventLog, random: Random, actor: number, expectedSeq: number) =>
  run(
    log.append({
      addr: { tenant: "t1", kind: "canvas", id: `a${actor}` },
      expectedSeq,
      by: "u1",
      at: 1_000 + expectedSeq,
      commandKey: `u1:${actor}:${expectedSeq}`,
      events: Array.from({ length: 1 + random.int(4) }, (_, i) => ({ i, text: "x".repeat(random.chance(0.1) ? random.int(3_000) : random.int(80)) })),
    }),
  )

const openPair = async (label: string) => {
  const dir = await freshDir(label)
  dirs.push(dir)
  const log = await openEmbeddedLog({ dir, segmentBytes: 4 * 1024 })
  return { dir, log }
}

const comparable = (commits: readonly Commit[]) => commits.map((commit) => JSON.stringify(commit))

describe("the embedded log follower", () => {
  it("follows a log appended to concurrently, never past the announced head", async () => {
    const random = testRandom("follower concurrent")
    const { dir, log } = await openPair("follower-concurrent")
    const follower = followEmbeddedLog({ dir })
    const seqs = [0, 0, 0, 0, 0]
    let announced = 0
    let last = 0
    let writing = true
    const writer = (async () => {
      for (let burst = 0; burst < 60; burst++) {
        // A burst of appends in flight together: one group commit, sometimes rolling a segment mid-batch.
        const actors = Array.from({ length: 1 + random.int(5) }, (_, i) => i)
        const results = await Promise.all(actors.map((actor) => appendRandom(log, random, actor, seqs[actor]!)))
        results.forEach((result, actor) => (seqs[actor] = result.lastSeq))
        const head = Math.max(...results.map((result) => result.position))
        last = head
        // Announced only once durable, and sometimes a burst late, as the live thread's messages may be.
        if (random.chance(0.7)) {
          announced = head
          follower.announce(announced)
        }
      }
      announced = last
      follower.announce(announced)
      writing = false
    })()
    const seen: Commit[] = []
    while (writing || seen.length < announced) {
      const headBefore = await run(follower.headPosition())
      const batch = await run(follower.readAll(seen.at(-1)?.position ?? 0, 1 + random.int(40)))
      for (const commit of batch) expect(commit.position).toBeLessThanOrEqual(headBefore)
      seen.push(...batch)
      if (batch.length === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await writer
    expect(seen.map((commit) => commit.position)).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1))
    expect(comparable(seen)).toEqual(comparable(await run(log.readAll(0, 10_000))))
    expect((await readdir(dir)).filter((name) => name.endsWith(".seg")).length).toBeGreaterThan(3)
    await follower.close()
    await run(log.close())
  })

  it("reads from anywhere, also after a restart, the same commits as the writer", async () => {
    const random = testRandom("follower seek")
    const { dir, log } = await openPair("follower-seek")
    let last = 0
    const seqs = new Map<number, number>()
    for (let i = 0; i < 700; i++) {
      const result = await appendRandom(log, random, i % 7, seqs.get(i % 7) ?? 0)
      seqs.set(i % 7, result.lastSeq)
      last = result.position
    }
    for (let round = 0; round < 3; round++) {
      // A new follower: a worker started again reads from its checkpoint, wherever that is.
      const follower = followEmbeddedLog({ dir, head: last })
      for (let k = 0; k < 15; k++) {
        const after = random.int(last + 5)
        const limit = 1 + random.int(300)
        expect(comparable(await run(follower.readAll(after, limit)))).toEqual(comparable(await run(log.readAll(after, limit))))
      }
      await follower.close()
    }
    await run(log.close())
  })

  it("never reads a torn tail past the head, and changes no file", async () => {
    const random = testRandom("follower torn tail")
    const { dir, log } = await openPair("follower-torn")
    let last = 0
    let seq = 0
    for (let i = 0; i < 40; i++) ({ position: last, lastSeq: seq } = await appendRandom(log, random, 0, seq))
    await run(log.close())
    const segments = (await readdir(dir)).filter((name) => name.endsWith(".seg")).sort()
    const newest = join(dir, segments.at(-1)!)
    // Half a record header and garbage: what a crash mid-write leaves until the writer's recovery.
    await appendFile(newest, Buffer.from([7, 0, 0, 0, 0xf8, 0xff, 0xff, 0xff, 1, 2, 3]))
    const before = await Promise.all(
      segments.map(async (name) => ({ name, bytes: await readFile(join(dir, name)), stat: await stat(join(dir, name)) })),
    )
    const follower = followEmbeddedLog({ dir })
    expect(await run(follower.readAll(0, 10))).toEqual([])
    follower.announce(last - 3)
    const commits = await run(follower.readAll(0, 1_000))
    expect(commits.at(-1)?.position).toBe(last - 3)
    follower.announce(last)
    expect((await run(follower.readAll(last - 3, 1_000))).map((commit) => commit.position)).toEqual([last - 2, last - 1, last])
    expect(await run(follower.readAll(last, 1_000))).toEqual([])
    await follower.close()
    for (const file of before) {
      expect((await readFile(join(dir, file.name))).equals(file.bytes)).toBe(true)
      expect((await stat(join(dir, file.name))).mtimeMs).toBe(file.stat.mtimeMs)
    }
  })

  it("takes no lock: it reads while the writer holds the log", async () => {
    const random = testRandom("follower lock")
    const { dir, log } = await openPair("follower-lock")
    const lock = await readFile(join(dir, "LOCK"), "utf8")
    let last = 0
    let seq = 0
    for (let i = 0; i < 10; i++) ({ position: last, lastSeq: seq } = await appendRandom(log, random, 1, seq))
    const follower: LogFollower = followEmbeddedLog({ dir, head: last })
    expect((await run(follower.readAll(0, 100))).length).toBe(10)
    await follower.close()
    await expect(run(follower.readAll(0, 100))).rejects.toThrow(/closed/)
    expect(await readFile(join(dir, "LOCK"), "utf8")).toBe(lock)
    // The writer goes on as before.
    expect((await appendRandom(log, random, 1, seq)).position).toBe(last + 1)
    await run(log.close())
  })
})
