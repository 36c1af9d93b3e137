/**
 * One topic contract for every transport (topic-script.ts): uWS.js in this
 * process, and Bun.serve in a Bun child. uws.ts sends a ping before
 * unsubscribing, since uWS drops a subscriber's unwritten published frames on
 * unsubscribe; bun.ts sends none, since Bun writes publishes during the call.
 * These scripts are what hold each to that.
 */
import WebSocket from "ws"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { skipWithoutBun, startBun, type BunProcess } from "../testing/bun-process.ts"
import { SCRIPT_LIMITS, scriptedSockets, topicScenarios } from "./testing/topic-script.ts"
import type { Listening } from "./transport.ts"
import { uwsTransport } from "./uws.ts"

interface Server {
  readonly port: number
  stop(): Promise<void>
}

const transports: ReadonlyArray<{ name: string; skip: boolean; start: () => Promise<Server> }> = [
  {
    name: "uWebSockets.js",
    skip: false,
    start: async () => {
      const listening: Listening = await uwsTransport.listen({
        port: 0,
        host: "127.0.0.1",
        ...SCRIPT_LIMITS,
        idleTimeoutSeconds: 30,
        live: scriptedSockets(),
        fetch: () => new Response("no http here", { status: 404 }),
      })
      return { port: listening.port, stop: async () => listening.stopAccepting() }
    },
  },
  {
    name: "Bun.serve",
    skip: skipWithoutBun(),
    start: async () => {
      const bun: BunProcess = startBun(["gateway/transport/testing/bun-topics-server.ts"], {})
      const port = Number((await bun.waitFor(/topics server on (\d+)/, 20_000))[1])
      return { port, stop: async () => void (bun.child.kill("SIGKILL"), await bun.exited) }
    },
  },
]

describe.each(transports)("topics on $name", ({ skip, start }) => {
  let server: Server
  beforeAll(async () => {
    if (!skip) server = await start()
  })
  afterAll(() => server?.stop())

  let connections = 0
  const connect = async () => {
    const who = `c${connections++}`
    const client = new WebSocket(`ws://127.0.0.1:${server.port}/live`)
    const received: string[] = []
    client.on("message", (data) => received.push(String(data)))
    await new Promise((resolve) => client.once("open", resolve))
    client.send(`name:${who}`)
    await expect.poll(() => received).toEqual(["named"])
    received.length = 0
    return { who, client, received }
  }

  it.skipIf(skip).each(topicScenarios)("$name", async ({ operations, expected }) => {
    const clients = { a: await connect(), b: await connect() }
    const rename = (who: string) => clients[who as "a" | "b"].who
    const script = operations.map(([op, who, ...rest]) => [op, rename(who), ...rest])
    clients.a.client.send(JSON.stringify(script))
    for (const [who, frames] of Object.entries(expected)) {
      const { received } = clients[who as "a" | "b"]
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(frames.length)
      expect(received).toEqual(frames)
    }
    for (const { client } of Object.values(clients)) client.terminate()
  })
})
