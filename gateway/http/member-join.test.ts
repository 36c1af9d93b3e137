/**
 * A signed-in member joins a live session by its code under their own
 * account (the participant app's "sign in" path); the code of another
 * organization's session does not exist for them, and a guest token cannot
 * use this route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { seedDemo } from "../seed.ts"
import { TEST_SCRYPT_COST, startTestServer, type TestServer } from "../testing/harness.ts"

const PASSWORD = "member-join-password-1"
let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
})
afterAll(() => server.dispose())

const call = async (path: string, body: unknown, token?: string) => {
  const response = await fetch(`${server.http}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, any> }
}
const signIn = async (email: string) => (await call("/api/auth/login", { email, password: PASSWORD })).body["token"] as string

describe("joining by code as a member", () => {
  it("joins the member under their own account and name, and the session lists them", async () => {
    const facilitator = await signIn("facilitator@demo.example")
    const session = await call("/api/sessions", { title: "Members circle" }, facilitator)
    expect(session.status).toBe(201)
    const participant = await signIn("participant1@demo.example")
    const joined = await call("/api/live/join-member", { code: session.body["code"].toLowerCase() }, participant)
    expect(joined).toMatchObject({ status: 200, body: { addr: session.body["addr"] } })
    const client = await server.client({ id: "u-demo-facilitator", tenant: "demo", roles: ["facilitator"] })
    const view = await client.join(session.body["addr"])
    expect((view as { snapshot: { participants: Array<{ userId: string; displayName: string }> } }).snapshot.participants).toContainEqual(
      expect.objectContaining({ userId: "u-demo-participant1", displayName: "Participant 1" }),
    )
    await client.close()
  })

  it("answers another organization's code, and a made-up one, as not found", async () => {
    const otherAdmin = await signIn("admin@other.example")
    const facilitator = await signIn("facilitator@demo.example")
    const session = await call("/api/sessions", { title: "Not yours" }, facilitator)
    expect(await call("/api/live/join-member", { code: session.body["code"] }, otherAdmin)).toMatchObject({
      status: 404,
      body: { code: "not_found" },
    })
    expect(await call("/api/live/join-member", { code: "ZZZZZZ" }, otherAdmin)).toMatchObject({ status: 404 })
  })

  it("refuses a guest token and a missing one", async () => {
    const facilitator = await signIn("facilitator@demo.example")
    const session = await call("/api/sessions", { title: "Guests use the other door" }, facilitator)
    const guest = await call("/api/live/join", { code: session.body["code"], name: "Gil" })
    expect((await call("/api/live/join-member", { code: session.body["code"] }, guest.body["token"])).status).toBe(403)
    expect((await call("/api/live/join-member", { code: session.body["code"] })).status).toBe(401)
  })
})
