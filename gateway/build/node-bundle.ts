/**
 * The node as plain JavaScript: gateway/main.ts and its two worker threads
 * (the read side, the export renderer) bundled by esbuild into dist/node,
 * every npm package left external. A bundled node starts without tsx's
 * loader in each of its threads: on the 2-core VM of this workplace a start
 * to "ready" took 6.2-7.4 CPU-seconds bundled against 12.9 through tsx, and
 * 555-574 MiB resident against 706-754 MiB (same machine, same minutes).
 */
import { createHash } from "node:crypto"
import { readFile, rm, writeFile } from "node:fs/promises"
import { join, relative } from "node:path"
import { build } from "esbuild"
import { REPO_ROOT } from "../static/web-build.ts"

/**
 * Two levels below the root, as every source file is: the few that find the
 * root through import.meta.url (web-build.ts, pglite-template.ts) find the
 * same root from here.
 */
export const NODE_BUNDLE_DIR = join(REPO_ROOT, "dist", "node")
/** The bundled `gateway/main.ts`: `node dist/node/main.js` is `npm start` without tsx. */
export const NODE_BUNDLE_MAIN = join(NODE_BUNDLE_DIR, "main.js")
const STAMP = ".studio-bundle.json"

/** Output names are fixed: engine/bundled.ts's callers name the worker entries beside the bundle. */
const ENTRY_POINTS = {
  main: "gateway/main.ts",
  "read-side-worker": "projections/read-side/worker.ts",
  "render-worker": "gateway/export/render-worker.ts",
}

interface Stamp {
  readonly inputs: readonly string[]
  readonly digest: string
}

const digestOf = async (root: string, inputs: readonly string[]) => {
  const hash = createHash("sha256")
  for (const input of inputs) hash.update(input).update("\0").update(await readFile(join(root, input)).catch(() => Buffer.from("missing"))).update("\0")
  return hash.digest("hex")
}

export interface BundleOutcome {
  readonly built: boolean
  readonly inputs: number
  readonly ms: number
}

/**
 * Builds dist/node unless the stamp says every source it was built from is
 * unchanged (a changed file that adds an import changes a recorded input, so
 * new files are seen too).
 */
export const buildNodeBundle = async (options: { ifStale?: boolean; outDir?: string; root?: string } = {}): Promise<BundleOutcome> => {
  const started = performance.now()
  const root = options.root ?? REPO_ROOT
  const outDir = options.outDir ?? NODE_BUNDLE_DIR
  if (options.ifStale) {
    const stamp = await readFile(join(outDir, STAMP), "utf8").then((text) => JSON.parse(text) as Stamp).catch(() => undefined)
    if (stamp && stamp.digest === (await digestOf(root, stamp.inputs))) return { built: false, inputs: stamp.inputs.length, ms: performance.now() - started }
  }
  await rm(outDir, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: root,
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
  const inputs = Object.keys(result.metafile.inputs).map((input) => relative(root, join(root, input))).sort()
  const stamp: Stamp = { inputs, digest: await digestOf(root, inputs) }
  await writeFile(join(outDir, STAMP), JSON.stringify(stamp))
  return { built: true, inputs: inputs.length, ms: performance.now() - started }
}
