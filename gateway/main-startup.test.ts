/**
 * `npm start` with configuration that cannot work stops at once with one line
 * naming the variable and the fix, and a non-zero exit: never a stack trace,
 * never a half-started node.
 */
import { spawn } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { NODE_ARGS } from "./testing/node-command.ts"

const root = new URL("..", import.meta.url).pathname

const start = (env: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        PORT: "0",
        STUDIO_DEMO_PASSWORD: "demo-password-1",
        STUDIO_JWT_SECRET: "a-test-secret-of-at-least-32-characters",
        ...env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    })
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
    child.on("error", reject)
    child.on("exit", (code) => {
      clearTimeout(timer)
      resolve({ code, stderr })
    })
  })

/** Lines that are ours: npm or the runtime may add warnings of their own, which are not the node's message. */
const ownLines = (stderr: string) =>
  stderr.split("\n").filter((line) => line.trim() !== "" && !/ExperimentalWarning|--trace-warnings|nodedir/.test(line))

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "studio-start-"))
  await writeFile(join(scratch, "a-file"), "not a directory")
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

describe("starting a node with configuration that cannot work", () => {
  it("fails in one line naming STUDIO_DATA_DIR when the data dir cannot be created", async () => {
    const { code, stderr } = await start({ STUDIO_DATA_DIR: join(scratch, "a-file", "data") })
    expect(code).not.toBe(0)
    const lines = ownLines(stderr)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^STUDIO_DATA_DIR: /)
  })

  it("fails in one line naming NATS_URL when NATS is unreachable", async () => {
    const { code, stderr } = await start({ STUDIO_DATA_DIR: join(scratch, "data"), NATS_URL: "nats://127.0.0.1:1" })
    expect(code).not.toBe(0)
    const lines = ownLines(stderr)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^NATS_URL: /)
  })

  it("fails in one line naming REDIS_URL when Redis is unreachable", async () => {
    const { code, stderr } = await start({ STUDIO_DATA_DIR: join(scratch, "data"), REDIS_URL: "redis://:pw@127.0.0.1:1" })
    expect(code).not.toBe(0)
    expect(ownLines(stderr)).toEqual([expect.stringMatching(/^REDIS_URL: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 /)])
    expect(stderr).not.toContain(":pw@")
  })

  it("fails in one line naming PORT when it is not a port", async () => {
    const { code, stderr } = await start({ STUDIO_DATA_DIR: join(scratch, "data"), PORT: "http" })
    expect(code).not.toBe(0)
    expect(ownLines(stderr)).toEqual([expect.stringMatching(/^PORT: /)])
  })
})
