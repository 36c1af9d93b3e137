/**
 * Whether the built web apps are current, and building them: `npm install`
 * (postinstall), `npm run build:web` and `npm start` all come through here
 * (build-web.ts is the command line).
 *
 * Freshness is a content hash, never file times (a clone, a checkout or a
 * copy sets those at random): a build writes a stamp (`.studio-build.json`
 * in the build directory) with the SHA-256 over
 * - web/src/**, web/public/**, web/*.html, web/vite.config.ts, web/tsconfig.json;
 * - every other file of the repository the bundle was made from (Vite's
 *   module graph, e.g. gateway/protocol.ts), recorded in the stamp;
 * - the versions package-lock.json gives the bundled packages and the build
 *   toolchain (vite, rolldown, the Solid compiler, the compression plugin).
 * A build is current when the same hash comes out today: a few hundred small
 * files, a few milliseconds.
 *
 * A build goes to a fresh directory beside the target and replaces it by
 * renaming, under a lock file, so processes starting at once (tests spawn
 * several nodes) build once and never serve a half-written directory.
 */
import { spawn } from "node:child_process"
import { createHash, randomUUID } from "node:crypto"
import { existsSync } from "node:fs"
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import type { Plugin } from "vite"
import { bundled } from "../../engine/bundled.ts"

/** The repository this file is in (its web/ is the one built). */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url))
export const STAMP_FILE = ".studio-build.json"
const STAMP_VERSION = 1
/** The command line that builds (npm run build:web, postinstall, and npm start through a child process). */
export const BUILD_SCRIPT = join(REPO_ROOT, "gateway", "static", "build-web.ts")

/** Packages whose version changes the output whatever the sources say. */
const TOOLCHAIN = [
  "vite",
  "rolldown",
  "vite-plugin-solid",
  "babel-preset-solid",
  "babel-plugin-jsx-dom-expressions",
  "vite-plugin-compression2",
  "solid-js",
  "vite-plugin-pwa",
  "workbox-build",
]

export interface WebBuildPaths {
  /** The repository root: recorded inputs are relative to it, and package-lock.json is here. */
  readonly root: string
  readonly webRoot: string
  readonly configFile: string
  /** Where the apps are built and served from. */
  readonly outDir: string
  /** Whether outDir is the default web/dist (a chosen STUDIO_WEB_DIR is built only if empty or ours). */
  readonly isDefaultOutDir: boolean
}

export const webBuildPaths = (outDir?: string, root = REPO_ROOT): WebBuildPaths => {
  const defaultOut = join(root, "web", "dist")
  const out = outDir ? resolve(outDir) : defaultOut
  return {
    root,
    webRoot: join(root, "web"),
    configFile: join(root, "web", "vite.config.ts"),
    outDir: out,
    isDefaultOutDir: out === resolve(defaultOut),
  }
}

interface Stamp {
  readonly version: number
  readonly digest: string
  /** Repository files outside the fixed set the last bundle was made from. */
  readonly inputs: readonly string[]
  /** package-lock keys (`node_modules/<name>`) of the packages bundled. */
  readonly packages: readonly string[]
  readonly builtAt: string
}

const posix = (path: string) => path.split(sep).join("/")

/** Whether a repository path is one of the sources always hashed. */
const isFixedSource = (path: string): boolean =>
  path.startsWith("web/src/") ||
  path.startsWith("web/public/") ||
  /^web\/[^/]+\.html$/.test(path) ||
  path === "web/vite.config.ts" ||
  path === "web/tsconfig.json"

const walk = async (root: string, dir: string): Promise<string[]> => {
  let entries
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true })
  } catch {
    return []
  }
  const files: string[] = []
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) files.push(...(await walk(root, path)))
    else if (entry.isFile()) files.push(path)
  }
  return files
}

/** The always-hashed sources that exist now, as repository paths. */
const fixedSources = async (paths: WebBuildPaths): Promise<string[]> => {
  const top = (await readdir(paths.webRoot, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile())
    .map((entry) => `web/${entry.name}`)
  return [...top.filter(isFixedSource), ...(await walk(paths.root, "web/src")), ...(await walk(paths.root, "web/public"))]
}

type Entries = Map<string, string>

const hashFiles = async (root: string, files: Iterable<string>, into: Entries = new Map()): Promise<Entries> => {
  await Promise.all(
    [...files].map(async (file) => {
      const content = await readFile(join(root, file)).catch(() => undefined)
      into.set(file, content ? createHash("sha256").update(content).digest("hex") : "missing")
    }),
  )
  return into
}

const lockedVersions = async (root: string, keys: Iterable<string>): Promise<Entries> => {
  let lock: { packages?: Record<string, { version?: string }> } = {}
  try {
    lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")) as typeof lock
  } catch {
    // No lock file: versions count as unknown, which is stable.
  }
  return new Map([...keys].map((key) => [key, lock.packages?.[key]?.version ?? "unknown"]))
}

const digestOf = (files: Entries, versions: Entries): string => {
  const hash = createHash("sha256").update(`studio web build v${STAMP_VERSION}\n`)
  for (const file of [...files.keys()].sort()) hash.update(`${file} ${files.get(file)}\n`)
  for (const key of [...versions.keys()].sort()) hash.update(`${key}@${versions.get(key)}\n`)
  return hash.digest("hex")
}

const toolchainKeys = (packages: readonly string[]) => new Set([...TOOLCHAIN.map((name) => `node_modules/${name}`), ...packages])

/** The hash a build of today's sources would be stamped with, given what the last one was made from. */
export const currentDigest = async (
  paths: WebBuildPaths,
  last: Pick<Stamp, "inputs" | "packages"> = { inputs: [], packages: [] },
): Promise<string> => {
  const files = await hashFiles(paths.root, [...(await fixedSources(paths)), ...last.inputs])
  return digestOf(files, await lockedVersions(paths.root, toolchainKeys(last.packages)))
}

const readStamp = async (outDir: string): Promise<Stamp | undefined> => {
  try {
    const stamp = JSON.parse(await readFile(join(outDir, STAMP_FILE), "utf8")) as Stamp
    return stamp.version === STAMP_VERSION && typeof stamp.digest === "string" && Array.isArray(stamp.inputs) && Array.isArray(stamp.packages)
      ? stamp
      : undefined
  } catch {
    return undefined
  }
}

export type WebBuildState =
  | { readonly fresh: true }
  /** `missing`: no build; `unstamped`: a build not made here (e.g. `vite build` by hand); `stale`: sources changed since. */
  | { readonly fresh: false; readonly why: "missing" | "unstamped" | "stale" }

export const checkWebBuild = async (paths: WebBuildPaths): Promise<WebBuildState> => {
  if (!existsSync(join(paths.outDir, "index.html")) || !existsSync(join(paths.outDir, "join.html"))) return { fresh: false, why: "missing" }
  const stamp = await readStamp(paths.outDir)
  if (!stamp) return { fresh: false, why: "unstamped" }
  return (await currentDigest(paths, stamp)) === stamp.digest ? { fresh: true } : { fresh: false, why: "stale" }
}

/** The package-lock key of the package a node_modules path is in. */
const packageKeyOf = (path: string): string => {
  const parts = path.split("/")
  const at = parts.lastIndexOf("node_modules")
  const name = parts[at + 1]?.startsWith("@") ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2)
  return [...parts.slice(0, at + 1), ...name].join("/")
}

/** Splits Vite's module ids into repository files beyond the fixed set, and bundled packages. */
export const inputsOf = (ids: Iterable<string>, root: string): { inputs: string[]; packages: string[] } => {
  const inputs = new Set<string>()
  const packages = new Set<string>()
  for (const id of ids) {
    if (id.startsWith("\0")) continue
    const file = id.split("?")[0]!
    if (!isAbsolute(file)) continue
    const path = posix(relative(root, file))
    if (path.startsWith("../") || path === "..") continue
    if (path.startsWith("node_modules/") || path.includes("/node_modules/")) packages.add(packageKeyOf(path))
    else if (!isFixedSource(path)) inputs.add(path)
  }
  return { inputs: [...inputs].sort(), packages: [...packages].sort() }
}

/** A directory beside `dir`, on the same file system, so a rename replaces it at once. */
const beside = (dir: string, what: string) => join(dirname(dir), `.${basename(dir)}-${what}`)

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const LOCK_PATIENCE_MS = 10 * 60_000

/** Runs `work` holding the build lock beside the build directory; waits while a live process holds it, takes over from a dead one. */
const withBuildLock = async <T>(outDir: string, onWait: (pid: number) => void, work: () => Promise<T>): Promise<T> => {
  const lock = beside(outDir, "build.lock")
  const mine = `${lock}.${process.pid}.${randomUUID()}`
  await mkdir(dirname(outDir), { recursive: true })
  // Written whole, then linked into place: the lock never exists without the holder's pid in it.
  await writeFile(mine, String(process.pid))
  const deadline = Date.now() + LOCK_PATIENCE_MS
  let told = false
  try {
    for (;;) {
      try {
        await link(mine, lock)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      }
      const holder = Number((await readFile(lock, "utf8").catch(() => "")).trim())
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        // The holder died mid-build; take its lock over unless someone just did.
        if ((await readFile(lock, "utf8").catch(() => "")).trim() === String(holder || "")) await rm(lock, { force: true })
        continue
      }
      if (!told) onWait(holder)
      told = true
      if (Date.now() > deadline)
        throw new Error(
          `process ${holder} has held ${lock} for ${LOCK_PATIENCE_MS / 60_000} minutes; remove the file if that process is not building the web apps`,
        )
      await new Promise((done) => setTimeout(done, 200))
    }
  } finally {
    await rm(mine, { force: true })
  }
  try {
    return await work()
  } finally {
    await rm(lock, { force: true })
  }
}

export interface BuildOptions {
  /** Vite's log level (default `warn`). */
  readonly logLevel?: "info" | "warn" | "error" | "silent"
  /** Build only when the current build is missing, unstamped or stale (checked again once the lock is held). */
  readonly ifStale?: boolean
  readonly onWait?: (pid: number) => void
}

/** Builds the web apps with Vite's build() API and the config file, then stamps and swaps them in. */
export const buildWeb = async (paths: WebBuildPaths, options: BuildOptions = {}): Promise<{ readonly built: boolean; readonly ms: number }> =>
  withBuildLock(paths.outDir, options.onWait ?? (() => undefined), async () => {
    if (options.ifStale && (await checkWebBuild(paths)).fresh) return { built: false, ms: 0 }
    const started = performance.now()
    // Hashed before building: a source edited during the build leaves the stamp stale, not falsely fresh.
    const fixed = await hashFiles(paths.root, await fixedSources(paths))
    const next = beside(paths.outDir, `next-${process.pid}`)
    await rm(next, { recursive: true, force: true })
    const ids = new Set<string>()
    const recordInputs: Plugin = {
      name: "studio:build-inputs",
      buildEnd() {
        for (const id of this.getModuleIds()) ids.add(id)
      },
    }
    const { build } = await import("vite")
    const nodeEnv = process.env["NODE_ENV"]
    try {
      await build({
        configFile: paths.configFile,
        logLevel: options.logLevel ?? "warn",
        build: { outDir: next, emptyOutDir: true },
        plugins: [recordInputs],
      })
    } catch (error) {
      await rm(next, { recursive: true, force: true })
      throw error
    } finally {
      // Vite sets NODE_ENV=production for the build; the calling process keeps its own.
      if (nodeEnv === undefined) delete process.env["NODE_ENV"]
      else process.env["NODE_ENV"] = nodeEnv
    }
    const { inputs, packages } = inputsOf(ids, paths.root)
    const files = await hashFiles(paths.root, inputs, fixed)
    const stamp: Stamp = {
      version: STAMP_VERSION,
      digest: digestOf(files, await lockedVersions(paths.root, toolchainKeys(packages))),
      inputs,
      packages,
      builtAt: new Date().toISOString(),
    }
    await writeFile(join(next, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`)
    const old = beside(paths.outDir, `old-${process.pid}`)
    await rm(old, { recursive: true, force: true })
    await rename(paths.outDir, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error
    })
    await rename(next, paths.outDir)
    await rm(old, { recursive: true, force: true })
    return { built: true, ms: performance.now() - started }
  })

const isEmptyOrMissing = async (dir: string): Promise<boolean> => {
  try {
    return (await readdir(dir)).length === 0
  } catch {
    return true
  }
}

const display = (paths: WebBuildPaths) => {
  const path = relative(process.cwd(), paths.outDir)
  return path && !path.startsWith("..") ? path : paths.outDir
}

/**
 * What `npm start` does before it listens: nothing when the build is
 * current; otherwise one line, and a build in a child process (Vite's
 * build() API in build-web.ts: the bundler's memory and its changes to the
 * environment stay out of the node). A build that fails is one more line,
 * and the node starts anyway, serving the previous build or a 503 page that
 * says how to build (never a stale page passed off as current without a
 * word). A chosen STUDIO_WEB_DIR that holds files not built here is served
 * as it is, never emptied.
 */
export const prepareWebApps = async (
  paths: WebBuildPaths,
  say: (line: string) => void,
  /** How to run build-web.ts (default: this process's runtime with its flags, e.g. tsx's loader; a bundled node has none, so tsx). */
  runner: readonly string[] = bundled ? [process.execPath, "--import", "tsx"] : [process.execPath, ...process.execArgv],
): Promise<void> => {
  // A deployment may carry only the built files: serve them as they are.
  if (!existsSync(paths.configFile)) return
  const state = await checkWebBuild(paths)
  if (state.fresh) return
  if (!paths.isDefaultOutDir && !(await isEmptyOrMissing(paths.outDir)) && !(await readStamp(paths.outDir))) {
    say(`web apps: STUDIO_WEB_DIR ${paths.outDir} was not built by Studio (no ${STAMP_FILE}); serving it as it is`)
    return
  }
  const why = state.why === "missing" ? "are missing" : state.why === "stale" ? "are older than their sources" : "carry no build stamp"
  say(`web apps in ${display(paths)} ${why}: building them (a few seconds)`)
  const outcome = await new Promise<{ code: number | null; output: string }>((done) => {
    let output = ""
    const [command, ...flags] = runner
    const child = spawn(command!, [...flags, BUILD_SCRIPT, "--if-stale", "--quiet", "--out", paths.outDir, "--root", paths.root], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    })
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.on("error", (error) => done({ code: -1, output: `${output}\n${error.message}` }))
    child.on("exit", (code) => done({ code, output }))
  })
  if (outcome.code === 0) return
  // build-web.ts --quiet says why in one line; a crash of the runtime ends with a stack, whose error line is the one to show.
  const lines = outcome.output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
  const reason = lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? `exit ${outcome.code}`
  const serving = existsSync(join(paths.outDir, "index.html")) ? "serving the previous build" : "/ answers 503 until they are built"
  say(`web apps: the build failed (${reason}); ${serving}; run \`npm run build:web\` to see the whole error`)
}
