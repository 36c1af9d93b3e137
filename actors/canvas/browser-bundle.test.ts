/**
 * Guards the fold the browser shares with the server: web/src/canvas folds
 * a canvas with this actor's own `evolve` and asks its own access rules what
 * a member may do, and that must not drag Effect or any schema into the
 * canvas's chunk. The values they need live in schema-free modules
 * (limits.ts, evolve.ts, rules.ts, versions.ts, ../shared-values.ts).
 */
import { fileURLToPath } from "node:url"
import { expect, it } from "vitest"
import { bundleForBrowser } from "../../engine/testing/browser-bundle.ts"

/** Measured at 1.9 KB when written; Effect alone would be over 60 KB. */
const MAX_GZIPPED_BYTES = 5 * 1024

it("the canvas's evolve, initialState and access rules bundle for the browser without Effect or schemas, under 5 KB gzipped", async () => {
  const bundle = await bundleForBrowser(
    'export { evolve } from "./evolve.ts"\nexport { initialState } from "./state.ts"\nexport * from "./rules.ts"\nexport * from "./limits.ts"\n',
    fileURLToPath(new URL(".", import.meta.url)),
  )
  expect(bundle.inputs.filter((path) => path.includes("node_modules/"))).toEqual([])
  // evolve's last branch is engine/actor-kind.ts's unknownEvent: schema-free, as the session's fold has it too.
  expect(bundle.inputs.filter((path) => path.startsWith("engine/")).sort()).toEqual(["engine/actor-kind.ts"])
  // Every module on the path is schema-free: a new value import from a schema module shows up here by name.
  expect(bundle.schemaModules).toEqual([])
  expect(bundle.code).not.toMatch(/effect\/|SchemaAST|ParseIssue|Effect\.gen|Schema\./)
  console.log(
    `canvas fold (evolve, initialState, rules): ${(bundle.bytes / 1024).toFixed(1)} KB minified, ${(bundle.gzippedBytes / 1024).toFixed(1)} KB gzipped`,
  )
  expect(bundle.gzippedBytes).toBeLessThan(MAX_GZIPPED_BYTES)
})
