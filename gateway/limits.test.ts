/**
 * Limits over real sockets: per connection and per user (across
 * connections and HTTP) command allowances, connection caps per user and
 * per address, sign-in throttling a stranger cannot turn against a member,
 * guest joins limited by wrong codes per address and by joins per session,
 * X-Forwarded-For believed only from trusted proxies, and the token
 * lifetime bounding a live connection.
 */
import { SignJWT } from "jose"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FailureBackoff, KeyedLimiter } from "./auth/rate-limit.ts"
import { LiveClient } from "./testing/live-client.ts"
import { TrustedProxies } from "./http/client-address.ts"
import { encodeFrame } from "./protocol.ts"
import { seedDemo } from "./seed.ts"
import { TEST_SCRYPT_COST, TEST_SECRET, freshId, startTestServer, type TestServer } from "./testing/harness.ts"

const PASSWORD = "demo-password-1"
/** Wrong codes: three free, then a wait far longer than any test takes. */
const strictCodes = () => new FailureBackoff({ free: 3, baseMs: 10 * 60_000, maxMs: 10 * 60_000, forgetMs: 60 * 60_000 })

/** Clients reach it directly from 127.0.0.1, which is not a trusted proxy. */
let server: TestServer
/** Trusts 127.0.0.1 as its proxy, so each request's X-Forwarded-For names its client. */
let proxied: TestServer
beforeAll(async () => {
  server = await startTestServer({ live: { commandBurst: 5, commandsPerSecond: 0.01, maxConnectionsPerAddress: 8 } })
  proxied = await startTestServer({
    live: { userCommandBurst: 6, userCommandsPerSecond: 0.001, maxConnectionsPerUser: 3, maxConnectionsPerAddress: 2 },
    gateway: {
      trustedProxies: TrustedProxies.parse(["127.0.0.1", "::1"]),
      limits: { guestCodeFailures: strictCodes(), guestJoinsPerSession: new KeyedLimiter(3, 0.001) },
    },
  })
  await Promise.all([server, proxied].map((s) => seedDemo(s.system, s.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)))
})
afterAll(() => Promise.all([server.dispose(), proxied.dispose()]))

interface Reply {
  readonly status: number
  readonly retryAfter: string | null
  readonly body: any
}

const call = async (
  to: TestServer,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string; forwardedFor?: string } = {},
): Promise<Reply> => {
  const response = await fetch(`${to.http}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() }
}

const signIn = (to: TestServer, email: string, password: string, forwardedFor?: string) =>
  call(to, "POST", "/api/auth/login", { email, password }, forwardedFor ? { forwardedFor } : {})

/** A live session of the demo organization, opened by its facilitator; its code lets guests in. */
const openSession = async (to: TestServer): Promise<{ code: string; addr: string }> => {
  const facilitator = await signIn(to, "facilitator@demo.example", PASSWORD, "192.0.2.1")
  expect(facilitator.status).toBe(200)
  const session = await call(to, "POST", "/api/sessions", { title: "Limits circle" }, { token: facilitator.body.token })
  expect(session.status).toBe(201)
  return session.body
}

const joinAsGuest = (to: TestServer, code: string, name: string, forwardedFor?: string) =>
  call(to, "POST", "/api/live/join", { code, name }, forwardedFor ? { forwardedFor } : {})

const rateLimitedProblem = {
  status: 429,
  retryAfter: expect.stringMatching(/^[1-9]\d*$/),
  body: { code: "rate_limited", status: 429, detail: expect.stringMatching(/try again in \d+ (s|min)$/) },
}

describe("limits", () => {
  it("commands past the connection's token bucket are nacked rate_limited, and another connection is unaffected", async () => {
    const busy = await server.client({ id: "busy" })
    const addr = `canvas/${freshId("c")}`
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => busy.cmd(addr, `op${i}`, { type: i === 0 ? "create" : "noop", title: "t", privacy: "shared" })),
    )
    expect(replies.slice(5).map((r) => r.t === "nack" && r.code)).toEqual(["rate_limited", "rate_limited", "rate_limited"])
    expect(replies.slice(0, 5).some((r) => r.t === "nack" && r.code === "rate_limited")).toBe(false)
    const calm = await server.client({ id: "calm" })
    expect(await calm.cmd(`canvas/${freshId("c")}`, "op0", { type: "create", title: "t", privacy: "shared" })).toMatchObject({ t: "ack" })
    await Promise.all([busy.close(), calm.close()])
  })

  it("a connection ends with 4001 when its token expires, unless a new hello renews it", async () => {
    const shortLived = (seconds: number) =>
      new SignJWT({ tenant: "t1", roles: ["participant"], use: "access" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("studio")
        .setSubject("u1")
        .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
        .sign(TEST_SECRET)
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

describe("per-user live limits", () => {
  it("one user's commands are limited across its connections, and HTTP commands draw from the same allowance", async () => {
    const [first, second] = await Promise.all([proxied.client({ id: "spread" }), proxied.client({ id: "spread" })])
    const addr = `canvas/${freshId("c")}`
    const codes: Array<string | false> = []
    // Six tokens for the user (each connection alone has 200): three on each connection use them up.
    for (let i = 0; i < 6; i++) {
      const reply = await (i % 2 === 0 ? first : second).cmd(addr, `op${i}`, { type: i === 0 ? "create" : "noop", title: "t", privacy: "shared" })
      codes.push(reply.t === "nack" && reply.code)
    }
    expect(codes).not.toContain("rate_limited")
    expect(await second.cmd(addr, "op6", { type: "noop" })).toMatchObject({ t: "nack", code: "rate_limited" })
    expect(await first.join(addr)).toMatchObject({ t: "error", code: "rate_limited" })
    const overHttp = await call(
      proxied,
      "POST",
      `/api/actors/canvas/${freshId("c")}/commands`,
      { id: "op7", cmd: { type: "create", title: "t", privacy: "shared" } },
      { token: await proxied.token({ id: "spread" }) },
    )
    expect(overHttp).toMatchObject(rateLimitedProblem)
    const other = await proxied.client({ id: "calm" })
    expect(await other.cmd(`canvas/${freshId("c")}`, "op0", { type: "create", title: "t", privacy: "shared" })).toMatchObject({ t: "ack" })
    await Promise.all([first.close(), second.close(), other.close()])
  })

  it("a user holds at most its cap of connections: the next is refused at hello with error rate_limited and close 4029, and closing one frees a place", async () => {
    const held = await Promise.all([1, 2, 3].map(() => proxied.client({ id: "tabs" })))
    const over = await LiveClient.connect(proxied.url)
    over.socket.send(encodeFrame({ t: "hello", token: await proxied.token({ id: "tabs" }) }))
    expect(await over.closed).toEqual({ code: 4029, reason: "too_many_connections" })
    expect(over.frames).toEqual([expect.objectContaining({ t: "error", code: "rate_limited", message: expect.stringContaining("live connections") })])
    expect(held.every((client) => client.socket.readyState === client.socket.OPEN)).toBe(true)
    // Another user is not affected, and a closed connection frees its place.
    const other = await proxied.client({ id: "elsewhere" })
    await held[0]!.close()
    const again = await proxied.client({ id: "tabs" })
    expect(await again.ping()).toMatchObject({ t: "pong" })
    await Promise.all([...held.slice(1), again, other].map((client) => client.close()))
  })

  it("an address holds at most its cap of connections, counted from the first byte, before any hello", async () => {
    const held = await Promise.all(Array.from({ length: 8 }, () => LiveClient.connect(server.url)))
    const over = await LiveClient.connect(server.url)
    expect(await over.closed).toEqual({ code: 4029, reason: "too_many_connections" })
    expect(over.frames).toEqual([expect.objectContaining({ t: "error", code: "rate_limited", message: expect.stringContaining("from one address") })])
    await held[0]!.close()
    const again = await LiveClient.connect(server.url)
    expect(await again.hello(await server.token({ id: "u9" }))).toMatchObject({ t: "welcome" })
    await Promise.all([...held.slice(1), again].map((client) => client.close()))
  })

  it("behind a trusted proxy, each client named by the upgrade's X-Forwarded-For has its own cap of connections", async () => {
    const from = (client: string) => LiveClient.connect(proxied.url, { "x-forwarded-for": `${client}, 127.0.0.1` })
    const held = await Promise.all([from("198.51.100.7"), from("198.51.100.7")])
    const over = await from("198.51.100.7")
    expect(await over.closed).toEqual({ code: 4029, reason: "too_many_connections" })
    const neighbour = await from("198.51.100.8")
    expect(await neighbour.hello(await proxied.token({ id: "u-neighbour" }))).toMatchObject({ t: "welcome" })
    await Promise.all([...held, neighbour].map((client) => client.close()))
  })
})

describe("sign-in throttling", () => {
  it("a stranger's wrong passwords do not lock the owner out", async () => {
    const email = "participant1@demo.example"
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await signIn(proxied, email, "wrong-wrong", "203.0.113.50")).status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.at(-1)).toBe(429)
    expect(await signIn(proxied, email, PASSWORD, "198.51.100.20")).toMatchObject({ status: 200, body: { user: { id: "u-demo-participant1" } } })
  })

  it("a guesser from one address is still throttled, with Retry-After, even when it then tries the right password", async () => {
    const email = "participant2@demo.example"
    for (let i = 0; i < 5; i++) expect((await signIn(proxied, email, `guess-${i}-x`, "203.0.113.60")).status).toBe(401)
    expect((await signIn(proxied, email, "guess-5-x", "203.0.113.60")).status).toBe(401)
    expect(await signIn(proxied, email, "guess-6-x", "203.0.113.60")).toMatchObject(rateLimitedProblem)
    expect(await signIn(proxied, email, PASSWORD, "203.0.113.60")).toMatchObject({ status: 429 })
    // The proxy's own address and another client are not the guesser.
    expect(await signIn(proxied, email, PASSWORD)).toMatchObject({ status: 200 })
  })
})

describe("guest joins", () => {
  it("30 guests join one session from one address", async () => {
    const { code, addr } = await openSession(server)
    const joined: Reply[] = []
    for (let i = 0; i < 30; i++) joined.push(await joinAsGuest(server, code, `Guest ${i}`))
    expect(joined.map((reply) => reply.status)).toEqual(Array(30).fill(200))
    expect(new Set(joined.map((reply) => reply.body.user.id)).size).toBe(30)
    expect(joined.every((reply) => reply.body.addr === addr)).toBe(true)
  })

  it("joins per session are bounded, and another session is unaffected", async () => {
    const busy = await openSession(proxied)
    for (let i = 0; i < 3; i++) expect((await joinAsGuest(proxied, busy.code, `Guest ${i}`, "198.51.100.30")).status).toBe(200)
    expect(await joinAsGuest(proxied, busy.code, "Guest 3", "198.51.100.30")).toMatchObject(rateLimitedProblem)
    const quiet = await openSession(proxied)
    expect((await joinAsGuest(proxied, quiet.code, "Guest", "198.51.100.30")).status).toBe(200)
  })

  it("wrong codes are limited per client address, read from X-Forwarded-For when the peer is a trusted proxy", async () => {
    const { code } = await openSession(proxied)
    for (let i = 0; i < 4; i++) expect((await joinAsGuest(proxied, "ZZZZZZ", "Prankster", "203.0.113.70")).status).toBe(404)
    expect(await joinAsGuest(proxied, code, "Prankster", "203.0.113.70")).toMatchObject(rateLimitedProblem)
    // Everyone else behind the same proxy still joins, and may mistype.
    expect((await joinAsGuest(proxied, "ZZZZZZ", "Pupil", "203.0.113.71")).status).toBe(404)
    expect((await joinAsGuest(proxied, code, "Pupil", "203.0.113.71")).status).toBe(200)
  })

  it("X-Forwarded-For from a peer that is not a trusted proxy is ignored", async () => {
    const direct = await startTestServer({ gateway: { limits: { guestCodeFailures: strictCodes() } } })
    try {
      await seedDemo(direct.system, direct.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
      const { code } = await openSession(direct)
      // A prankster naming a fresh address in each request is still one address.
      for (let i = 0; i < 4; i++) expect((await joinAsGuest(direct, "ZZZZZZ", "Prankster", `203.0.113.${80 + i}`)).status).toBe(404)
      expect(await joinAsGuest(direct, code, "Prankster", "203.0.113.99")).toMatchObject(rateLimitedProblem)
    } finally {
      await direct.dispose()
    }
  })
})
