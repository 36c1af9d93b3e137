/**
 * Guards the fold the browser shares with the server: web/src/canvas folds
 * a canvas with this actor's own `evolve` and asks its own access rules what
 * a member may do, and that must not drag Effect or any schema into the
 * canvas's chunk. The values they need live in schema-free modules
 * (limits.ts, evolve.ts, rules.ts, versions.ts, ../shared-values.ts).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { build } from "esbuild"
import { expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
/** Measured at 1.9 KB when written; Effect alone would be over 60 KB. */
const MAX_GZIPPED_BYTES = 5 * 1024

/** A value import of effect (not `import type`), the way a schema module starts. */
const IMPORTS_EFFECT = /^import (?!type )[^\n]*from "effect(\/[^"]*)?"/m

it("the canvas's evolve, initialState and access rules bundle for the browser without Effect or schemas, under 5 KB gzipped", async () => {
  const result = await build({
    stdin: {
      contents: 'export { evolve } from "./evolve.ts"\nexport { initialState } from "./state.ts"\nexport * from "./rules.ts"\nexport * from "./limits.ts"\n',
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      sourcefile: "fold-entry.ts",
      loader: "ts",
    },
    absWorkingDir: root,
    bundle: true, platform: "browser", format: "esm", target: "es2022",
    minify: true, treeShaking: true, write: false, metafile: true, logLevel: "silent",
  })
  const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.endsWith("fold-entry.ts"))
  expect(inputs.filter((path) => path.includes("node_modules/"))).toEqual([])
  expect(inputs.filter((path) => path.startsWith("engine/"))).toEqual([])
  // Every module on the path is schema-free: a new value import from a schema module shows up here by name.
  expect(inputs.filter((path) => IMPORTS_EFFECT.test(readFileSync(join(root, path), "utf8")))).toEqual([])
  const code = result.outputFiles[0]!.contents
  expect(new TextDecoder().decode(code)).not.toMatch(/effect\/|SchemaAST|ParseIssue|Effect\.gen|Schema\./)
  const gzipped = gzipSync(code, { level: 9 }).byteLength
  console.log(`canvas fold (evolve, initialState, rules): ${(code.byteLength / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB gzipped`)
  expect(gzipped).toBeLessThan(MAX_GZIPPED_BYTES)
})
