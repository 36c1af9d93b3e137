/**
 * Bundles the crash child into one file before the rounds start. Twenty
 * children each loading effect's ~150 modules through tsx would spend most of
 * the test starting up; the bundle holds only what the child uses and starts
 * in a fraction of the time.
 */
import { build } from "esbuild"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { JETSTREAM_MODULE } from "./open-crash-log.ts"

export interface ChildBundle {
  readonly path: string
  remove(): Promise<void>
}

export const bundleCrashChild = async (log: "embedded" | "jetstream"): Promise<ChildBundle> => {
  const here = import.meta.dirname
  const writer = JSON.stringify(join(here, "crash-writer.ts"))
  const entry =
    log === "jetstream"
      ? `import { runCrashChild } from ${writer}\nimport { openJetStreamLog } from ${JSON.stringify(resolve(here, JETSTREAM_MODULE))}\nawait runCrashChild(openJetStreamLog)\n`
      : `import { runCrashChild } from ${writer}\nawait runCrashChild()\n`
  const dir = await mkdtemp(join(tmpdir(), "studio-crash-child-"))
  const path = join(dir, "crash-child.mjs")
  await build({
    stdin: { contents: entry, resolveDir: here, loader: "ts", sourcefile: "crash-child-entry.ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: path,
    // Native add-ons and the unused JetStream import stay out; msgpackr falls back to its JS codec.
    external: ["msgpackr-extract", ...(log === "embedded" ? [JETSTREAM_MODULE] : [])],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: "error",
  })
  return { path, remove: () => rm(dir, { recursive: true, force: true }) }
}
