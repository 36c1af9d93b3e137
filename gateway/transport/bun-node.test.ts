/**
 * A real node on Bun (`bun gateway/main.ts`: Bun.serve, the read-side worker,
 * the embedded log) checked over real sockets against the parts of the
 * conformance suite that depend on the transport: hello, join, cmd, fan-out
 * through the topic path, revoke, frame limits, backpressure, shutdown, and
 * the HTTP API on the same port.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTokens } from "../auth/tokens.ts"
import { LiveClient } from "../testing/live-client.ts"
import { DEFAULT_MAX_FRAME_BYTES, type ServerFrameOf } from "../protocol.ts"
import { freshId, sticky } from "../testing/harness.ts"
import { skipWithoutBun, startBun, type BunProcess } from "../testing/bun-process.ts"

const SECRET = "bun node test secret, long enough for HS256"
const PASSWORD = "bun-demo-password-1"
const tokens = makeTokens({ secret: new TextEncoder().encode(SECRET), accessTtlSeconds: 600, refreshTtlSeconds: 600 })
const demoToken = (id: string, roles: Array<"participant" | "facilitator" | "admin"> = ["participant"]) =>
  tokens.issue({ user: { id, tenant: "demo", roles } }, "access")

const isError = (f: { t: string }): f is ServerFrameOf<"error"> => f.t === "error"
const isEv = (f: { t: string }): f is ServerFrameOf<"ev"> => f.t === "ev"

/**
 * The status a server answers to an upload announced at 1 MiB + 1 byte. Sent
 * by hand because a client streaming the whole body races the server closing
 * the connection after its 413 (fetch then fails with EPIPE instead).
 */
const statusOfOversizeUpload = (port: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () =>
      socket.write(
        `POST /api/auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${1024 * 1024 + 1}\r\n\r\n{`,
      ),
    )
    let head = ""
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer to an oversize upload within 5 s")))
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1")
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)
      if (status) {
        resolve(Number(status[1]))
        socket.destroy()
      }
    })
    socket.on("error", reject)
  })

describe.skipIf(skipWithoutBun())("a node on Bun", () => {
  let node: BunProcess
  let dir: string
  let url: string
  let http: string
  const clients: LiveClient[] = []
  const open = async (id: string, roles?: Array<"participant" | "facilitator" | "admin">) => {
    const client = await LiveClient.open(url, await demoToken(id, roles))
    clients.push(client)
    return client
  }
  const newCanvas = async (owner: LiveClient, share: Record<string, "view" | "edit"> = {}) => {
    const addr = `canvas/${freshId("c")}`
    expect(await owner.cmd(addr, freshId("op"), { type: "create", title: "t", privacy: "shared" })).toMatchObject({ t: "ack", seq: 1 })
    for (const [userId, access] of Object.entries(share)) await owner.cmd(addr, freshId("op"), { type: "shareWith", userId, access })
    return addr
  }
  const connections = async () => ((await (await fetch(`${http}/api/health`)).json()) as { connections: number }).connections

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "studio-bun-node-"))
    node = startBun(["gateway/main.ts"], { STUDIO_DATA_DIR: dir, PORT: "0", STUDIO_JWT_SECRET: SECRET, STUDIO_DEMO_PASSWORD: PASSWORD })
    // Ready means the demo data is in and the read side caught up: on a loaded machine that can take most of a minute.
    const port = (await node.waitFor(/studio ready on :(\d+)/, 100_000))[1]
    expect(node.output()).toMatch(/Bun\.serve/)
    // uWS.js announces its JS fallback when loaded where its native build cannot run: it must not be loaded at all.
    expect(node.output()).not.toMatch(/µWS|uWebSockets/)
    url = `ws://127.0.0.1:${port}/live`
    http = `http://127.0.0.1:${port}`
  }, 110_000)
  afterAll(async () => {
    for (const client of clients) client.terminate()
    if (node && node.child.exitCode === null) {
      node.child.kill("SIGKILL")
      await node.exited
    }
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it("signs in over HTTP, reads through the read-side worker, and the token opens a live connection on the same port", async () => {
    const login = await fetch(`${http}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "facilitator@demo.example", password: PASSWORD }),
    })
    expect(login.status).toBe(200)
    const { token } = (await login.json()) as { token: string }
    const headers = { authorization: `Bearer ${token}` }
    expect(await (await fetch(`${http}/api/users`, { headers })).json()).toMatchObject({
      members: expect.arrayContaining([expect.objectContaining({ email: "participant1@demo.example" })]),
    })
    // The seeded sample session reaches the read model (PGlite in the worker) shortly after the start.
    await expect
      .poll(async () => (await (await fetch(`${http}/api/sessions`, { headers })).json()) as unknown, { timeout: 60_000 })
      .toMatchObject({ items: [expect.objectContaining({ id: "s-demo-sample" })] })
    expect((await fetch(`${http}/api/sessions`)).status).toBe(401)
    expect(await statusOfOversizeUpload(new URL(http).port)).toBe(413)

    const client = await LiveClient.connect(url)
    clients.push(client)
    const welcome = await client.hello(token)
    expect(welcome).toMatchObject({ t: "welcome", user: { id: "u-demo-facilitator", tenant: "demo" }, protocol: 1 })
    expect(typeof (welcome as ServerFrameOf<"welcome">).node).toBe("string")
  })

  it("a bad token gets error unauthorized, then close 4001", async () => {
    const client = await LiveClient.connect(url)
    clients.push(client)
    expect(await client.hello("not a token")).toMatchObject({ t: "error", code: "unauthorized" })
    expect(await client.closed).toMatchObject({ code: 4001 })
  })

  it("cmd gets ack, a resent cmd the same seq, and join a snapshot at the current seq", async () => {
    const alice = await open("u-demo-facilitator", ["facilitator"])
    const addr = await newCanvas(alice)
    const op = freshId("op")
    expect(await alice.cmd(addr, op, { type: "addElement", element: sticky("one") })).toMatchObject({ t: "ack", seq: 2 })
    expect(await alice.cmd(addr, op, { type: "addElement", element: sticky("one") })).toMatchObject({ t: "ack", seq: 2 })
    const joined = await alice.join(addr)
    expect(joined).toMatchObject({ t: "joined", addr, seq: 2 })
    expect(JSON.stringify((joined as ServerFrameOf<"joined">).snapshot)).toContain("one")
  })

  it("fans two writers' events out to every member in one gap-free order", async () => {
    const alice = await open("u-demo-facilitator", ["facilitator"])
    const bob = await open("u-demo-participant1")
    const carol = await open("u-demo-participant2")
    const addr = await newCanvas(alice, { "u-demo-participant1": "edit", "u-demo-participant2": "view" })
    const start = ((await alice.join(addr)) as ServerFrameOf<"joined">).seq
    await bob.join(addr)
    await carol.join(addr)
    const writes = [
      ...Array.from({ length: 20 }, (_, i) => alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`a${i}`) })),
      ...Array.from({ length: 20 }, (_, i) => bob.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`b${i}`) })),
    ]
    expect((await Promise.all(writes)).every((reply) => reply.t === "ack")).toBe(true)
    const expected = Array.from({ length: 40 }, (_, i) => start + 1 + i)
    for (const member of [alice, bob, carol]) await expect.poll(() => member.events(addr).map((e) => e.seq)).toEqual(expected)
    expect(carol.events(addr)).toEqual(alice.events(addr))
  })

  it("a revoked member gets error forbidden for that addr and nothing after it", async () => {
    const alice = await open("u-demo-facilitator", ["facilitator"])
    const bob = await open("u-demo-participant3")
    const addr = await newCanvas(alice, { "u-demo-participant3": "view" })
    await alice.join(addr)
    await bob.join(addr)
    const revoked = bob.next((f): f is ServerFrameOf<"error"> => f.t === "error" && f.addr === addr)
    await alice.cmd(addr, freshId("op"), { type: "revokeAccess", userId: "u-demo-participant3" })
    expect(await revoked).toMatchObject({ code: "forbidden", addr })
    const revokedAt = bob.frames.length
    const seen = alice.next(isEv)
    await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("after") })
    await seen
    await bob.ping()
    expect(bob.frames.slice(revokedAt).filter((f) => f.t !== "pong")).toEqual([])
  })

  it("a text frame gets bad_frame, a frame over the limit too_large, and the connection stays open; over the ceiling Bun closes it with 1009", async () => {
    const client = await open("u-demo-participant1")
    const badFrame = client.next(isError)
    client.sendRaw("hello")
    expect(await badFrame).toMatchObject({ code: "bad_frame" })
    const tooLarge = client.next(isError)
    client.sendRaw(new Uint8Array(DEFAULT_MAX_FRAME_BYTES + 1))
    expect(await tooLarge).toMatchObject({ code: "too_large" })
    expect(await client.ping()).toMatchObject({ t: "pong" })
    client.sendRaw(new Uint8Array(DEFAULT_MAX_FRAME_BYTES * 4 + 1))
    expect((await client.closed).code).toBe(1009)
  })

  it("a client that stops reading is cut with 4008 and the other members keep receiving", async () => {
    const alice = await open("u-demo-facilitator", ["facilitator"])
    const slow = await open("u-demo-participant2")
    const addr = await newCanvas(alice, { "u-demo-participant2": "view" })
    // ~100 KB of state makes every snapshot ~100 KB: a few hundred joins queue far more than the 2 MiB limit.
    await Promise.all(Array.from({ length: 100 }, () => alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("x".repeat(900)) })))
    await alice.join(addr)
    const before = await connections()
    slow.pauseReading(true)
    // Joins go on (each queues a ~100 KB snapshot) while Alice keeps working, until the node cuts the reader: how
    // much the kernel's socket buffers absorb first, and how many joins the per-user allowance lets through, vary.
    let ref = 1000
    let cut = false
    for (const deadline = Date.now() + 60_000; !cut && Date.now() < deadline; ) {
      for (let i = 0; i < 40; i++) slow.send({ t: "join", ref: ref++, addr })
      const seen = alice.next(isEv)
      await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`live ${ref}`) })
      await seen
      cut = (await connections()) === before - 1
    }
    expect(cut, "the reader that stopped was cut while Alice kept receiving").toBe(true)
    slow.pauseReading(false)
    expect(await slow.closed).toMatchObject({ code: 4008, reason: "slow_consumer" })
  }, 120_000)

  it("on SIGTERM answers in-flight commands, closes every socket with 4009 and exits 0", async () => {
    const alice = await open("u-demo-facilitator", ["facilitator"])
    const addr = await newCanvas(alice)
    const replies = Array.from({ length: 30 }, () => alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("s") }))
    await replies[0]
    node.child.kill("SIGTERM")
    const settled = await Promise.all(replies)
    expect(settled.every((r) => r.t === "ack" || (r.t === "nack" && r.code === "unavailable"))).toBe(true)
    expect(await alice.closed).toMatchObject({ code: 4009, reason: "shutting_down" })
    expect(await node.exited).toBe(0)
    expect(node.output()).toMatch(/SIGTERM: draining[\s\S]*stopped/)
  })
})
