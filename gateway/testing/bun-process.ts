/**
 * Runs a script under Bun from a vitest test (vitest itself runs on Node).
 * Bun is a devDependency; without it, tests on Bun skip with a message on a
 * developer's machine and fail under CI, so a CI run never passes them by
 * silently leaving them out.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync } from "node:fs"

const root = new URL("../..", import.meta.url).pathname

/** node_modules/.bin/bun, or BUN_BINARY when set. */
export const bunBinary = (): string | undefined => {
  const candidate = process.env["BUN_BINARY"] || `${root}node_modules/.bin/bun`
  return existsSync(candidate) ? candidate : undefined
}

export const bunMissing = `bun not found (${process.env["BUN_BINARY"] || "node_modules/.bin/bun"}): run npm install (bun is a devDependency) or set BUN_BINARY`

/** Whether tests on Bun should be left out here: only when bun is missing and this is not CI. */
export const skipWithoutBun = (): boolean => {
  if (bunBinary()) return false
  if (process.env["CI"]) return false
  console.warn(`skipping the tests on Bun: ${bunMissing}`)
  return true
}

export interface BunProcess {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
  /** Resolves with the first match of `line` in the output; rejects if the process exits or `timeoutMs` passes first. */
  waitFor(line: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
}

export const startBun = (args: readonly string[], env: Record<string, string>): BunProcess => {
  const bun = bunBinary()
  // Reached only in CI without bun (skipWithoutBun lets the tests run there): fail loudly.
  if (!bun) throw new Error(bunMissing)
  let output = ""
  const child = spawn(bun, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
  child.stdout!.on("data", (chunk) => (output += chunk))
  child.stderr!.on("data", (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const waitFor = async (line: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const match = output.match(line)
      if (match) return match
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `bun ${args.join(" ")}: no ${line} ${child.exitCode !== null ? `(exited ${child.exitCode})` : `within ${timeoutMs} ms`}; output:\n${output}`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return { child, output: () => output, exited, waitFor }
}
