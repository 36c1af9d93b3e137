/**
 * Guarantee 1, "ack means durable", against the real `npm start` process:
 * ack, SIGKILL, start again on the same data directory, and the event is
 * there. Also the process's start and stop behaviour (main.ts).
 */
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { makeTokens } from "./auth/tokens.ts"
import { LiveClient } from "./testing/live-client.ts"
import type { ServerFrameOf } from "./protocol.ts"
import { sticky } from "./testing/harness.ts"
import { NODE_ARGS } from "./testing/node-command.ts"

const SECRET = "durability test secret, long enough for HS256 use"
const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

interface Node {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
}

const startNode = (env: Record<string, string>): Node => {
  let output = ""
  const child = spawn(process.execPath, [...NODE_ARGS], {
    env: { ...process.env, STUDIO_DEMO_PASSWORD: "demo-password-1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout!.on("data", (chunk) => (output += chunk))
  child.stderr!.on("data", (chunk) => (output += chunk))
  return { child, output: () => output, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) }
}

const ready = async (node: Node) => {
  // A start on a busy machine can take tens of seconds; this bounds a node that never comes up.
  const deadline = Date.now() + 120_000
  while (!/studio ready on/.test(node.output())) {
    if (Date.now() > deadline || node.child.exitCode !== null) throw new Error(`the node did not start:\n${node.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe("guarantee 1: ack means durable", () => {
  it("an acked command survives SIGKILL of the server process", async () => {
    const dir = await mkdtemp(join(tmpdir(), "studio-durable-"))
    dirs.push(dir)
    const port = await freePort()
    const env = { STUDIO_DATA_DIR: dir, PORT: String(port), STUDIO_JWT_SECRET: SECRET }
    const tokens = makeTokens({ secret: new TextEncoder().encode(SECRET), accessTtlSeconds: 600, refreshTtlSeconds: 600 })
    const token = await tokens.issue({ user: { id: "u-demo-facilitator", tenant: "demo", roles: ["facilitator"] } }, "access")
    const url = `ws://127.0.0.1:${port}/live`

    const first = startNode(env)
    await ready(first)
    expect(first.output()).toMatch(/seeded demo accounts/)
    const client = await LiveClient.open(url, token)
    expect(await client.cmd("canvas/durable", "op-1", { type: "create", title: "kept", privacy: "shared" })).toMatchObject({ t: "ack", seq: 1 })
    expect(await client.cmd("canvas/durable", "op-2", { type: "addElement", element: sticky("must survive") })).toMatchObject({ t: "ack", seq: 2 })
    first.child.kill("SIGKILL")
    await first.exited

    const second = startNode(env)
    await ready(second)
    expect(second.output()).not.toMatch(/seeded demo accounts/)
    const again = await LiveClient.open(url, token)
    const joined = (await again.join("canvas/durable", 0)) as ServerFrameOf<"joined">
    expect(joined.seq).toBe(2)
    expect(JSON.stringify(joined.events)).toContain("must survive")
    // The retry of an acked op after the crash is still recognised.
    expect(await again.cmd("canvas/durable", "op-2", { type: "addElement", element: sticky("must survive") })).toMatchObject({ t: "ack", seq: 2 })

    second.child.kill("SIGTERM")
    expect(await second.exited).toBe(0)
    expect(await again.closed).toMatchObject({ code: 4009 })
    expect(second.output()).toMatch(/SIGTERM: draining[\s\S]*stopped/)
  }, 300_000)

  it("a configuration error stops the start with one line naming the variable", async () => {
    const node = startNode({ STUDIO_JWT_SECRET: "short", PORT: String(await freePort()) })
    expect(await node.exited).toBe(1)
    const lines = node
      .output()
      .split("\n")
      .filter((line) => line.trim() && !/npm warn/.test(line))
    expect(lines).toEqual([expect.stringMatching(/^STUDIO_JWT_SECRET: .*at least 32/)])
  })
})
