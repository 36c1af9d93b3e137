/**
 * The HTTP API client against a real node with the demo organization:
 * sign-in and out, guests by code, problem documents as ApiError, a 401
 * refreshed and retried, and the token renewed before it expires, with the
 * live connection following along (a second hello, never a 4001).
 */
import { SignJWT } from "jose"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTokens } from "../../gateway/auth/tokens.ts"
import { seedDemo } from "../../gateway/seed.ts"
import { TEST_SCRYPT_COST, TEST_SECRET, startTestServer, type TestServer } from "../../gateway/testing/harness.ts"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import { problemOf } from "../src/client/api.ts"
import { ApiError, createApi, createClient, type Connection, type Session } from "../src/client/index.ts"
import { recordingReducer, until } from "../src/client/testing/index.ts"
import { watchSockets } from "./support.ts"

const PASSWORD = "demo-password-1"
const random = makeRandom(testSeed("client api"))
let server: TestServer
beforeAll(async () => {
  // Four-second access tokens: the client renews them about every 1.5 s, well before the server's 4001.
  server = await startTestServer({ gateway: { tokens: makeTokens({ secret: TEST_SECRET, accessTtlSeconds: 4, refreshTtlSeconds: 3600 }) } })
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
})
afterAll(() => server.dispose())

const clientFor = (storage = new Map<string, string>()) => {
  const sockets = watchSockets()
  const client = createClient({
    baseUrl: server.http,
    storage,
    live: { url: server.url, WebSocket: sockets.WebSocket, random: random.next, backoff: { baseMs: 20, capMs: 200 } },
  })
  return { ...client, sockets, storage }
}
const connected = (c: { live: { onConnection: (l: (c: Connection) => void) => () => void; connection: () => Connection } }) =>
  until(c.live.onConnection, (x) => x.state === "connected", { current: c.live.connection, what: "connected" })

describe("signing in and out", () => {
  it("sign-in keeps the session and the live connection follows it; sign-out ends both", async () => {
    const client = clientFor()
    expect(client.live.connection().state).toBe("signedOut")
    const session = await client.api.signIn("facilitator@demo.example", PASSWORD)
    expect(session.user).toMatchObject({
      id: "u-demo-facilitator",
      tenant: "demo",
      roles: ["admin", "facilitator"],
      email: "facilitator@demo.example",
    })
    expect(client.api.session()?.token).toBe(session.token)
    expect(JSON.parse(client.storage.get("studio.session.v1")!)).toMatchObject({ token: session.token })
    expect((await connected(client)).user).toMatchObject({ id: "u-demo-facilitator" })
    expect(await client.api.get("/api/users")).toMatchObject({ members: expect.any(Array) })
    client.api.signOut()
    expect(client.api.session()).toBeUndefined()
    expect(client.live.connection().state).toBe("signedOut")
    expect(client.storage.has("studio.session.v1")).toBe(false)
    client.close()
  })

  it("adopts a session another route handed out, and uses it as a sign-in's; a malformed one changes nothing", async () => {
    const first = clientFor()
    const session = await first.api.signIn("facilitator@demo.example", PASSWORD)
    first.close()
    const client = clientFor()
    expect(() => client.api.adopt({ token: "x" } as never)).toThrow(TypeError)
    expect(client.api.session()).toBeUndefined()
    expect(client.api.adopt(session).user.id).toBe("u-demo-facilitator")
    expect(JSON.parse(client.storage.get("studio.session.v1")!)).toMatchObject({ token: session.token })
    expect((await connected(client)).user).toMatchObject({ id: "u-demo-facilitator" })
    expect(await client.api.get("/api/users")).toMatchObject({ members: expect.any(Array) })
    client.close()
  })

  it("a wrong password is an ApiError with the code, and no session", async () => {
    const client = clientFor()
    const error = await client.api.signIn("participant1@demo.example", "wrong-password").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, code: "unauthorized", detail: expect.any(String) })
    expect(client.api.session()).toBeUndefined()
    client.close()
  })

  it("a guest joins by code (any case) and subscribes to the session it was given", async () => {
    const facilitator = clientFor()
    await facilitator.api.signIn("facilitator@demo.example", PASSWORD)
    const created = await facilitator.api.post<{ addr: string; code: string }>("/api/sessions", { title: "Morning circle" })
    const guest = clientFor()
    const session = await guest.api.joinAsGuest(created.code.toLowerCase(), "Visitor")
    expect(session).toMatchObject({ addr: created.addr, user: { roles: ["guest"], name: "Visitor" } })
    const room = guest.live.subscribe(session.addr, recordingReducer)
    await room.ready()
    expect(room.status).toBe("live")
    expect(await guest.api.joinAsGuest("ZZZZZZ", "Visitor").catch((e: unknown) => e)).toMatchObject({ status: 404, code: "not_found" })
    facilitator.close()
    guest.close()
  })
})

describe("tokens", () => {
  it("a 401 refreshes the token and retries the request once", async () => {
    const first = clientFor()
    const session = await first.api.signIn("facilitator@demo.example", PASSWORD)
    first.close()
    // The stored access token is replaced by one that expired (the device slept, say); the refresh token is good.
    const now = Math.floor(Date.now() / 1000)
    const expired = await new SignJWT({ tenant: "demo", roles: ["admin", "facilitator"], use: "access" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("studio")
      .setSubject("u-demo-facilitator")
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(TEST_SECRET)
    const stored = JSON.parse(first.storage.get("studio.session.v1")!) as Session
    const storage = new Map([["studio.session.v1", JSON.stringify({ ...stored, token: expired })]])
    const api = createApi({ baseUrl: server.http, storage })
    const sessions: (Session | undefined)[] = []
    api.onSession((s) => sessions.push(s))
    expect(await api.get("/api/users")).toMatchObject({ members: expect.any(Array) })
    expect(sessions).toHaveLength(1)
    expect(api.session()?.token).not.toBe(expired)
    expect(api.session()?.user.id).toBe(session.user.id)
    api.dispose()
  })

  it("a refused refresh token signs out and the request fails with 401", async () => {
    const storage = new Map([
      [
        "studio.session.v1",
        JSON.stringify({ token: "x.e30.y", refreshToken: "not-a-token", user: { id: "u", tenant: "demo", roles: [] }, receivedAt: Date.now() }),
      ],
    ])
    const api = createApi({ baseUrl: server.http, storage })
    expect(await api.get("/api/users").catch((e: unknown) => e)).toMatchObject({ status: 401, code: "unauthorized" })
    expect(api.session()).toBeUndefined()
    api.dispose()
  })

  it("the token is renewed before it expires and the live connection says hello again instead of being closed", async () => {
    const client = clientFor()
    await client.api.signIn("participant1@demo.example", PASSWORD)
    await connected(client)
    const states: string[] = []
    client.live.onConnection((c) => states.push(c.state))
    const renewed: string[] = []
    client.api.onSession((s) => s && renewed.push(s.token))
    // Three renewals take longer than the first token lived (4 s): without the second hellos the server would have closed 4001.
    await until(client.api.onSession, () => renewed.length >= 3, { what: "three renewals" })
    await until(client.sockets.onReceived, () => client.sockets.received.filter((f) => f.t === "welcome").length >= 4, {
      current: () => undefined,
      what: "a welcome per renewal",
    })
    expect(states).toEqual([])
    expect(client.sockets.all).toHaveLength(1)
    expect(
      client.sockets.sent
        .filter((f) => f.t === "hello")
        .map((f) => (f as { token: string }).token)
        .slice(1),
    ).toEqual(renewed.slice(0, 3))
    expect(await client.live.ping()).toBeGreaterThanOrEqual(0)
    client.close()
  })
})

describe("problem documents", () => {
  const respond =
    (status: number, body: string, headers: Record<string, string> = {}) =>
    async () =>
      new Response(body, { status, headers })

  it("a 429 problem keeps its code and how long to wait", async () => {
    const error = await problemOf(
      await respond(
        429,
        JSON.stringify({ type: "t", title: "Too many requests", status: 429, detail: "wait", code: "rate_limited", retryAfter: 7 }),
        { "content-type": "application/problem+json", "retry-after": "7" },
      )(),
    )
    expect(error).toMatchObject({ status: 429, code: "rate_limited", detail: "wait", retryAfterSeconds: 7 })
  })

  it("a response that is not a problem document still gets a code from its status", async () => {
    expect(await problemOf(await respond(502, "<html>bad gateway</html>", { "retry-after": "3" })())).toMatchObject({
      status: 502,
      code: "internal",
      retryAfterSeconds: 3,
    })
    expect(await problemOf(await respond(503, "")())).toMatchObject({ status: 503, code: "unavailable" })
  })

  it("no answer at all is code network, status 0", async () => {
    const api = createApi({
      baseUrl: "http://127.0.0.1:9",
      fetch: async () => {
        throw new TypeError("fetch failed")
      },
      storage: new Map(),
    })
    expect(await api.get("/api/health").catch((e: unknown) => e)).toMatchObject({ status: 0, code: "network" })
    api.dispose()
  })
})

describe("the UI's language", () => {
  it("every request asks for the language the app is in, and follows a switch; a request's own header still wins", async () => {
    let language = "he"
    const api = createApi({ baseUrl: server.http, storage: new Map(), language: () => language })
    await api.signIn("facilitator@demo.example", PASSWORD)
    const templates = () => api.get<{ language: string; templates: { title: string }[] }>("/api/journey-templates")
    expect(await templates()).toMatchObject({ language: "he", templates: expect.arrayContaining([expect.objectContaining({ title: "מפגש ראשון" })]) })
    language = "fr"
    expect((await templates()).language).toBe("fr")
    expect((await api.get<{ language: string }>("/api/journey-templates", { headers: { "accept-language": "de" } })).language).toBe("de")
    api.dispose()
  })

  it("without the option the client sends no language of its own", async () => {
    const seen: (string | null)[] = []
    const api = createApi({
      baseUrl: "http://127.0.0.1:9",
      storage: new Map(),
      fetch: async (_url, init) => {
        seen.push(new Headers(init?.headers).get("accept-language"))
        return new Response("{}", { status: 200, headers: { "content-type": "application/json" } })
      },
    })
    await api.get("/api/health")
    expect(seen).toEqual([null])
    api.dispose()
  })
})
