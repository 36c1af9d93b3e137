import { Effect, Exit } from "effect"
import { execFile } from "node:child_process"
import { appendFile, readFile, readdir, stat, truncate, unlink, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makeAddress } from "../../address.ts"
import { ConfigError, LogCorrupted, LogUnavailable } from "../../errors.ts"
import type { EventLog } from "../port.ts"
import { openEmbeddedLog } from "./embedded-log.ts"
import { FRAME_HEADER_BYTES, SEGMENT_HEADER_BYTES } from "./frame.ts"
import { freshDir, removeDir } from "./testing/test-dirs.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const addr = makeAddress("t1", "canvas", "recovered")

let dir: string
let warnings: string[]
const open = (options: { segmentBytes?: number } = {}) => openEmbeddedLog({ dir, warn: (line) => warnings.push(line), ...options })

beforeEach(async () => {
  dir = await freshDir("embedded-recovery")
  warnings = []
})
afterEach(() => removeDir(dir))

/** Appends `count` one-event commits `{ n }` to `addr` and closes the log. */
const writeCommits = async (count: number, options: { segmentBytes?: number } = {}) => {
  const log = await open(options)
  // Padding makes a few dozen commits span several small segments.
  const pad = options.segmentBytes ? "p".repeat(300) : undefined
  for (let n = 1; n <= count; n++) {
    await run(log.append({ addr, expectedSeq: n - 1, events: [pad ? { n, pad } : { n }], by: "u1", at: 1, commandKey: `u1:${n}` }))
  }
  await run(log.close())
}

const segmentPaths = async () =>
  (await readdir(dir))
    .filter((name) => name.endsWith(".seg"))
    .sort()
    .map((name) => join(dir, name))

/** Byte offsets of the records in a segment file. */
const recordOffsets = async (path: string) => {
  const file = await readFile(path)
  const offsets: number[] = []
  for (let at = SEGMENT_HEADER_BYTES; at < file.length; at += FRAME_HEADER_BYTES + file.readUInt32LE(at)) offsets.push(at)
  return offsets
}

const eventsOf = async (log: EventLog) => (await run(log.readStream(addr, 0))).flatMap((commit) => commit.events)
const openFailure = async (options: { segmentBytes?: number } = {}) => {
  const error = await open(options).then(
    async (log) => {
      await run(log.close())
      throw new Error("the log opened")
    },
    (reason: unknown) => reason,
  )
  return error as Error
}

describe("recovery of a torn tail", () => {
  it("truncates a record cut mid-way to the last whole record, and appends continue at the right sequence", async () => {
    await writeCommits(5)
    const [segment] = await segmentPaths()
    const offsets = await recordOffsets(segment!)
    await truncate(segment!, offsets[4]! + FRAME_HEADER_BYTES + 2)

    const log = await open()
    expect(await eventsOf(log)).toEqual([1, 2, 3, 4].map((n) => ({ n })))
    expect(await run(log.lastSeq(addr))).toBe(4)
    expect(await run(log.headPosition())).toBe(4)
    const next = await run(log.append({ addr, expectedSeq: 4, events: [{ n: 5 }], by: "u1", at: 1, commandKey: "u1:again" }))
    expect(next).toEqual({ firstSeq: 5, lastSeq: 5, position: 5 })
    await run(log.close())
    expect(warnings.join("\n")).toContain(`offset ${offsets[4]}`)

    const reopened = await open()
    expect(await eventsOf(reopened)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })))
    await run(reopened.close())
  })

  it("truncates a zero-filled tail and keeps every whole record", async () => {
    await writeCommits(3)
    const [segment] = await segmentPaths()
    const size = (await stat(segment!)).size
    await appendFile(segment!, Buffer.alloc(4096))
    const log = await open()
    expect(await eventsOf(log)).toEqual([1, 2, 3].map((n) => ({ n })))
    await run(log.close())
    expect((await stat(segment!)).size).toBe(size)
  })

  it("truncates a partial record header at the very end", async () => {
    await writeCommits(3)
    const [segment] = await segmentPaths()
    await appendFile(segment!, Buffer.from([7, 0, 0]))
    const log = await open()
    expect(await run(log.lastSeq(addr))).toBe(3)
    await run(log.close())
  })

  it("rewrites the header of a newest segment that was created but never written", async () => {
    await writeCommits(2)
    await writeFile(join(dir, `${"3".padStart(20, "0")}.seg`), Buffer.alloc(3))
    const log = await open()
    await run(log.append({ addr, expectedSeq: 2, events: [{ n: 3 }], by: "u1", at: 1, commandKey: "u1:3" }))
    await run(log.close())
    const reopened = await open()
    expect(await eventsOf(reopened)).toEqual([1, 2, 3].map((n) => ({ n })))
    await run(reopened.close())
  })
})

describe("corruption is reported, never skipped", () => {
  it("stops the open at a flipped payload byte in the middle of a segment, naming the file and offset in one line", async () => {
    await writeCommits(6)
    const [segment] = await segmentPaths()
    const offsets = await recordOffsets(segment!)
    const file = await readFile(segment!)
    file[offsets[2]! + FRAME_HEADER_BYTES + 3]! ^= 0x40
    await writeFile(segment!, file)

    const error = await openFailure()
    expect(error).toBeInstanceOf(LogCorrupted)
    expect(error.message).toContain(segment!)
    expect(error.message).toContain(`offset ${offsets[2]}`)
    expect(error.message).not.toContain("\n")
  })

  it("treats a flipped byte in a record's length as corruption, not as a torn tail", async () => {
    await writeCommits(6)
    const [segment] = await segmentPaths()
    const offsets = await recordOffsets(segment!)
    const file = await readFile(segment!)
    file[offsets[1]! + 2]! ^= 0x01 // the length now runs far past the end of the file
    await writeFile(segment!, file)

    const error = await openFailure()
    expect(error).toBeInstanceOf(LogCorrupted)
    expect(error.message).toContain(`offset ${offsets[1]}`)
  })

  it("treats a damaged last record of a sealed segment as corruption", async () => {
    await writeCommits(40, { segmentBytes: 4096 })
    const segments = await segmentPaths()
    expect(segments.length).toBeGreaterThan(1)
    const first = segments[0]!
    const size = (await stat(first)).size
    await truncate(first, size - 1)
    const error = await openFailure({ segmentBytes: 4096 })
    expect(error).toBeInstanceOf(LogCorrupted)
    expect(error.message).toContain(first)
  })

  it("refuses a log with a missing segment", async () => {
    await writeCommits(60, { segmentBytes: 4096 })
    const segments = await segmentPaths()
    expect(segments.length).toBeGreaterThan(2)
    await unlink(segments[1]!)
    const error = await openFailure({ segmentBytes: 4096 })
    expect(error).toBeInstanceOf(LogCorrupted)
    expect(error.message).toContain("missing")
  })
})

describe("data directory checks", () => {
  it("fails with one ConfigError line for STUDIO_DATA_DIR when the path runs through a regular file", async () => {
    const file = join(dir, "plain-file")
    await writeFile(file, "not a directory")
    const error = await openEmbeddedLog({ dir: join(file, "log") }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    )
    expect(error).toBeInstanceOf(ConfigError)
    expect(error!.message).toMatch(/^STUDIO_DATA_DIR: /)
    expect(error!.message).toContain("regular file")
    expect(error!.message).not.toContain("\n")
  })

  it("fails with one ConfigError line when the directory cannot be created (/proc)", async () => {
    const error = await openEmbeddedLog({ dir: "/proc/studio-event-log" }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    )
    expect(error).toBeInstanceOf(ConfigError)
    expect(error!.message).toContain("/proc/studio-event-log")
    expect(error!.message).not.toContain("\n")
  })
})

describe("one process per log directory", () => {
  it("refuses a second open while the first is open, and allows it after close", async () => {
    const first = await open()
    const error = await openFailure()
    expect(error).toBeInstanceOf(LogUnavailable)
    expect(error.message).toContain("already open")
    await run(first.close())
    await run(first.close())
    const second = await open()
    await run(second.close())
  })

  it("refuses an open from another process while this one holds the log", async () => {
    const first = await open()
    try {
      const script = `import { openEmbeddedLog } from ${JSON.stringify(join(import.meta.dirname, "embedded-log.ts"))}
openEmbeddedLog({ dir: ${JSON.stringify(dir)} }).then(() => { console.log("opened"); process.exit(0) }, (e) => { console.log(e.message); process.exit(0) })`
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script])
      expect(stdout).toContain("already open in process")
    } finally {
      await run(first.close())
    }
  })

  it("takes over a lock left by a process that no longer runs", async () => {
    const child = await promisify(execFile)(process.execPath, ["-e", "console.log(process.pid)"])
    const deadPid = Number(child.stdout.trim())
    const { hostname } = await import("node:os")
    await writeFile(join(dir, "LOCK"), JSON.stringify({ pid: deadPid, host: hostname(), started: "1" }))
    const log = await open()
    await run(log.close())
  })

  it("refuses appends after close and closes twice harmlessly", async () => {
    const log = await open()
    await run(log.close())
    const exit = await Effect.runPromiseExit(log.append({ addr, expectedSeq: 0, events: [{ n: 1 }], by: "u1", at: 1, commandKey: "u1:1" }))
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("closed")
    await run(log.close())
  })
})
