/**
 * `npm start` on a fresh data directory: the node answers health at once,
 * says `starting` (503, with what it waits for) until it serves what it
 * advertises, and the first sign-in right after health says ok succeeds.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname
const PASSWORD = "demo-password-1"

let dir: string
let child: ChildProcess
let url: string

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "studio-ready-"))
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  child = spawn(process.execPath, ["--import", "tsx", "gateway/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      PORT: String(port),
      STUDIO_DATA_DIR: dir,
      STUDIO_DEMO_PASSWORD: PASSWORD,
      STUDIO_JWT_SECRET: "a-test-secret-of-at-least-32-characters",
    },
    stdio: "ignore",
  })
})

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve))
    child.kill("SIGTERM")
    await exited
  }
  await rm(dir, { recursive: true, force: true })
})

const signIn = (url: string) =>
  fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "facilitator@demo.example", password: PASSWORD }),
  })

describe("a fresh start", () => {
  it("answers health while starting (503, naming what it waits for), and signs in at the first ok", async () => {
    const starting: Array<{ status: string; waitingFor?: string[] }> = []
    for (;;) {
      expect(child.exitCode).toBeNull()
      // Polled from the spawn on, as a tight readiness probe would: refused until the node listens.
      const response = await fetch(`${url}/api/health`).catch(() => undefined)
      if (!response) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        continue
      }
      const body = (await response.json()) as { status: string; waitingFor?: string[] }
      if (response.status === 200) {
        expect(body.status).toBe("ok")
        break
      }
      expect(response.status).toBe(503)
      expect(response.headers.get("retry-after")).toBe("1")
      starting.push(body)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const first = await signIn(url)
    expect(first.status).toBe(200)
    for (const body of starting) {
      expect(body.status).toBe("starting")
      expect(body.waitingFor?.length).toBeGreaterThan(0)
    }
    const live = await fetch(`${url}/api/health/live`)
    expect(live.status).toBe(200)
    expect(await live.json()).toMatchObject({ status: "alive" })
  }, 180_000)
})
