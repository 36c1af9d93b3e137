/**
 * A real node started as `npm start` starts it (gateway/main.ts on a fresh
 * data directory and a free port), for tests that drive it from outside:
 * browsers, protocol clients. Resolves once it prints `studio ready on`.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { rmSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NODE_ARGS } from "../../gateway/testing/node-command.ts"

export const DEMO_PASSWORD = "demo-password-for-tests-1"

export interface RunningNode {
  readonly url: string
  readonly port: number
  readonly output: () => string
  stop(): Promise<void>
  /** For a process that is exiting and cannot wait: kill the node and delete its data at once. */
  killNow(): void
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

const root = new URL("../..", import.meta.url).pathname

export const startNode = async (env: Record<string, string> = {}): Promise<RunningNode> => {
  const dir = await mkdtemp(join(tmpdir(), "studio-web-"))
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [...NODE_ARGS], {
    cwd: root,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: process.env["HOME"] ?? "/tmp",
      PORT: String(port),
      STUDIO_DATA_DIR: dir,
      STUDIO_DEMO_PASSWORD: DEMO_PASSWORD,
      STUDIO_JWT_SECRET: "a-test-secret-of-at-least-32-characters-long",
      // vitest.config.ts picks the lexical embeddings for every node a test starts: the sentence encoder would embed every built-in card in five languages at each start.
      ...(process.env["STUDIO_EMBEDDINGS"] ? { STUDIO_EMBEDDINGS: process.env["STUDIO_EMBEDDINGS"] } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/studio ready on/.test(output)) resolve()
    }
    child.stdout!.on("data", check)
    child.once("exit", (code) => reject(new Error(`the node exited with ${code} before it was ready:\n${output}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve))
        child.kill("SIGTERM")
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
    killNow: () => {
      if (child.exitCode === null) child.kill("SIGKILL")
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
