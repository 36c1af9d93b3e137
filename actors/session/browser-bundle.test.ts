/**
 * Guards the fold the browser shares with the server: web/src folds a
 * session with this actor's own `evolve` from `initialState` (so client and
 * server never disagree), and that must not drag Effect or any schema into
 * the participant app's 80 KB budget. The values the fold needs live in
 * schema-free modules (limits.ts, powers.ts, ../journey/phases.ts,
 * ../cards/licence.ts, ../shared-values.ts); protocol*.ts re-exports them.
 */
import { fileURLToPath } from "node:url"
import { expect, it } from "vitest"
import { bundleForBrowser } from "../../engine/testing/browser-bundle.ts"

/** Measured at 1.8 KB when written; Effect alone would be over 60 KB. */
const MAX_GZIPPED_BYTES = 5 * 1024

it("the session's evolve and initialState bundle for the browser without Effect or schemas, under 5 KB gzipped", async () => {
  const bundle = await bundleForBrowser(
    'export { evolve } from "./decider.ts"\nexport { initialState } from "./state.ts"\n',
    fileURLToPath(new URL(".", import.meta.url)),
  )
  expect(bundle.inputs.filter((path) => path.includes("node_modules/"))).toEqual([])
  expect(bundle.inputs.filter((path) => path.startsWith("engine/")).sort()).toEqual(["engine/actor-kind.ts", "engine/random.ts"])
  // Every module on the path is schema-free: a new value import from a schema module shows up here by name.
  expect(bundle.schemaModules).toEqual([])
  expect(bundle.code).not.toMatch(/effect\/|SchemaAST|ParseIssue|Effect\.gen|Schema\./)
  console.log(
    `session fold (evolve + initialState): ${(bundle.bytes / 1024).toFixed(1)} KB minified, ${(bundle.gzippedBytes / 1024).toFixed(1)} KB gzipped`,
  )
  expect(bundle.gzippedBytes).toBeLessThan(MAX_GZIPPED_BYTES)
})
