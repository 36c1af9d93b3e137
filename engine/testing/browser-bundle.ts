/**
 * Bundles an actor's modules for the browser the way the web apps do
 * (esbuild, minified, tree-shaken) and reports what went in, so a test can
 * prove the browser's share of a domain (its `evolve`, its rules) stays
 * free of Effect and of every schema module.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { build } from "esbuild"

const root = fileURLToPath(new URL("../..", import.meta.url))

/** A value import of effect (not `import type`), the way a schema module starts. */
const IMPORTS_EFFECT = /^import (?!type )[^\n]*from "effect(\/[^"]*)?"/m

export interface BrowserBundle {
  /** Repository-relative paths of every module bundled. */
  readonly inputs: readonly string[]
  /** Of those, the ones that import effect as a value: schema modules that should not be there. */
  readonly schemaModules: readonly string[]
  readonly code: string
  readonly bytes: number
  readonly gzippedBytes: number
}

/** Bundles `contents` (an entry written as source, resolved from `resolveDir`). */
export const bundleForBrowser = async (contents: string, resolveDir: string): Promise<BrowserBundle> => {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile: "browser-entry.ts", loader: "ts" },
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  })
  const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.endsWith("browser-entry.ts"))
  const bytes = result.outputFiles[0]!.contents
  return {
    inputs,
    schemaModules: inputs.filter((path) => !path.includes("node_modules/") && IMPORTS_EFFECT.test(readFileSync(join(root, path), "utf8"))),
    code: new TextDecoder().decode(bytes),
    bytes: bytes.byteLength,
    gzippedBytes: gzipSync(bytes, { level: 9 }).byteLength,
  }
}
