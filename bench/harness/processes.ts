/**
 * Server processes under test: started with tsx, or as they are when bundled (pinned when possible), ready
 * when they print `BENCH_READY {...}`, measured through /proc, and always
 * stopped, even when a suite fails half way.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { readFile } from "node:fs/promises"
import { createServer } from "node:net"
import { READY_PREFIX } from "../peers/ready.ts"
import { pinnedCommand, type Pinning } from "./pinning.ts"

export interface ServerProcess {
  readonly pid: number
  readonly port: number
  /** Resident memory of the server process, from /proc (undefined where there is no /proc). */
  rssBytes(): Promise<number | undefined>
  /** CPU seconds the server process has used so far, all threads, user and system (from /proc; undefined without it). */
  cpuSeconds(): Promise<number | undefined>
  /** CPU seconds of the server's main (JavaScript) thread alone: the one whose saturation shows as latency. */
  mainThreadCpuSeconds(): Promise<number | undefined>
  /** Recent stderr lines, for error messages. */
  stderrTail(): string
  stop(): Promise<void>
}

export interface StartOptions {
  readonly script: string
  readonly env?: Record<string, string>
  readonly pinning: Pinning
  readonly readyTimeoutMs?: number
  readonly cwd?: string
  /** For servers that do not print BENCH_READY (the gateway): a stdout line that means ready. */
  readonly readyLine?: RegExp
}

export class ServerStartError extends Error {
  readonly _tag = "ServerStartError"
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

export const rssOf = async (pid: number): Promise<number | undefined> => {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8")
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
    return kib ? Number(kib) * 1024 : undefined
  } catch {
    return undefined
  }
}

/** BENCH_SERVER_NODE_ARGS reach the servers only, e.g. `--cpu-prof --cpu-prof-dir=DIR` to profile one under load. */
const serverNodeArgs = (): string[] => process.env["BENCH_SERVER_NODE_ARGS"]?.split(/\s+/).filter(Boolean) ?? []

const CLOCK_TICKS_PER_SECOND = 100

export const cpuSecondsOf = async (pid: number, tid?: number): Promise<number | undefined> => {
  try {
    const stat = await readFile(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, "utf8")
    // Fields after the command name (which may hold spaces): state is field 3, utime and stime fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

const live = new Set<ChildProcess>()
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL")
})

export const startServer = async (options: StartOptions): Promise<ServerProcess> => {
  const port = Number(options.env?.["PORT"]) || (await freePort())
  // TypeScript runs through tsx; a bundle (the node's dist/node/main.js) runs as it is, as in production.
  const loader = options.script.endsWith(".ts") ? ["--import", "tsx"] : ["--enable-source-maps"]
  const [command, args] = pinnedCommand(options.pinning, process.execPath, [...serverNodeArgs(), ...loader, options.script])
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  live.add(child)
  const stderr: string[] = []
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr.push(chunk)
    if (stderr.length > 50) stderr.shift()
  })
  const stderrTail = () => stderr.join("").split("\n").slice(-15).join("\n")
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM")
      const killer = setTimeout(() => child.kill("SIGKILL"), 3000)
      await exited
      clearTimeout(killer)
    }
    live.delete(child)
  }
  const readyPort = await new Promise<number>((resolve, reject) => {
    let buffered = ""
    const timer = setTimeout(
      () => reject(new ServerStartError(`${options.script} did not report ready within ${options.readyTimeoutMs ?? 20_000} ms\n${stderrTail()}`)),
      options.readyTimeoutMs ?? 20_000,
    )
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk
      const lines = buffered.split("\n")
      const line = lines.find((l) => l.startsWith(READY_PREFIX))
      if (line) {
        clearTimeout(timer)
        resolve((JSON.parse(line.slice(READY_PREFIX.length)) as { port: number }).port)
      } else if (options.readyLine && lines.some((l) => options.readyLine!.test(l))) {
        clearTimeout(timer)
        resolve(port)
      }
      if (buffered.length > 65_536) buffered = buffered.slice(-4096)
    })
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      reject(new ServerStartError(`${options.script} exited (${code ?? signal}) before it was ready\n${stderrTail()}`))
    })
  }).catch(async (error: unknown) => {
    await stop()
    throw error
  })
  child.stdout!.resume()
  return {
    pid: child.pid!,
    port: readyPort,
    rssBytes: () => rssOf(child.pid!),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    mainThreadCpuSeconds: () => cpuSecondsOf(child.pid!, child.pid!),
    stderrTail,
    stop,
  }
}
