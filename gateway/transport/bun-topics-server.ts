/**
 * Run under Bun by bun-topics.test.ts: the Bun transport with a scriptable
 * handler. A client names itself with the text frame `name:<who>`; any other
 * text frame is a JSON list of operations on the named sockets, run in one
 * tick, as uws-topics.test.ts does in-process on Node:
 * ["sub"|"unsub", who, topic], ["pub", who, topic, text], ["send", who, text].
 */
import { bunTransport } from "./bun.ts"
import type { LiveSocket } from "./transport.ts"

type Operation = ["sub" | "unsub", string, string] | ["pub", string, string, string] | ["send", string, string]

const named = new Map<string, LiveSocket>()
const decoder = new TextDecoder()
const encoder = new TextEncoder()

const run = (operations: readonly Operation[]) => {
  for (const operation of operations) {
    const socket = named.get(operation[1])
    if (!socket) throw new Error(`no socket named ${operation[1]}`)
    if (operation[0] === "sub") socket.subscribe(operation[2])
    else if (operation[0] === "unsub") socket.unsubscribe(operation[2])
    else if (operation[0] === "pub") socket.publish(operation[2], encoder.encode(operation[3]))
    else socket.send(encoder.encode(operation[2]))
  }
}

const listening = await bunTransport.listen({
  port: 0, host: "127.0.0.1", maxFrameBytes: 32 << 20, frameCeilingBytes: 32 << 20, maxBackpressureBytes: 64 << 20, idleTimeoutSeconds: 30,
  live: (socket) => ({
    onFrame: (bytes) => {
      const text = decoder.decode(bytes)
      if (text.startsWith("name:")) {
        named.set(text.slice(5), socket)
        socket.send(encoder.encode("named"))
      } else run(JSON.parse(text) as Operation[])
    },
    onOversize: (length) => console.error(`script frame of ${length} bytes is over the limit`),
    onClose: () => undefined,
  }),
  fetch: () => new Response("no http here", { status: 404 }),
})
console.log(`topics server on ${listening.port}`)
