/**
 * The HTTP API and sign-in over a real server: problem documents, tokens
 * (forged, expired, wrong use), tenancy, invitations, guests by live code,
 * commands with the same ack semantics as the live protocol.
 */
import { SignJWT } from "jose"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { LiveClient } from "../testing/live-client.ts"
import { seedDemo } from "../seed.ts"
import { TEST_SCRYPT_COST, TEST_SECRET, freshId, startTestServer, type TestServer } from "../testing/harness.ts"

let server: TestServer
const PASSWORD = "demo-password-1"
beforeAll(async () => {
  server = await startTestServer()
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
})
afterAll(() => server.dispose())

const call = async (method: string, path: string, body?: unknown, token?: string, ip = "10.0.0.1") => {
  const response = await fetch(`${server.http}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-studio-peer": ip, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: (await response.json()) as any }
}
const login = async (email: string, password = PASSWORD) => (await call("POST", "/api/auth/login", { email, password })).body

describe("sign-in", () => {
  it("health answers without a token", async () => {
    expect(await call("GET", "/api/health")).toMatchObject({ status: 200, body: { status: "ok", log: "embedded" } })
  })

  it("login returns tokens and the user with tenant and roles", async () => {
    const session = await login("facilitator@demo.example")
    expect(session.user).toMatchObject({ id: "u-demo-facilitator", tenant: "demo", roles: ["admin", "facilitator"] })
    expect(session.token).toEqual(expect.any(String))
    const client = await LiveClient.open(server.url, session.token)
    await client.close()
  })

  it("a wrong password is a 401 problem document", async () => {
    const reply = await call("POST", "/api/auth/login", { email: "participant1@demo.example", password: "nope-nope" })
    expect(reply).toMatchObject({
      status: 401,
      type: "application/problem+json",
      body: { code: "unauthorized", status: 401, title: expect.any(String), detail: expect.any(String) },
    })
  })

  it("a malformed body is a 400 problem naming the field", async () => {
    const reply = await call("POST", "/api/auth/login", { email: "not-an-email" })
    expect(reply).toMatchObject({ status: 400, body: { code: "bad_frame", detail: expect.stringMatching(/email|password/) } })
  })

  it("sign-in attempts are rate limited per email", async () => {
    const email = "participant3@demo.example"
    const statuses: number[] = []
    for (let i = 0; i < 7; i++)
      statuses.push((await call("POST", "/api/auth/login", { email, password: "wrong-wrong" }, undefined, `10.1.0.${i}`)).status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.at(-1)).toBe(429)
  })

  it("refresh trades a refresh token for a new pair; an access token is not a refresh token", async () => {
    const session = await login("participant1@demo.example")
    expect(await call("POST", "/api/auth/refresh", { refreshToken: session.refreshToken })).toMatchObject({
      status: 200,
      body: { user: { id: "u-demo-participant1" } },
    })
    expect(await call("POST", "/api/auth/refresh", { refreshToken: session.token })).toMatchObject({ status: 401 })
  })
})

describe("tokens", () => {
  const forge = (secret: Uint8Array, exp: number, use = "access") =>
    new SignJWT({ tenant: "demo", roles: ["admin"], use })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("studio")
      .setSubject("u-demo-facilitator")
      .setExpirationTime(exp)
      .sign(secret)

  it("an expired token is unauthorized on the API and on hello (close 4001)", async () => {
    const expired = await forge(TEST_SECRET, Math.floor(Date.now() / 1000) - 60)
    expect(await call("GET", "/api/users", undefined, expired)).toMatchObject({ status: 401, body: { code: "unauthorized" } })
    const client = await LiveClient.connect(server.url)
    expect(await client.hello(expired)).toMatchObject({ t: "error", code: "unauthorized" })
    expect(await client.closed).toMatchObject({ code: 4001 })
  })

  it("a token signed with another secret is unauthorized", async () => {
    const forged = await forge(new TextEncoder().encode("some other secret of sufficient length!!"), Math.floor(Date.now() / 1000) + 600)
    expect(await call("GET", "/api/users", undefined, forged)).toMatchObject({ status: 401 })
    const client = await LiveClient.connect(server.url)
    expect(await client.hello(forged)).toMatchObject({ code: "unauthorized" })
    expect(await client.closed).toMatchObject({ code: 4001 })
  })

  it("a refresh token cannot open a live connection", async () => {
    const session = await login("participant2@demo.example")
    const client = await LiveClient.connect(server.url)
    expect(await client.hello(session.refreshToken)).toMatchObject({ code: "unauthorized" })
  })
})

describe("tenancy and accounts", () => {
  it("members are listed for admins only, without password hashes", async () => {
    const admin = await login("facilitator@demo.example")
    const reply = await call("GET", "/api/users", undefined, admin.token)
    expect(reply.body.members.map((m: { email: string }) => m.email).sort()).toEqual([
      "facilitator@demo.example",
      "participant1@demo.example",
      "participant2@demo.example",
      "participant3@demo.example",
    ])
    expect(JSON.stringify(reply.body)).not.toContain("scrypt")
    expect(await call("GET", "/api/users", undefined, (await login("participant1@demo.example")).token)).toMatchObject({
      status: 403,
      body: { code: "forbidden" },
    })
  })

  it("a command to another tenant's actor is not_found", async () => {
    const demo = await login("facilitator@demo.example")
    const other = await login("admin@other.example")
    const id = freshId("c")
    expect(
      await call("POST", `/api/actors/canvas/${id}/commands`, { id: "op1", cmd: { type: "create", title: "mine", privacy: "shared" } }, demo.token),
    ).toMatchObject({ status: 200, body: { seq: 1 } })
    expect(
      await call(
        "POST",
        `/api/actors/canvas/${id}/commands`,
        { id: "op2", cmd: { type: "addElement", element: { kind: "sticky", text: "x", colour: "#ffcc00", x: 0, y: 0, w: 1, h: 1 } } },
        other.token,
      ),
    ).toMatchObject({ status: 404, body: { code: "not_found" } })
    expect(
      await call(
        "POST",
        "/api/actors/organization/demo/commands",
        { id: "op3", cmd: { type: "changeRoles", userId: "u-demo-facilitator", roles: ["participant"] } },
        other.token,
      ),
    ).toMatchObject({ status: 404 })
  })

  it("a retried HTTP command returns the first seq", async () => {
    const demo = await login("facilitator@demo.example")
    const path = `/api/actors/canvas/${freshId("c")}/commands`
    const body = { id: "op-retry", cmd: { type: "create", title: "once", privacy: "private" } }
    expect((await call("POST", path, body, demo.token)).body).toEqual({ seq: 1 })
    expect((await call("POST", path, body, demo.token)).body).toEqual({ seq: 1 })
  })

  it("a new organization gets its admin; its name cannot be taken twice", async () => {
    const tenant = freshId("org")
    const created = await call(
      "POST",
      "/api/organizations",
      { tenant, name: "New Org", admin: { email: "boss@new.example", name: "Boss", password: "long-password" } },
      undefined,
      "10.2.0.1",
    )
    expect(created).toMatchObject({ status: 201, body: { user: { tenant, roles: ["admin"] } } })
    expect(
      await call(
        "POST",
        "/api/organizations",
        { tenant, name: "Again", admin: { email: "x@new.example", name: "X", password: "long-password" } },
        undefined,
        "10.2.0.2",
      ),
    ).toMatchObject({ status: 409 })
    expect((await login("boss@new.example", "long-password")).user.tenant).toBe(tenant)
  })

  it("an invitation is accepted once with its code and yields a member with the invited roles", async () => {
    const admin = await login("facilitator@demo.example")
    const invited = await call("POST", "/api/invitations", { email: "newbie@demo.example", roles: ["educator"] }, admin.token)
    expect(invited).toMatchObject({ status: 201, body: { code: expect.stringMatching(/^demo\./) } })
    const accept = { code: invited.body.code, name: "Newbie", password: "newbie-password" }
    expect(await call("POST", "/api/invitations/accept", accept, undefined, "10.3.0.1")).toMatchObject({
      status: 200,
      body: { user: { tenant: "demo", roles: ["educator"] } },
    })
    expect(await call("POST", "/api/invitations/accept", accept, undefined, "10.3.0.2")).toMatchObject({ status: 409 })
    expect(await call("POST", "/api/invitations/accept", { ...accept, code: `${invited.body.code}x` }, undefined, "10.3.0.3")).toMatchObject({
      status: 404,
    })
    expect((await login("newbie@demo.example", "newbie-password")).user.roles).toEqual(["educator"])
  })

  it("a guest joins a live session by its code and can name nothing else", async () => {
    const facilitator = await login("facilitator@demo.example")
    const session = await call("POST", "/api/sessions", { title: "Morning circle" }, facilitator.token)
    expect(session).toMatchObject({ status: 201, body: { code: expect.stringMatching(/^[A-Z2-9]{6}$/), addr: expect.stringMatching(/^session\//) } })
    const guest = await call("POST", "/api/live/join", { code: session.body.code.toLowerCase(), name: "Visitor" }, undefined, "10.4.0.1")
    expect(guest).toMatchObject({ status: 200, body: { addr: session.body.addr, user: { tenant: "demo", roles: ["guest"] } } })
    const client = await LiveClient.open(server.url, guest.body.token)
    // The guest sees who runs the session by the name of the account that opened it.
    expect(facilitator.user.name).toBe("Demo Facilitator")
    expect(await client.join(session.body.addr)).toMatchObject({ t: "joined", snapshot: { facilitatorName: facilitator.user.name } })
    expect(await client.join("journal/anything")).toMatchObject({ t: "error", code: "forbidden" })
    expect(await client.join(`session/${freshId("other")}`)).toMatchObject({ t: "error", code: "forbidden" })
    await client.close()
    expect(await call("POST", "/api/live/join", { code: "ZZZZZZ", name: "Visitor" }, undefined, "10.4.0.2")).toMatchObject({ status: 404 })
  })
})

describe("documents", () => {
  it("serves an OpenAPI 3.1 document generated from the schemas", async () => {
    const { body } = await call("GET", "/api/openapi.json")
    expect(body.openapi).toBe("3.1.0")
    expect(body.paths["/api/auth/login"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/LoginRequest" })
    expect(body.components.schemas.LoginRequest.required).toEqual(["email", "password"])
    expect(JSON.stringify(body)).not.toContain("#/$defs/")
  })

  it("an unknown route is a 404 problem", async () => {
    expect(await call("GET", "/api/nothing-here")).toMatchObject({ status: 404, type: "application/problem+json" })
  })
})

describe("account commands", () => {
  it("organization commands are refused outside the account endpoints, over HTTP and live", async () => {
    const admin = await login("facilitator@demo.example")
    const cmd = { type: "changePassword", userId: "u-demo-participant1", passwordHash: "scrypt$1024$8$1$c2FsdA==$aGFzaA==" }
    expect(await call("POST", "/api/actors/organization/demo/commands", { id: "op-pw", cmd }, admin.token)).toMatchObject({ status: 403 })
    const client = await LiveClient.open(server.url, admin.token)
    expect(await client.cmd("organization/demo", "op-pw", cmd)).toMatchObject({ t: "nack", code: "forbidden" })
    const joined = await client.join("organization/demo")
    expect(joined).toMatchObject({ t: "joined" })
    expect(JSON.stringify(joined)).not.toContain("scrypt")
    await client.close()
  })
})

describe("guests and their session's canvases", () => {
  it("a guest works on the canvases made for its session that it was given, and on its own; any other canvas is closed to it", async () => {
    const facilitator = await login("facilitator@demo.example")
    const session = await call("POST", "/api/sessions", { title: "Canvas circle" }, facilitator.token)
    const sessionId = (session.body.addr as string).slice("session/".length)
    const guest = (await call("POST", "/api/live/join", { code: session.body.code, name: "Visitor" }, undefined, "10.4.1.1")).body
    const command = (id: string, cmd: unknown, token = facilitator.token) =>
      call("POST", `/api/actors/canvas/${id}/commands`, { id: freshId("op"), cmd }, token)

    const group = freshId("group")
    expect(await command(group, { type: "create", title: "Group map", privacy: "shared", sessionId })).toMatchObject({ status: 200 })
    expect(await command(group, { type: "shareWith", userId: guest.user.id, access: "edit" })).toMatchObject({ status: 200 })
    const elsewhere = freshId("elsewhere")
    expect(await command(elsewhere, { type: "create", title: "Not this session", privacy: "shared" })).toMatchObject({ status: 200 })
    expect(await command(elsewhere, { type: "shareWith", userId: guest.user.id, access: "edit" })).toMatchObject({ status: 200 })

    const client = await LiveClient.open(server.url, guest.token)
    expect(await client.join(`canvas/${group}`)).toMatchObject({ t: "joined", snapshot: { title: "Group map", sessionId } })
    expect(
      await client.cmd(`canvas/${group}`, freshId("op"), {
        type: "addElement",
        element: { kind: "sticky", text: "hi", colour: "#ffcc00", x: 0, y: 0, w: 10, h: 10 },
      }),
    ).toMatchObject({ t: "ack" })
    // Granted, but not of its session: the bound wins.
    expect(await client.join(`canvas/${elsewhere}`)).toMatchObject({ t: "error", code: "forbidden" })
    expect(
      await client.cmd(`canvas/${elsewhere}`, freshId("op"), {
        type: "addElement",
        element: { kind: "sticky", text: "no", colour: "#ffcc00", x: 0, y: 0, w: 10, h: 10 },
      }),
    ).toMatchObject({ t: "nack", code: "forbidden" })
    const mine = freshId("mine")
    expect(await client.cmd(`canvas/${mine}`, freshId("op"), { type: "create", title: "My notes", privacy: "private" })).toMatchObject({
      t: "nack",
      code: "forbidden",
    })
    expect(await client.cmd(`canvas/${mine}`, freshId("op"), { type: "create", title: "My notes", privacy: "private", sessionId })).toMatchObject({
      t: "ack",
    })
    await client.close()
    // Over HTTP too.
    expect(
      await command(
        elsewhere,
        { type: "addElement", element: { kind: "sticky", text: "no", colour: "#ffcc00", x: 0, y: 0, w: 10, h: 10 } },
        guest.token,
      ),
    ).toMatchObject({ status: 403 })
    expect(await call("GET", `/api/canvases/${group}/export?format=json`, undefined, guest.token)).toMatchObject({
      status: 200,
      body: { canvas: { title: "Group map" } },
    })
    expect((await call("GET", `/api/canvases/${elsewhere}/export?format=json`, undefined, guest.token)).status).toBe(403)
  })
})
