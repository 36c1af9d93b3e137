/**
 * HTTPS and WSS served by the node itself (STUDIO_TLS_CERT, STUDIO_TLS_KEY),
 * with a self-signed certificate made here by openssl: on uWebSockets.js
 * through the harness, and on Bun.serve through a real `bun gateway/main.ts`.
 * Also the configuration's one-line refusals. Without openssl the TLS
 * servers are skipped with a message, except under CI.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import WebSocket from "ws"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeTokens } from "../auth/tokens.ts"
import { decodeServerFrame, encodeFrame, type ServerFrame } from "../protocol.ts"
import { rawRequest, writeFixtureBuild } from "../static/testing/web-serving.ts"
import { skipWithoutBun, startBun, type BunProcess } from "../testing/bun-process.ts"
import { startTestServer, type TestServer } from "../testing/harness.ts"
import { checkTlsFiles, tlsFromEnv, type TlsFiles } from "./tls.ts"
import { NODE_ARGS } from "../testing/node-command.ts"

const root = new URL("../..", import.meta.url).pathname
const opensslMissing = spawnSync("openssl", ["version"]).status !== 0
const skipTls = opensslMissing && !process.env["CI"]
if (skipTls) console.warn("skipping the HTTPS/WSS tests: openssl not found (apt-get install -y openssl)")

let scratch: string
let files: TlsFiles
let ca: string

/** A fresh P-256 key and a one-day self-signed certificate for 127.0.0.1 (the SAN is what clients check). */
const makeCertificate = (dir: string, name: string): TlsFiles => {
  const certFile = join(dir, `${name}.crt`)
  const keyFile = join(dir, `${name}.key`)
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { encoding: "utf8" },
  )
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`)
  return { certFile, keyFile }
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "studio-tls-"))
  if (skipTls) return
  files = makeCertificate(scratch, "node")
  ca = await readFile(files.certFile, "utf8")
})

afterAll(() => rm(scratch, { recursive: true, force: true }))

/** Opens a WSS connection trusting only `ca`, says hello, and resolves with the first frame back. */
const helloOverWss = (url: string, token: string) =>
  new Promise<ServerFrame>((resolve, reject) => {
    const socket = new WebSocket(url, { ca, perMessageDeflate: false })
    socket.once("open", () => socket.send(encodeFrame({ t: "hello", token, client: { name: "tls-test", version: "1" } })))
    socket.once("message", (data) => {
      const decoded = decodeServerFrame(data as Buffer)
      socket.close()
      if (decoded.ok) resolve(decoded.frame)
      else reject(new Error(decoded.message))
    })
    socket.once("error", reject)
  })

describe.skipIf(skipTls)("HTTPS and WSS on uWebSockets.js", () => {
  let server: TestServer
  let base: string

  beforeAll(async () => {
    const fixture = await writeFixtureBuild(join(scratch, "dist"))
    server = await startTestServer({ gateway: { tls: checkTlsFiles(files), web: { dir: fixture.dir } } })
    base = `https://127.0.0.1:${server.gateway.port}`
  })
  afterAll(() => server?.dispose())

  it("answers /api/health over HTTPS, with the certificate checked against its own CA", async () => {
    const res = await rawRequest(base, "/api/health", { ca })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text)).toMatchObject({ status: "ok" })
  })

  it("serves the web apps over HTTPS", async () => {
    const res = await rawRequest(base, "/j/K7M2QX", { ca })
    expect(res.status).toBe(200)
    expect(res.headers["content-security-policy"]).toContain("wss://127.0.0.1:")
  })

  it("welcomes a hello over WSS", async () => {
    const token = await server.token({ id: "u-tls", tenant: "t1" })
    expect(await helloOverWss(`wss://127.0.0.1:${server.gateway.port}/live`, token)).toMatchObject({
      t: "welcome",
      protocol: 1,
      user: { id: "u-tls" },
    })
  })

  it("does not speak plain HTTP on the TLS port", async () => {
    await expect(rawRequest(`http://127.0.0.1:${server.gateway.port}`, "/api/health")).rejects.toThrow()
  })
})

describe.skipIf(skipTls || skipWithoutBun())("HTTPS and WSS on Bun.serve (a real bun gateway/main.ts)", () => {
  const SECRET = "a-test-secret-of-at-least-32-characters"
  let node: BunProcess
  let base: string
  let port: string

  beforeAll(async () => {
    // A build this test wrote itself: main.ts serves it as it is (it was not built by Studio), nothing is rebuilt.
    const fixture = await writeFixtureBuild(join(scratch, "bun-dist"))
    node = startBun(["gateway/main.ts"], {
      PORT: "0",
      STUDIO_DATA_DIR: join(scratch, "bun-data"),
      STUDIO_WEB_DIR: fixture.dir,
      STUDIO_TLS_CERT: files.certFile,
      STUDIO_TLS_KEY: files.keyFile,
      STUDIO_JWT_SECRET: SECRET,
      STUDIO_DEMO_PASSWORD: "demo-password-1",
    })
    port = (await node.waitFor(/studio ready on :(\d+)/, 60_000))[1]!
    base = `https://127.0.0.1:${port}`
  }, 90_000)

  afterAll(async () => {
    if (node && node.child.exitCode === null) {
      node.child.kill("SIGTERM")
      await node.exited
    }
  })

  it("says https in its listening line and serves /api/health and the web apps", async () => {
    expect(node.output()).toMatch(/studio listening on :\d+ \(https;/)
    const health = await rawRequest(base, "/api/health", { ca })
    expect(health.status).toBe(200)
    const page = await rawRequest(base, "/some/console/route", { ca })
    expect(page.status).toBe(200)
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'")
    const asset = await rawRequest(base, "/assets/console-Ab3dE_9z.js", { ca, headers: { "accept-encoding": "br" }, method: "HEAD" })
    expect(asset.status).toBe(200)
    expect(asset.headers["content-encoding"]).toBe("br")
    expect((await rawRequest(base, "/assets/..%2f..%2fetc%2fpasswd", { ca })).status).toBe(400)
    // Bun resolves dot segments in request.url before the handler sees it: the path is the console route /etc/passwd.
    const dots = await rawRequest(base, "/assets/%2e%2e/%2e%2e/etc/passwd", { ca })
    expect(dots.text).not.toContain("root:")
    expect([200, 400]).toContain(dots.status)
  })

  it("welcomes a hello over WSS", async () => {
    const tokens = makeTokens({ secret: new TextEncoder().encode(SECRET), accessTtlSeconds: 600, refreshTtlSeconds: 600 })
    const token = await tokens.issue({ user: { id: "u-demo-facilitator", tenant: "demo", roles: ["facilitator"] } }, "access")
    expect(await helloOverWss(`wss://127.0.0.1:${port}/live`, token)).toMatchObject({ t: "welcome", user: { id: "u-demo-facilitator" } })
  })
})

describe("TLS configuration", () => {
  it("is off with neither variable, and refuses one without the other in one line naming the missing one", () => {
    expect(tlsFromEnv({})).toBeUndefined()
    expect(() => tlsFromEnv({ STUDIO_TLS_CERT: "/x.crt" })).toThrow(/^STUDIO_TLS_KEY: not set while STUDIO_TLS_CERT is/)
    expect(() => tlsFromEnv({ STUDIO_TLS_KEY: "/x.key" })).toThrow(/^STUDIO_TLS_CERT: not set while STUDIO_TLS_KEY is/)
  })

  it("names the variable whose file cannot be read or holds the wrong thing", async () => {
    await writeFile(join(scratch, "garbage.pem"), "not a pem file\n")
    expect(() => tlsFromEnv({ STUDIO_TLS_CERT: join(scratch, "none.crt"), STUDIO_TLS_KEY: join(scratch, "none.key") })).toThrow(
      /^STUDIO_TLS_CERT: cannot read .*none\.crt \(ENOENT\)/,
    )
    if (skipTls) return
    expect(() => tlsFromEnv({ STUDIO_TLS_CERT: files.certFile, STUDIO_TLS_KEY: join(scratch, "none.key") })).toThrow(/^STUDIO_TLS_KEY: cannot read/)
    expect(() => tlsFromEnv({ STUDIO_TLS_CERT: join(scratch, "garbage.pem"), STUDIO_TLS_KEY: files.keyFile })).toThrow(
      /^STUDIO_TLS_CERT: .* holds no PEM certificate/,
    )
    expect(() => tlsFromEnv({ STUDIO_TLS_CERT: files.certFile, STUDIO_TLS_KEY: join(scratch, "garbage.pem") })).toThrow(
      /^STUDIO_TLS_KEY: .* holds no unencrypted PEM private key/,
    )
    const other = makeCertificate(scratch, "other")
    expect(() => tlsFromEnv({ STUDIO_TLS_CERT: files.certFile, STUDIO_TLS_KEY: other.keyFile })).toThrow(
      /^STUDIO_TLS_KEY: the key in .* does not belong to the certificate/,
    )
    expect(tlsFromEnv({ STUDIO_TLS_CERT: files.certFile, STUDIO_TLS_KEY: files.keyFile })).toEqual(files)
  })

  it("stops npm start with that one line", async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [...NODE_ARGS], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          PORT: "0",
          STUDIO_DATA_DIR: join(scratch, "refused-data"),
          STUDIO_TLS_CERT: join(scratch, "node.crt"),
          STUDIO_JWT_SECRET: "a-test-secret-of-at-least-32-characters",
        },
        stdio: ["ignore", "ignore", "pipe"],
      })
      let stderr = ""
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      child.on("error", reject)
      child.on("exit", (code) => resolve({ code, stderr }))
    })
    expect(code).not.toBe(0)
    const lines = stderr.split("\n").filter((line) => line.trim() !== "" && !/ExperimentalWarning|--trace-warnings/.test(line))
    expect(lines).toEqual([expect.stringMatching(/^STUDIO_TLS_KEY: not set while STUDIO_TLS_CERT is/)])
  })
})
