/**
 * A redis-server of a test's own on a free loopback port, with nothing
 * saved to disk, so tests never share keys with CI's server or each other.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { freePort } from "../../../engine/eventlog/jetstream/testing/private-server.ts"

export const redisServerBinary = (): string | undefined => {
  for (const candidate of ["redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    if (spawnSync(candidate, ["--version"]).status === 0) return candidate
  }
  return undefined
}

/** Why Redis tests cannot run here, or undefined when they can. CI must run them, so there a missing binary fails instead. */
export const redisSkipReason = (): string | undefined =>
  redisServerBinary() === undefined && !process.env.CI
    ? "redis-server is not installed (apt-get install -y redis-server); skipping the Redis adapter's tests"
    : undefined

export interface PrivateRedis {
  readonly url: string
  /** SIGKILLs the server. */
  stop(): Promise<void>
}

export const startPrivateRedis = async (): Promise<PrivateRedis> => {
  const binary = redisServerBinary()
  if (binary === undefined) throw new Error("redis-server is not installed (apt-get install -y redis-server)")
  const port = await freePort()
  const args = ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--daemonize", "no"]
  const child: ChildProcess = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] })
  await new Promise<void>((resolve, reject) => {
    let log = ""
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${log}`)), 10_000)
    const read = (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes("Ready to accept connections")) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on("data", read)
    child.stderr!.on("data", read)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}: ${log}`))
    })
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once("exit", resolve))
      child.kill("SIGKILL")
      await exited
    },
  }
}
