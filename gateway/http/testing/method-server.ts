/**
 * A real server for the method routes' tests: every actor kind registered,
 * the demo organizations seeded, JSON calls with a bearer token, and the
 * server's system identity for what billing would do (setting a licence).
 */
import { join } from "node:path"
import { Effect } from "effect"
import { actorKinds } from "../../../actors/index.ts"
import { makeAddress } from "../../../engine/address.ts"
import { systemUser } from "../../directory.ts"
import { startReadSide } from "../../read-side.ts"
import { seedDemo } from "../../seed.ts"
import { TEST_SCRYPT_COST, startTestServer, type TestServer, type TestServerOptions } from "../../testing/harness.ts"

export const PASSWORD = "demo-password-1"

/** A read side over the server's log, in its worker with PGlite under the server's directory, as `npm start` runs it. */
export const embeddedReadSide: NonNullable<TestServerOptions["readSide"]> = (log, dir) =>
  startReadSide(log, { store: { kind: "pglite", dataDir: join(dir, "readstore") }, idleMs: { min: 5, max: 50 } })

export interface MethodServer {
  readonly server: TestServer
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; type: string; body: any; bytes: Uint8Array }>
  login(email: string): Promise<string>
  /** Resolves once the read models hold everything appended so far (a server started with a read side). */
  readModelsCaughtUp(): Promise<void>
  /** What billing does: the organization's tier and packs, sent as the server's system identity. */
  license(tenant: string, tier: "free" | "pro" | "enterprise", packs?: string[]): Promise<void>
  dispose(): Promise<void>
}

/** `options`: a read side, a wrapped log... (the harness's options; every actor kind is registered either way). */
export const startMethodServer = async (options: TestServerOptions = {}): Promise<MethodServer> => {
  const server = await startTestServer({ kinds: actorKinds, ...options })
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
  let ops = 0
  const call: MethodServer["call"] = async (method, path, body, token) => {
    const response = await fetch(`${server.http}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-studio-peer": "10.9.0.1", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const bytes = new Uint8Array(await response.arrayBuffer())
    const type = response.headers.get("content-type") ?? ""
    return { status: response.status, type, bytes, body: type.includes("json") ? JSON.parse(new TextDecoder().decode(bytes)) : undefined }
  }
  const login = async (email: string) => (await call("POST", "/api/auth/login", { email, password: PASSWORD })).body.token as string
  const license: MethodServer["license"] = async (tenant, tier, packs = []) => {
    const addr = makeAddress(tenant, "library", tenant)
    await Effect.runPromise(server.system.send(addr, systemUser(tenant), `tier-${++ops}`, { type: "setTier", tier }))
    for (const packId of packs) await Effect.runPromise(server.system.send(addr, systemUser(tenant), `pack-${++ops}`, { type: "grantPack", packId }))
  }
  const readModelsCaughtUp = async () => {
    if (!server.readSide) throw new Error("this method server has no read side: start it with { readSide: embeddedReadSide }")
    const head = await Effect.runPromise(server.log.headPosition())
    if (!(await server.readSide.waitFor(head))) throw new Error(`the read models did not reach position ${head}`)
  }
  return { server, call, login, license, readModelsCaughtUp, dispose: () => server.dispose() }
}
