/**
 * protocol.md, "Transport" and "Envelope": one test per row, over real
 * sockets against a real gateway (runtime + embedded log).
 */
import { Packr } from "msgpackr"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { notesKind } from "../engine/runtime/testing/test-kind.ts"
import { LiveClient } from "./testing/live-client.ts"
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame, type ServerFrameOf } from "./protocol.ts"
import { freshId, startTestServer, sticky, testKinds, type TestServer } from "./testing/harness.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ kinds: { ...testKinds, notes: notesKind } })
})
afterAll(() => server.dispose())

const isError = (f: { t: string }): f is ServerFrameOf<"error"> => f.t === "error"
const newCanvas = async (client: LiveClient, privacy: "private" | "shared" = "shared") => {
  const addr = `canvas/${freshId("c")}`
  expect(await client.cmd(addr, freshId("op"), { type: "create", title: "t", privacy })).toMatchObject({ t: "ack", seq: 1 })
  return addr
}

describe("transport", () => {
  it("a text frame gets bad_frame and the connection stays open", async () => {
    const client = await server.client({ id: "u1" })
    const error = client.next(isError)
    client.sendRaw("hello")
    expect(await error).toMatchObject({ code: "bad_frame" })
    expect(await client.ping()).toMatchObject({ t: "pong" })
    await client.close()
  })

  it("bytes that are not MessagePack, a non-map and an unknown t each get bad_frame", async () => {
    const client = await server.client({ id: "u1" })
    for (const bytes of [new Uint8Array([0xc1, 0xff]), new Packr().pack([1, 2]), encodeFrame({ t: "nope" } as never)]) {
      const error = client.next(isError)
      client.sendRaw(bytes)
      expect(await error).toMatchObject({ code: "bad_frame" })
    }
    expect(await client.ping()).toMatchObject({ t: "pong" })
    await client.close()
  })

  it("a malformed known frame gets bad_frame echoing its ref", async () => {
    const client = await server.client({ id: "u1" })
    const error = client.next(isError)
    client.sendRaw(new Packr().pack({ t: "join", ref: 77, addr: 5 }))
    const reply = await error
    expect(reply).toMatchObject({ code: "bad_frame", ref: 77 })
    // Plain words naming the field, not the schema library's rendering of its failure.
    expect(reply.message).toBe("malformed join frame: addr: expected a string, got 5")
    await client.close()
  })

  it("a frame over the limit gets too_large without being decoded, and the connection stays open", async () => {
    const client = await server.client({ id: "u1" })
    const error = client.next(isError)
    client.sendRaw(new Uint8Array(DEFAULT_MAX_FRAME_BYTES + 1))
    expect(await error).toMatchObject({ code: "too_large" })
    expect(await client.ping()).toMatchObject({ t: "pong" })
    await client.close()
  })

  it("a frame over the hard ceiling closes the connection with 1009 (Message Too Big)", async () => {
    const client = await server.client({ id: "u1" })
    client.sendRaw(new Uint8Array(DEFAULT_MAX_FRAME_BYTES * 4 + 1))
    expect((await client.closed).code).toBe(1009)
  })
})

describe("envelope", () => {
  it("hello with a valid token gets welcome with the user, the node and protocol 1", async () => {
    const client = await LiveClient.connect(server.url)
    const welcome = await client.hello(await server.token({ id: "u1", roles: ["facilitator"] }))
    expect(welcome).toMatchObject({ t: "welcome", user: { id: "u1", tenant: "t1", roles: ["facilitator"] }, protocol: 1 })
    expect(typeof (welcome as ServerFrameOf<"welcome">).node).toBe("string")
    await client.close()
  })

  it("hello with a bad token gets error unauthorized, then close 4001", async () => {
    const client = await LiveClient.connect(server.url)
    expect(await client.hello("not-a-token")).toMatchObject({ t: "error", code: "unauthorized" })
    expect(await client.closed).toMatchObject({ code: 4001 })
  })

  it("any frame but hello and ping before hello gets unauthorized and close 4001", async () => {
    const client = await LiveClient.connect(server.url)
    expect(await client.ping()).toMatchObject({ t: "pong" })
    const error = client.next(isError)
    client.send({ t: "join", ref: 1, addr: "canvas/x" })
    expect(await error).toMatchObject({ code: "unauthorized" })
    expect(await client.closed).toMatchObject({ code: 4001 })
  })

  it("frames pipelined right behind hello are answered after welcome", async () => {
    const client = await LiveClient.connect(server.url)
    const pong = client.ping()
    client.send({ t: "hello", token: await server.token({ id: "u1" }) })
    const second = client.ping()
    expect(await pong).toMatchObject({ t: "pong" })
    expect(await second).toMatchObject({ t: "pong" })
    expect(client.frames.map((f) => f.t)).toEqual(["pong", "welcome", "pong"])
    await client.close()
  })

  it("join gets joined with ref, addr, seq, a snapshot and presence", async () => {
    const client = await server.client({ id: "u1" })
    const addr = await newCanvas(client)
    const joined = await client.join(addr)
    expect(joined).toMatchObject({ t: "joined", ref: expect.any(Number), addr, seq: 1, presence: [] })
    expect((joined as ServerFrameOf<"joined">).snapshot).toBeDefined()
    await client.close()
  })

  it("join with since gets exactly the events after it", async () => {
    const client = await server.client({ id: "u1" })
    const addr = await newCanvas(client)
    await client.cmd(addr, freshId("op"), { type: "addElement", element: sticky("a") })
    const joined = (await client.join(addr, 1)) as ServerFrameOf<"joined">
    expect(joined.seq).toBe(2)
    expect(joined.events?.map((e) => e.seq)).toEqual([2])
    expect(joined.snapshot).toBeUndefined()
    await client.close()
  })

  it("leave gets left, and events stop", async () => {
    const client = await server.client({ id: "u1" })
    const addr = await newCanvas(client)
    await client.join(addr)
    expect(await client.leave(addr)).toMatchObject({ t: "left", addr })
    await client.cmd(addr, freshId("op"), { type: "addElement", element: sticky("b") })
    await client.ping()
    expect(client.events(addr)).toEqual([])
    await client.close()
  })

  it("cmd gets ack with the seq, and a refused cmd gets nack with code and message", async () => {
    const client = await server.client({ id: "u1" })
    const addr = await newCanvas(client)
    expect(await client.cmd(addr, freshId("op"), { type: "addElement", element: sticky("c") })).toMatchObject({ t: "ack", seq: 2 })
    expect(await client.cmd(addr, freshId("op"), { type: "addElement", element: { kind: "sticky" } })).toMatchObject({
      t: "nack",
      code: "invalid_command",
      message: expect.any(String),
    })
    expect(await client.cmd(addr, freshId("op"), { type: "create", title: "again", privacy: "shared" })).toMatchObject({
      t: "nack",
      code: "conflict",
    })
    await client.close()
  })

  it("a cmd whose decide fails is nack internal, without a stack trace", async () => {
    const client = await server.client({ id: "u1" })
    const addr = `notes/${freshId("n")}`
    await client.cmd(addr, freshId("op"), { type: "add", text: "x" })
    const nack = await client.cmd(addr, freshId("op"), { type: "decideThrows" })
    expect(nack).toMatchObject({ t: "nack", code: "internal" })
    expect(JSON.stringify(nack)).not.toMatch(/at .*\.ts|Error:/)
    await client.close()
  })

  it("presence reaches the other members with addr, user and data, not the sender", async () => {
    const alice = await server.client({ id: "alice" })
    const bob = await server.client({ id: "bob" })
    const addr = await newCanvas(alice)
    await alice.cmd(addr, freshId("op"), { type: "shareWith", userId: "bob", access: "edit" })
    await alice.join(addr)
    await bob.join(addr)
    const seen = bob.next((f): f is ServerFrameOf<"presence"> => f.t === "presence")
    alice.presence(addr, { cursor: [1, 2] })
    expect(await seen).toEqual({ t: "presence", addr, user: "alice", data: { cursor: [1, 2] } })
    await alice.ping()
    expect(alice.frames.some((f) => f.t === "presence")).toBe(false)
    // A later joiner gets what others show now.
    const carol = await server.client({ id: "carol", roles: ["facilitator"] })
    expect(await carol.join(addr)).toMatchObject({ presence: [{ user: "alice", data: { cursor: [1, 2] } }] })
    await Promise.all([alice.close(), bob.close(), carol.close()])
  })

  it("ping gets pong with the same ref", async () => {
    const client = await server.client({ id: "u1" })
    client.send({ t: "ping", ref: 4242 })
    expect(await client.next((f): f is ServerFrameOf<"pong"> => f.t === "pong")).toEqual({ t: "pong", ref: 4242 })
    await client.close()
  })

  it("an addr that is not kind/id, or of an unknown kind, is not_found", async () => {
    const client = await server.client({ id: "u1" })
    expect(await client.join("no-slash")).toMatchObject({ t: "error", code: "not_found", addr: "no-slash" })
    expect(await client.join("ghost/x1")).toMatchObject({ t: "error", code: "not_found" })
    expect(await client.cmd("canvas/bad id!", "op1", { type: "create" })).toMatchObject({ t: "nack", code: "not_found" })
    await client.close()
  })
})
