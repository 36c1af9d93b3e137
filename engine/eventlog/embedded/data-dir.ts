/**
 * Checks at open that the log directory exists (creating it) and takes
 * writes, so a bad STUDIO_DATA_DIR fails at start in one line that says how
 * to fix it, instead of at the first append.
 */
import { mkdir, stat, unlink, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import { ConfigError } from "../../errors.ts"

const FIX = "Set STUDIO_DATA_DIR to a directory this process can create and write (the event log lives in its log/ folder)"

const problemOf = (dir: string, action: string, error: NodeJS.ErrnoException): string => {
  switch (error.code) {
    case "ENOTDIR":
      return `cannot ${action} ${dir}: part of that path is a regular file, not a directory`
    case "EACCES":
    case "EPERM":
      return `cannot ${action} ${dir}: permission denied`
    case "EROFS":
      return `cannot ${action} ${dir}: the file system is read-only`
    case "ENOSPC":
      return `cannot ${action} ${dir}: the disk is full`
    case "EEXIST":
      return `cannot ${action} ${dir}: a file with that name exists and is not a directory`
    case "ENOENT":
      return `cannot ${action} ${dir}: the file system refuses to create it there (ENOENT)`
    default:
      return `cannot ${action} ${dir} (${error.code ?? error.message})`
  }
}

export const configErrorFor = (dir: string, action: string, error: unknown): ConfigError =>
  new ConfigError({ variable: "STUDIO_DATA_DIR", problem: problemOf(dir, action, error as NodeJS.ErrnoException), fix: FIX })

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code })

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir spins forever on
 * file systems such as /proc that answer ENOENT for a parent that exists.
 */
const makeDirectories = async (dir: string): Promise<void> => {
  const missing: string[] = []
  let path = dir
  for (;;) {
    const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined
      throw error
    })
    if (found) {
      if (!found.isDirectory()) throw errno(path === dir ? "EEXIST" : "ENOTDIR")
      break
    }
    missing.push(path)
    const parent = dirname(path)
    if (parent === path) break
    path = parent
  }
  for (const level of missing.reverse()) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error
    })
  }
}

export const ensureWritableDirectory = async (dir: string): Promise<void> => {
  try {
    await makeDirectories(dir)
  } catch (error) {
    throw configErrorFor(dir, "create the event log directory", error)
  }
  const probe = join(dir, `.write-probe-${process.pid}`)
  try {
    await writeFile(probe, "")
    await unlink(probe)
  } catch (error) {
    throw configErrorFor(dir, "write in the event log directory", error)
  }
}
