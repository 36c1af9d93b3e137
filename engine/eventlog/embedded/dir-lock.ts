/**
 * One process per log directory. The lock file holds the owner's pid, host
 * and process start time; it is published with link(2), which fails when the
 * file exists, so it never appears half-written. A lock left by a process
 * that died (SIGKILL, power loss) is recognised as stale and taken over.
 */
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises"
import { readFileSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import { LogUnavailable } from "../../errors.ts"

interface LockOwner {
  readonly pid: number
  readonly host: string
  /** Start time of the process (Linux clock ticks since boot), to tell a reused pid apart. */
  readonly started: string | null
}

export interface DirLock {
  release(): Promise<void>
}

const startTimeOf = (pid: number): string | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    // Fields after the command name, which may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null
  } catch {
    return null
  }
}

const isRunning = (owner: LockOwner): boolean => {
  if (owner.host !== hostname()) return true // cannot check another machine: assume it is alive
  if (owner.pid === process.pid) return true
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
  const started = startTimeOf(owner.pid)
  return owner.started === null || started === null || started === owner.started
}

const parseOwner = (text: string): LockOwner | undefined => {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>
    if (typeof value.pid === "number" && typeof value.host === "string") return { pid: value.pid, host: value.host, started: value.started ?? null }
  } catch {
    // unreadable: treated as stale below
  }
  return undefined
}

const inUse = (dir: string, path: string, owner: LockOwner) =>
  new LogUnavailable({
    message: `event log ${dir} is already open in process ${owner.pid} on ${owner.host} (lock file ${path}); stop that process first, or delete the lock file if no process uses the log`,
  })

export const acquireDirLock = async (dir: string): Promise<DirLock> => {
  const path = join(dir, "LOCK")
  const me: LockOwner = { pid: process.pid, host: hostname(), started: startTimeOf(process.pid) }
  const mine = JSON.stringify(me)
  const draft = `${path}.${process.pid}.${Date.now()}.tmp`
  await writeFile(draft, mine)
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(draft, path)
        return { release: () => releaseLock(path, mine) }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      }
      const text = await readFile(path, "utf8").catch(() => undefined)
      if (text === undefined) continue
      const owner = parseOwner(text)
      if (owner && isRunning(owner)) throw inUse(dir, path, owner)
      // Stale: move it aside atomically; if what we moved is no longer what we judged, someone else won.
      const aside = `${path}.${process.pid}.stale`
      try {
        await rename(path, aside)
      } catch {
        continue
      }
      const moved = await readFile(aside, "utf8").catch(() => undefined)
      if (moved !== text) {
        await link(aside, path).catch(() => undefined)
        await unlink(aside).catch(() => undefined)
        throw new LogUnavailable({ message: `event log ${dir} is being opened by another process at the same time (lock file ${path})` })
      }
      await unlink(aside)
    }
    throw new LogUnavailable({ message: `could not take the lock file ${path}; delete it if no process uses the log` })
  } finally {
    await unlink(draft).catch(() => undefined)
  }
}

const releaseLock = async (path: string, mine: string): Promise<void> => {
  const text = await readFile(path, "utf8").catch(() => undefined)
  if (text === mine) await unlink(path)
}
