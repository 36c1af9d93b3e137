/**
 * Token verification, including the memory of tokens already verified: a
 * remembered token still expires on time, keeps its use, and a forged or
 * tampered token is refused every time.
 */
import { afterEach, describe, expect, it, vi } from "vitest"
import { makeTokens } from "./tokens.ts"

const tokens = makeTokens({
  secret: new TextEncoder().encode("a test secret long enough for HS256, 32+"),
  accessTtlSeconds: 60,
  refreshTtlSeconds: 600,
})
const identity = { user: { id: "u1", tenant: "t1", roles: ["participant" as const] } }

afterEach(() => {
  vi.useRealTimers()
})

describe("tokens", () => {
  it("refuses a remembered token once it has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 0))
    const token = await tokens.issue(identity, "access")
    expect((await tokens.verify(token, "access"))?.user.id).toBe("u1")
    expect((await tokens.verify(token, "access"))?.user.id).toBe("u1")
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 1, 1))
    expect(await tokens.verify(token, "access")).toBeUndefined()
  })

  it("keeps a remembered token to its use", async () => {
    const token = await tokens.issue(identity, "access")
    expect(await tokens.verify(token, "access")).toBeDefined()
    expect(await tokens.verify(token, "refresh")).toBeUndefined()
  })

  it("refuses a token whose payload was changed after signing, however often it is shown", async () => {
    const token = await tokens.issue(identity, "access")
    expect(await tokens.verify(token, "access")).toBeDefined()
    const [header, payload, signature] = token.split(".")
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString())
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, tenant: "t2" })).toString("base64url"), signature].join(".")
    for (let i = 0; i < 3; i++) expect(await tokens.verify(forged, "access")).toBeUndefined()
  })
})
