/**
 * Bare cluster members in child processes (`cli.ts join`), bundled once with
 * esbuild so each starts in a fraction of what loading effect through tsx
 * takes. Each child's shards are followed from its `gained`/`lost` lines, so
 * the parent knows what a member believed up to the moment it was killed.
 */
import { build } from "esbuild"
import { spawn } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"

export interface MemberBundle {
  readonly path: string
  remove(): Promise<void>
}

export const bundleMemberCli = async (): Promise<MemberBundle> => {
  const dir = await mkdtemp(join(tmpdir(), "studio-cluster-member-"))
  const path = join(dir, "cluster-cli.mjs")
  await build({
    entryPoints: [join(import.meta.dirname, "..", "cli.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: path,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: "error",
  })
  return { path, remove: () => rm(dir, { recursive: true, force: true }) }
}

export interface MemberProcess {
  readonly nodeId: string
  readonly pid: number
  /** The shards the child last said it owns. */
  readonly owned: ReadonlySet<number>
  /** Called with the receive time of each line, for measurements. */
  onLine(listener: (line: string, at: number) => void): void
  kill(signal: "SIGKILL" | "SIGTERM"): Promise<void>
}

export const spawnMember = (script: string, nodeId: string, env: Record<string, string>): Promise<MemberProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, "join"], {
      env: { ...process.env, ...env, STUDIO_CLUSTER_NODE: nodeId },
      stdio: ["ignore", "pipe", "pipe"],
    })
    const owned = new Set<number>()
    const listeners: Array<(line: string, at: number) => void> = []
    let stderr = ""
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)))
    const member: MemberProcess = {
      nodeId,
      pid: child.pid!,
      owned,
      onLine: (listener) => listeners.push(listener),
      kill: async (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal)
        await exited
      },
    }
    createInterface({ input: child.stdout }).on("line", (line) => {
      const at = performance.now()
      const [word, shard] = line.split(" ")
      if (word === "ready") resolve(member)
      else if (word === "gained") owned.add(Number(shard))
      else if (word === "lost") owned.delete(Number(shard))
      for (const listener of listeners) listener(line, at)
    })
    void exited.then(() => reject(new Error(`cluster member ${nodeId} exited before it was ready: ${stderr.trim()}`)))
  })
