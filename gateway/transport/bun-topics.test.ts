/**
 * The topic contract of transport.ts on the Bun transport, as
 * uws-topics.test.ts checks it on uWS.js: a publish reaches every subscribed
 * socket in order with its own sends, and leaving a topic never loses what
 * was published to it before, even within the same tick and with more
 * published than the kernel takes at once. bun.ts sends no ping before
 * unsubscribing (Bun writes publishes during the call); this is what holds it to that.
 */
import WebSocket from "ws"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { skipWithoutBun, startBun, type BunProcess } from "../testing/bun-process.ts"

describe.skipIf(skipWithoutBun())("topics on the Bun transport", () => {
  let server: BunProcess
  let port: number
  beforeAll(async () => {
    server = startBun(["gateway/transport/bun-topics-server.ts"], {})
    port = Number((await server.waitFor(/topics server on (\d+)/, 20_000))[1])
  })
  afterAll(async () => {
    server?.child.kill("SIGKILL")
    await server?.exited
  })

  const connect = async (who: string) => {
    const client = new WebSocket(`ws://127.0.0.1:${port}/live`)
    const received: string[] = []
    client.on("message", (data) => received.push(String(data)))
    await new Promise((resolve) => client.once("open", resolve))
    client.send(`name:${who}`)
    await expect.poll(() => received).toEqual(["named"])
    received.length = 0
    return { client, received }
  }

  it("keeps publishes and sends in order, and delivers what was published before an unsubscribe in the same tick", async () => {
    const a = await connect("a")
    const b = await connect("b")
    a.client.send(JSON.stringify([
      ["sub", "a", "room"], ["sub", "b", "room"],
      ["pub", "a", "room", "p1"], ["send", "a", "s2"], ["pub", "a", "room", "p3"],
      ["unsub", "a", "room"], ["pub", "b", "room", "p4"], ["send", "a", "s5"],
    ]))
    await expect.poll(() => b.received.length).toBe(3)
    await expect.poll(() => a.received.length).toBe(4)
    expect(a.received).toEqual(["p1", "s2", "p3", "s5"])
    expect(b.received).toEqual(["p1", "p3", "p4"])
    a.client.terminate()
    b.client.terminate()
  })

  it("loses nothing published before an unsubscribe when many small frames are still queued", async () => {
    const a = await connect("a2")
    const b = await connect("b2")
    const operations: unknown[] = [["sub", "a2", "r"], ["sub", "b2", "r"]]
    const expectedA: string[] = []
    const expectedB: string[] = []
    const padding = "x".repeat(200)
    // 20 rounds of 2,000 small frames (~9 MB in all): far more than the kernel takes in one tick.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 2_000; i++) {
        const frame = `p${round}.${i}.${padding}`
        operations.push(["pub", "b2", "r", frame])
        expectedA.push(frame)
        expectedB.push(frame)
      }
      operations.push(["unsub", "a2", "r"], ["pub", "b2", "r", `only-b${round}`], ["send", "a2", `s${round}`], ["sub", "a2", "r"])
      expectedA.push(`s${round}`)
      expectedB.push(`only-b${round}`)
    }
    a.client.send(JSON.stringify(operations))
    await expect.poll(() => b.received.length, { timeout: 15_000 }).toBe(expectedB.length)
    await expect.poll(() => a.received.length, { timeout: 15_000 }).toBe(expectedA.length)
    expect(a.received).toEqual(expectedA)
    expect(b.received).toEqual(expectedB)
    a.client.terminate()
    b.client.terminate()
  })
})
