/** Per-connection command rate limits, and the token lifetime bounding a live connection. */
import { SignJWT } from "jose"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { LiveClient } from "./client.ts"
import { TEST_SECRET, freshId, startTestServer, type TestServer } from "./testing/harness.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ live: { commandBurst: 5, commandsPerSecond: 0.01 } })
})
afterAll(() => server.dispose())

describe("limits", () => {
  it("commands past the connection's token bucket are nacked rate_limited, and another connection is unaffected", async () => {
    const busy = await server.client({ id: "busy" })
    const addr = `canvas/${freshId("c")}`
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => busy.cmd(addr, `op${i}`, { type: i === 0 ? "create" : "noop", title: "t", privacy: "shared" })))
    expect(replies.slice(5).map((r) => r.t === "nack" && r.code)).toEqual(["rate_limited", "rate_limited", "rate_limited"])
    expect(replies.slice(0, 5).some((r) => r.t === "nack" && r.code === "rate_limited")).toBe(false)
    const calm = await server.client({ id: "calm" })
    expect(await calm.cmd(`canvas/${freshId("c")}`, "op0", { type: "create", title: "t", privacy: "shared" })).toMatchObject({ t: "ack" })
    await Promise.all([busy.close(), calm.close()])
  })

  it("a connection ends with 4001 when its token expires, unless a new hello renews it", async () => {
    const shortLived = (seconds: number) =>
      new SignJWT({ tenant: "t1", roles: ["participant"], use: "access" }).setProtectedHeader({ alg: "HS256" }).setIssuer("studio").setSubject("u1")
        .setExpirationTime(Math.floor(Date.now() / 1000) + seconds).sign(TEST_SECRET)
    // Expiry is in whole seconds: "+1" can be a millisecond away when signed late in a second, and fail the hello itself.
    const renewed = await LiveClient.open(server.url, await shortLived(2))
    expect(await renewed.hello(await shortLived(600))).toMatchObject({ t: "welcome" })
    const expiring = await LiveClient.open(server.url, await shortLived(2))
    const closed = await expiring.closed
    expect(closed).toMatchObject({ code: 4001 })
    expect(expiring.frames.at(-1)).toMatchObject({ t: "error", code: "unauthorized" })
    expect(await renewed.ping()).toMatchObject({ t: "pong" })
    await renewed.close()
  })

  it("a second hello cannot switch to another user", async () => {
    const client = await server.client({ id: "u1" })
    expect(await client.hello(await server.token({ id: "u2" }))).toMatchObject({ t: "error", code: "unauthorized" })
    expect(await client.closed).toMatchObject({ code: 4001 })
  })
})
