/**
 * A nats-server of a test's own, on a free loopback port, for what the shared
 * server must not be put through: running without JetStream, or being killed
 * under a connected log.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const natsServerBinary = (): string | undefined => {
  for (const candidate of ["nats-server", "/usr/sbin/nats-server", "/usr/local/bin/nats-server"]) {
    if (spawnSync(candidate, ["--version"]).status === 0) return candidate
  }
  return undefined
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))))
    })
  })

export interface PrivateServer {
  readonly url: string
  /** SIGKILLs the server; the store directory stays, so `start()` brings the same data back. */
  kill(): Promise<void>
  start(): Promise<void>
  /** Kills the server and removes its store. */
  dispose(): Promise<void>
}

export const startPrivateServer = async (options: { jetstream: boolean }): Promise<PrivateServer> => {
  const binary = natsServerBinary()
  if (binary === undefined) throw new Error("nats-server is not installed (apt-get install -y nats-server)")
  const port = await freePort()
  const storeDir = mkdtempSync(join(tmpdir(), "nats-private-"))
  const args = ["-a", "127.0.0.1", "-p", String(port), ...(options.jetstream ? ["-js", "-sd", storeDir] : [])]
  let child: ChildProcess | undefined

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] })
      child = proc
      let log = ""
      const timer = setTimeout(() => reject(new Error(`nats-server did not start on port ${port}: ${log}`)), 10_000)
      proc.stderr!.on("data", (chunk: Buffer) => {
        log += chunk.toString()
        if (log.includes("Server is ready")) {
          clearTimeout(timer)
          resolve()
        }
      })
      proc.once("exit", (code) => {
        clearTimeout(timer)
        reject(new Error(`nats-server exited with ${code}: ${log}`))
      })
    })

  const kill = async () => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null) return
    const exited = new Promise((resolve) => proc.once("exit", resolve))
    proc.kill("SIGKILL")
    await exited
  }

  await start()
  return {
    url: `nats://127.0.0.1:${port}`,
    kill,
    start,
    dispose: async () => {
      await kill()
      rmSync(storeDir, { recursive: true, force: true })
    },
  }
}
