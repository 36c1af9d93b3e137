/**
 * The gateway's directory on a node with a read side (as `npm start` runs
 * it) is the directory read model: the gateway folds nothing at start and
 * never reads the log for sign-in, sign-up or guest joins; an account or a
 * live code is usable the moment its command was acked (read-your-writes);
 * and an organization made without this gateway (as on another node) is
 * known without a restart.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { hashPassword } from "./auth/passwords.ts"
import { organizationAddress, systemUser } from "./directory.ts"
import { TEST_SCRYPT_COST } from "./testing/harness.ts"
import { readSideWithCountedGatewayLog, type LogReads } from "./testing/counting-log.ts"
import { startMethodServer, PASSWORD, type MethodServer } from "./http/testing/method-server.ts"

let api: MethodServer
let reads: LogReads

beforeAll(async () => {
  const counted = readSideWithCountedGatewayLog()
  reads = counted.reads
  api = await startMethodServer(counted.options)
})
afterAll(() => api?.dispose())

const gatewayReadTheLog = () => ({ readAll: reads.readAll, organizationStreams: reads.streams.get("organization") ?? 0 })

describe("the directory as a read model", () => {
  it("signs in the seeded accounts without the gateway reading the log, at start or since", async () => {
    expect(await api.login("facilitator@demo.example")).toEqual(expect.any(String))
    expect((await api.call("POST", "/api/auth/login", { email: "facilitator@demo.example", password: "wrong-password-1" })).status).toBe(401)
    expect(gatewayReadTheLog()).toEqual({ readAll: 0, organizationStreams: 0 })
  })

  it("signs in an organization's admin the moment the organization was created", async () => {
    const created = await api.call("POST", "/api/organizations", {
      tenant: "fresh-org",
      name: "Fresh coaching",
      admin: { email: "Lead@Fresh.example", name: "Lead", password: PASSWORD },
    })
    expect(created.status).toBe(201)
    expect(await api.login("lead@fresh.example")).toEqual(expect.any(String))
    const taken = await api.call("POST", "/api/organizations", {
      tenant: "fresh-org",
      name: "Again",
      admin: { email: "other@fresh.example", name: "Other", password: PASSWORD },
    })
    expect(taken.status).toBe(409)
    expect(gatewayReadTheLog()).toEqual({ readAll: 0, organizationStreams: 0 })
  })

  it("knows an organization created without this gateway, as on another node, without a restart", async () => {
    const tenant = "elsewhere"
    const passwordHash = await hashPassword(PASSWORD, TEST_SCRYPT_COST)
    await Effect.runPromise(
      api.server.system.send(organizationAddress(tenant), systemUser(tenant), "create-elsewhere", {
        type: "create",
        name: "Made elsewhere",
        admin: { userId: "u-elsewhere", email: "admin@elsewhere.example", name: "Admin", passwordHash },
      }),
    )
    expect(await api.login("admin@elsewhere.example")).toEqual(expect.any(String))
  })

  it("admits a guest with a live code the moment the session opened it", async () => {
    const admin = await api.login("facilitator@demo.example")
    expect((await api.call("POST", "/api/journeys", { journeyId: "dir", title: "Directory", templateId: "first-meeting" }, admin)).status).toBe(201)
    const started = (await api.call("POST", "/api/journeys/dir/sessions", {}, admin)).body
    const guest = await api.call("POST", "/api/live/join", { code: started.code.toLowerCase(), name: "Guest" })
    expect(guest.status).toBe(200)
    expect(guest.body.addr).toBe(started.addr)
    expect((await api.call("POST", "/api/live/join", { code: "ZZZZZZ", name: "Guest" })).status).toBe(404)
    expect(gatewayReadTheLog()).toEqual({ readAll: 0, organizationStreams: 0 })
  })
})
