/**
 * A seeded fuzz of 100,000 hostile frames on one connection: the server never
 * crashes, answers every bad frame with an error, keeps the connection open,
 * and a bystander on the same node sees exactly what it would have seen
 * without the fuzz. Replay with STUDIO_TEST_SEED=<seed>.
 */
import { Packr } from "msgpackr"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { ServerFrameOf } from "./protocol.ts"
import { makeRandom, type Random, testSeed } from "../engine/testing/random.ts"
import { freshId, startTestServer, sticky, type TestServer } from "./testing/harness.ts"

const FRAMES = 100_000
const WINDOW = 2_000
const packr = new Packr({ useRecords: false })

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ live: { maxBufferedBytes: 8 * 1024 * 1024 } })
})
afterAll(() => server.dispose())

const valid = (random: Random) =>
  packr.pack(
    random.pick([
      { t: "join", ref: random.int(1e6), addr: `canvas/${random.int(99)}` },
      { t: "cmd", ref: 1, addr: "canvas/a", id: "op", cmd: { type: "addElement", element: { kind: "sticky" } } },
      { t: "presence", addr: "canvas/a", data: { cursor: [1, 2] } },
    ]),
  )

/** Values no field of a client frame accepts (strings are left out: some fields take any string). */
const wrongValue = (random: Random) => random.pick<unknown>([null, -1, 1.5, true, [], {}, new Uint8Array(3), 2 ** 60, [["deep"]]])

/** One hostile frame: bytes, or a string for a text frame. */
const hostile = (random: Random): Uint8Array | string => {
  switch (random.int(8)) {
    case 0:
      return random.bytes(random.int(200))
    case 1: {
      const bytes = valid(random)
      return bytes.subarray(0, random.int(bytes.length))
    }
    case 2: {
      const frame: Record<string, unknown> = random.pick([
        { t: "join", ref: 1, addr: "canvas/a" },
        { t: "cmd", ref: 1, addr: "canvas/a", id: "op", cmd: { type: "x" } },
        { t: "hello", token: "x" },
        { t: "leave", ref: 1, addr: "canvas/a" },
        { t: "ping", ref: 1 },
        { t: "presence", addr: "canvas/a", data: 1 },
      ])
      const keys = Object.keys(frame).filter((k) => k !== "t" && !(frame.t === "presence" && k === "data"))
      return packr.pack({ ...frame, [random.pick(keys)]: wrongValue(random) })
    }
    case 3:
      // Array, map, string and binary headers claiming 4 GiB of content.
      return new Uint8Array([random.pick([0xdd, 0xdf, 0xdb, 0xc6]), 0xff, 0xff, 0xff, 0xff, ...random.bytes(random.int(8))])
    case 4: {
      const depth = 33 + random.int(5000)
      return Uint8Array.from([...Array(depth).fill(random.pick([0x91, 0x81, 0x81])), 0xc0])
    }
    case 5:
      return random.pick(["", "hello", '{"t":"ping","ref":1}', "\u0000\uffff"])
    case 6:
      return packr.pack({ t: random.pick(["", "HELLO", "pong", "ev", "welcome", "__proto__", 5]), ref: 1 })
    default:
      return packr.pack(random.pick<unknown>([[1, 2, 3], "a string", 42, null, new Uint8Array(8), { ref: 1 }, { t: null }]))
  }
}

it(`survives ${FRAMES} seeded hostile frames without disturbing anyone else`, async () => {
  const random = makeRandom(testSeed("live frame fuzz"))
  const editor = await server.client({ id: "editor" })
  const bystander = await server.client({ id: "bystander" })
  const fuzzer = await server.client({ id: "fuzzer" })
  const addr = `canvas/${freshId("c")}`
  await editor.cmd(addr, freshId("op"), { type: "create", title: "calm", privacy: "shared" })
  await editor.cmd(addr, freshId("op"), { type: "shareWith", userId: "bystander", access: "view" })
  await bystander.join(addr)

  fuzzer.clearFrames()
  let errors = 0
  let others = 0
  fuzzer.onFrame((frame) => (frame.t === "error" ? errors++ : others++))
  const edits: Promise<unknown>[] = []
  for (let sent = 0; sent < FRAMES; ) {
    const batch = Math.min(WINDOW, FRAMES - sent)
    for (let i = 0; i < batch; i++) fuzzer.sendRaw(hostile(random))
    sent += batch
    if (sent % 10_000 === 0) edits.push(editor.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`during ${sent}`) }))
    if (sent % 200 === 0) await expect.poll(() => errors, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(sent - WINDOW)
  }
  await expect.poll(() => errors, { timeout: 20_000 }).toBe(FRAMES)
  expect(others).toBe(0)
  expect(fuzzer.frames.filter((f) => !(f.t === "error" && ["bad_frame", "too_large"].includes(f.code))).slice(0, 3)).toEqual([])
  expect(await fuzzer.ping()).toMatchObject({ t: "pong" })

  const acks = (await Promise.all(edits)) as ServerFrameOf<"ack">[]
  await bystander.ping()
  expect(bystander.events(addr).map((e) => e.seq)).toEqual(acks.map((a) => a.seq))
  expect(bystander.frames.filter((f) => !["welcome", "joined", "ev", "pong"].includes(f.t))).toEqual([])
  expect(await (await fetch(`${server.http}/api/health`)).json()).toMatchObject({ status: "ok", connections: 3 })
  await Promise.all([editor.close(), bystander.close(), fuzzer.close()])
}, 120_000)
