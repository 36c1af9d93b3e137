/**
 * `npm start` with the web apps not built yet: the real gateway/main.ts
 * builds the real web/ sources (into a temporary STUDIO_WEB_DIR, so the
 * checkout's web/dist is left alone) with one line before it listens, then
 * serves the console at /, the participant app at /join and /j/:code, and
 * the assets they name, precompressed and cached, on the port of /api.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { rawRequest } from "./testing/web-serving.ts"
import { STAMP_FILE } from "./web-build.ts"
import { NODE_ARGS } from "../testing/node-command.ts"

const root = new URL("../..", import.meta.url).pathname

let scratch: string
let child: ChildProcess
let output = ""
let base: string

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

/** Resolves at the first output line matching `line`; rejects if the process exits first. */
const waitForLine = (line: RegExp) =>
  new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = () => {
      const match = output.match(line)
      if (match) {
        child.stdout!.off("data", check)
        child.off("exit", exited)
        resolve(match)
      }
    }
    const exited = (code: number | null) => reject(new Error(`gateway/main.ts exited (${code}) before ${line}:\n${output}`))
    child.stdout!.on("data", check)
    child.once("exit", exited)
    check()
  })

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "studio-main-web-"))
  const port = await freePort()
  child = spawn(process.execPath, [...NODE_ARGS], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      PORT: String(port),
      STUDIO_DATA_DIR: join(scratch, "data"),
      STUDIO_WEB_DIR: join(scratch, "web"),
      STUDIO_DEMO_PASSWORD: "demo-password-1",
      STUDIO_JWT_SECRET: "a-test-secret-of-at-least-32-characters",
      STUDIO_EMBEDDINGS: "lexical", // this test is about the web build; the sentence encoder's start-up is not
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()))
  const [, listening] = await waitForLine(/studio ready on :(\d+)/)
  base = `http://127.0.0.1:${listening}`
}, 240_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve))
    child.kill("SIGTERM")
    await exited
  }
  await rm(scratch, { recursive: true, force: true })
})

const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!)

describe("npm start serves the web apps it built", () => {
  it("built them before listening, in one line, and stamped the build", async () => {
    const lines = output.split("\n")
    const building = lines.findIndex((line) => /^web apps in .* are missing: building them/.test(line))
    const listening = lines.findIndex((line) => line.startsWith("studio listening on"))
    expect(building).toBeGreaterThanOrEqual(0)
    expect(building).toBeLessThan(listening)
    expect(output).not.toMatch(/build failed|not built/)
    expect(existsSync(join(scratch, "web", STAMP_FILE))).toBe(true)
    expect(JSON.parse(await readFile(join(scratch, "web", STAMP_FILE), "utf8"))).toMatchObject({ digest: expect.stringMatching(/^[0-9a-f]{64}$/) })
  })

  it("serves the console at / and its assets, precompressed and immutable", async () => {
    const page = await rawRequest(base, "/")
    expect(page.status).toBe(200)
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8")
    expect(page.headers["cache-control"]).toBe("no-cache")
    expect(page.headers["content-security-policy"]).toContain("script-src 'self';")
    // The build's HTML needs nothing inline: no inline script, no style attribute or element.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/)
    const assets = assetsOf(page.text)
    expect(assets.some((path) => path.endsWith(".js"))).toBe(true)
    for (const path of assets) {
      const asset = await rawRequest(base, path, { headers: { "accept-encoding": "gzip, deflate, br" } })
      expect(asset.status).toBe(200)
      expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
      if (asset.body.byteLength > 1024) expect(asset.headers["content-encoding"]).toBe("br")
    }
  })

  it("serves the participant app at /join and /j/:code", async () => {
    const join = await rawRequest(base, "/join")
    const deepLink = await rawRequest(base, "/j/K7M2QX")
    expect(join.status).toBe(200)
    expect(deepLink.text).toBe(join.text)
    const console = await rawRequest(base, "/")
    expect(join.text).not.toBe(console.text)
    expect(assetsOf(join.text).some((path) => path.endsWith(".js"))).toBe(true)
  })

  it("answers the API on the same port", async () => {
    const health = await rawRequest(base, "/api/health")
    expect(health.status).toBe(200)
    expect(JSON.parse(health.text)).toMatchObject({ status: "ok" })
  })
})
