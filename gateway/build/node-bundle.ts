/**
 * The node as plain JavaScript: gateway/main.ts and its two worker threads
 * (the read side, the export renderer) bundled by esbuild, every npm package
 * left external. A bundled node starts without tsx's loader in each of its
 * threads: on the 2-core VM of this workplace a start to "ready" took
 * 6.2-7.4 CPU-seconds bundled against 12.9 through tsx, and 555-574 MiB
 * resident against 706-754 MiB (same machine, same minutes).
 */
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises"
import { join, relative } from "node:path"
import { build } from "esbuild"
import { REPO_ROOT } from "../static/web-build.ts"

/**
 * Bundles live two levels below the root, as every source file does: the few
 * that find the root through import.meta.url (web-build.ts,
 * pglite-template.ts) find the same root from here.
 */
const DIST = join(REPO_ROOT, "dist")
/** `npm run build:node` builds here; `node dist/node/main.js` is `npm start` without tsx. */
export const NODE_BUNDLE_DIR = join(DIST, "node")
/** Names the main.js a process's children start (vitest's global setup sets it): see snapshotBundle. */
export const NODE_BUNDLE_VARIABLE = "STUDIO_NODE_BUNDLE"
const STAMP = ".studio-bundle.json"
/** The inputs of the last snapshot, to tell whether the sources still match one. */
const LAST_SNAPSHOT = join(DIST, ".last-node-snapshot.json")
const SNAPSHOTS_KEPT = 4

/** Output names are fixed: engine/bundled.ts's callers name the worker entries beside the bundle. */
const ENTRY_POINTS = {
  main: "gateway/main.ts",
  "read-side-worker": "gateway/read-side-worker.ts",
  "render-worker": "gateway/export/render-worker.ts",
}

interface Stamp {
  readonly inputs: readonly string[]
  readonly digest: string
}

const digestOf = async (inputs: readonly string[]) => {
  const hash = createHash("sha256")
  for (const input of inputs)
    hash
      .update(input)
      .update("\0")
      .update(await readFile(join(REPO_ROOT, input)).catch(() => Buffer.from("missing")))
      .update("\0")
  return hash.digest("hex")
}

const readStamp = (file: string) =>
  readFile(file, "utf8")
    .then((text) => JSON.parse(text) as Stamp)
    .catch(() => undefined)

/** Unchanged when every recorded input is: a change that adds an import changes a recorded file, so new files are seen too. */
const stillCurrent = async (stamp: Stamp | undefined) => stamp !== undefined && stamp.digest === (await digestOf(stamp.inputs))

const bundleInto = async (outDir: string): Promise<Stamp> => {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: outDir,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    metafile: true,
    logLevel: "error",
    define: { STUDIO_BUNDLED: "true" },
  })
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => relative(REPO_ROOT, join(REPO_ROOT, input)))
    .sort()
  const stamp: Stamp = { inputs, digest: await digestOf(inputs) }
  await writeFile(join(outDir, STAMP), JSON.stringify(stamp))
  return stamp
}

export interface BundleOutcome {
  readonly built: boolean
  readonly inputs: number
  readonly ms: number
  /** The bundled gateway/main.ts. */
  readonly main: string
}

/** `npm run build:node`: dist/node, rebuilt unless its stamp says the sources are unchanged. */
export const buildNodeBundle = async (options: { ifStale?: boolean } = {}): Promise<BundleOutcome> => {
  const started = performance.now()
  const main = join(NODE_BUNDLE_DIR, "main.js")
  const stamp = await readStamp(join(NODE_BUNDLE_DIR, STAMP))
  if (options.ifStale && (await stillCurrent(stamp))) return { built: false, inputs: stamp!.inputs.length, ms: performance.now() - started, main }
  await rm(NODE_BUNDLE_DIR, { recursive: true, force: true })
  const built = await bundleInto(NODE_BUNDLE_DIR)
  return { built: true, inputs: built.inputs.length, ms: performance.now() - started, main }
}

/**
 * A bundle of the sources as they are now, in a directory named by their
 * digest (dist/node-<digest>) that is never rewritten: test runs and benches
 * that overlap, or that start nodes while someone edits the sources, each
 * keep the bundle they started with. Made aside and renamed into place; the
 * oldest beyond the last few are deleted.
 */
export const snapshotBundle = async (): Promise<BundleOutcome> => {
  const started = performance.now()
  const last = await readStamp(LAST_SNAPSHOT)
  if (last && (await stillCurrent(last))) {
    const main = join(DIST, `node-${last.digest.slice(0, 16)}`, "main.js")
    if (existsSync(main)) return { built: false, inputs: last.inputs.length, ms: performance.now() - started, main }
  }
  const aside = join(DIST, `.node-building-${process.pid}-${Math.random().toString(36).slice(2)}`)
  const stamp = await bundleInto(aside)
  const dir = join(DIST, `node-${stamp.digest.slice(0, 16)}`)
  // Another run may have made the same snapshot meanwhile: either copy is the same code.
  await rename(aside, dir).catch(() => rm(aside, { recursive: true, force: true }))
  await writeFile(`${LAST_SNAPSHOT}.${process.pid}`, JSON.stringify(stamp))
  await rename(`${LAST_SNAPSHOT}.${process.pid}`, LAST_SNAPSHOT)
  await pruneSnapshots()
  return { built: true, inputs: stamp.inputs.length, ms: performance.now() - started, main: join(dir, "main.js") }
}

const pruneSnapshots = async () => {
  const names = (await readdir(DIST)).filter((name) => /^node-[0-9a-f]{16}$/.test(name))
  const dated = await Promise.all(names.map(async (name) => ({ name, at: (await stat(join(DIST, name))).mtimeMs })))
  for (const old of dated.sort((a, b) => b.at - a.at).slice(SNAPSHOTS_KEPT)) await rm(join(DIST, old.name), { recursive: true, force: true })
}
