/**
 * The topic contract of the uWS transport (transport.ts): a publish reaches
 * every subscribed socket in order with its own sends, and leaving a topic
 * never loses what was published to it before, even within the same tick
 * (uWS itself drops a subscriber's unwritten published frames on unsubscribe).
 */
import WebSocket from "ws"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { Listening, LiveSocket } from "./transport.ts"
import { uwsTransport } from "./uws.ts"

let listening: Listening
const sockets: LiveSocket[] = []
const text = (s: string) => new TextEncoder().encode(s)

beforeAll(async () => {
  listening = await uwsTransport.listen({
    port: 0, host: "127.0.0.1", maxFrameBytes: 1024, frameCeilingBytes: 4096, maxBackpressureBytes: 1 << 20, idleTimeoutSeconds: 30,
    live: (socket) => {
      sockets.push(socket)
      return { onFrame: () => undefined, onOversize: () => undefined, onClose: () => undefined }
    },
    fetch: () => new Response("no http here", { status: 404 }),
  })
})
afterAll(() => listening.stopAccepting())

const connect = async () => {
  const client = new WebSocket(`ws://127.0.0.1:${listening.port}/live`)
  const received: string[] = []
  client.on("message", (data) => received.push(String(data)))
  await new Promise((resolve) => client.once("open", resolve))
  await expect.poll(() => sockets.length).toBeGreaterThan(0)
  return { client, received, socket: sockets.shift()! }
}

it("keeps publishes and sends in order, and delivers what was published before an unsubscribe in the same tick", async () => {
  const a = await connect()
  const b = await connect()
  a.socket.subscribe("room")
  b.socket.subscribe("room")
  a.socket.publish("room", text("p1"))
  a.socket.send(text("s2"))
  a.socket.publish("room", text("p3"))
  a.socket.unsubscribe("room")
  b.socket.publish("room", text("p4"))
  a.socket.send(text("s5"))
  await expect.poll(() => b.received.length).toBe(3)
  await expect.poll(() => a.received.length).toBe(4)
  expect(a.received).toEqual(["p1", "s2", "p3", "s5"])
  expect(b.received).toEqual(["p1", "p3", "p4"])
  a.client.terminate()
  b.client.terminate()
})
