/**
 * Guards the participant app's budget (80 KB gzipped for everything before
 * the join page is interactive): the client module bundles for the browser
 * without Effect (gateway/protocol.ts's schemas stay on the server side of
 * protocol-codec.ts) and without engine code, and stays small.
 */
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { build } from "esbuild"
import { expect, it } from "vitest"

const ENTRY = fileURLToPath(new URL("../src/client/index.ts", import.meta.url))
/** Measured at 20.9 KB when written (msgpackr is about 13 KB of it); the budget leaves room for the screens. */
const MAX_GZIPPED_BYTES = 25 * 1024

it("the client module bundles for the browser without Effect or engine code, under 25 KB gzipped", async () => {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  })
  const inputs = Object.keys(result.metafile.inputs)
  expect(inputs.filter((path) => /node_modules\/effect\/|(^|\/)engine\//.test(path))).toEqual([])
  expect(inputs.filter((path) => path.startsWith("gateway/")).sort()).toEqual(["gateway/msgpack-depth.ts", "gateway/protocol-codec.ts"])
  const code = result.outputFiles[0]!.contents
  const text = new TextDecoder().decode(code)
  expect(text).not.toMatch(/effect\/|SchemaAST|ParseIssue|Effect\.gen/)
  const gzipped = gzipSync(code, { level: 9 }).byteLength
  console.log(`web/src/client bundle: ${(code.byteLength / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB gzipped`)
  expect(gzipped).toBeLessThan(MAX_GZIPPED_BYTES)
})
