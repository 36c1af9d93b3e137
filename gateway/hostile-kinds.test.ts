/**
 * Client input that names what every JavaScript object has (`toString`,
 * `constructor`, `__proto__`...) as an actor kind, over the socket and over
 * HTTP: each is an ordinary unknown kind, and the node and a bystander's
 * session carry on as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { LiveClient } from "./testing/live-client.ts"
import type { ServerFrameOf } from "./protocol.ts"
import { freshId, startTestServer, sticky, type TestServer } from "./testing/harness.ts"
import { guardSocketHandler } from "./live/socket-boundary.ts"
import { decodeServerFrame } from "./protocol.ts"
import type { LiveSocket } from "./transport/transport.ts"

const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), "prototype"]

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.dispose())

const isEv =
  (addr: string) =>
  (frame: { t: string }): frame is ServerFrameOf<"ev"> =>
    frame.t === "ev" && (frame as ServerFrameOf<"ev">).addr === addr

/** A bystander with a shared canvas open, to check the node still serves it after each probe. */
const bystander = async (): Promise<{ client: LiveClient; addr: string; edit: () => Promise<void> }> => {
  const client = await server.client({ id: freshId("bystander") })
  const addr = `canvas/${freshId("c")}`
  expect(await client.cmd(addr, freshId("op"), { type: "create", title: "bystander", privacy: "shared" })).toMatchObject({ t: "ack" })
  expect(await client.join(addr)).toMatchObject({ t: "joined" })
  const edit = async () => {
    const event = client.next(isEv(addr))
    expect(await client.cmd(addr, freshId("op"), { type: "addElement", element: sticky("still here") })).toMatchObject({ t: "ack" })
    expect(await event).toMatchObject({ ev: { type: "elementAdded" } })
  }
  return { client, addr, edit }
}

describe("prototype-named actor kinds", () => {
  it("over the socket: join is an error not_found and cmd a nack not_found, the connection stays open and a bystander's canvas keeps working", async () => {
    const other = await bystander()
    const prober = await server.client({ id: freshId("participant") })
    for (const name of PROTOTYPE_NAMES) {
      expect(await prober.join(`${name}/x`)).toMatchObject({ t: "error", code: "not_found" })
      expect(await prober.cmd(`${name}/x`, freshId("op"), { type: "x" })).toMatchObject({ t: "nack", code: "not_found" })
    }
    expect(await prober.ping()).toMatchObject({ t: "pong" })
    await other.edit()
    await prober.close()
    await other.client.close()
  })

  it("over HTTP: POST /api/actors/<name>/x/commands is a 404 problem, never a 500", async () => {
    const token = await server.token({ id: freshId("participant") })
    for (const name of PROTOTYPE_NAMES) {
      const response = await fetch(`${server.http}/api/actors/${encodeURIComponent(name)}/x/commands`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ id: freshId("op"), cmd: { type: "x" } }),
      })
      expect(response.status, name).toBe(404)
      expect(response.headers.get("content-type")).toContain("application/problem+json")
    }
    const health = await fetch(`${server.http}/api/health`)
    expect(health.status).toBe(200)
  })
})

describe("the socket boundary", () => {
  const socketDouble = () => {
    const sent: Uint8Array[] = []
    const socket: LiveSocket = {
      remoteAddress: "127.0.0.1",
      send: (bytes) => void sent.push(bytes),
      bufferedAmount: () => 0,
      close: () => undefined,
      terminate: () => undefined,
      subscribe: () => undefined,
      unsubscribe: () => undefined,
      publish: () => undefined,
    }
    return { socket, sent }
  }

  it("answers a handler's throw with error internal, without a stack, and lets the next frame through", () => {
    const { socket, sent } = socketDouble()
    let frames = 0
    const guarded = guardSocketHandler(socket, {
      onFrame: () => {
        if (++frames === 1) throw new TypeError("kind.initialState is not a function")
      },
      onOversize: () => undefined,
      onClose: () => undefined,
    })
    const logged = console.error
    console.error = () => undefined
    try {
      guarded.onFrame(new Uint8Array([0x80]), true)
    } finally {
      console.error = logged
    }
    guarded.onFrame(new Uint8Array([0x80]), true)
    expect(frames).toBe(2)
    expect(sent).toHaveLength(1)
    const reply = decodeServerFrame(sent[0]!)
    expect(reply).toMatchObject({ ok: true, frame: { t: "error", code: "internal" } })
    expect(JSON.stringify(reply)).not.toContain("initialState")
  })
})
