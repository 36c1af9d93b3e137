/**
 * The arguments a test gives `process.execPath` to start a node as
 * `npm run start:built` does, from the bundle vitest's global setup made for
 * this run (bundle-setup.ts): half the CPU of a start through tsx
 * (gateway/build/node-bundle.ts), and the suite starts dozens.
 * gateway/main-readiness.test.ts starts one through tsx, as `npm start` does.
 * Each node ends itself when the test process that started it is gone.
 */
import { NODE_BUNDLE_VARIABLE } from "../build/node-bundle.ts"

const bundle = process.env[NODE_BUNDLE_VARIABLE]
if (!bundle) throw new Error(`${NODE_BUNDLE_VARIABLE} is not set: run the tests through vitest, whose global setup bundles the node`)

const exitWithParent = new URL("./exit-with-parent.cjs", import.meta.url).pathname

export const NODE_ARGS: readonly string[] = ["--enable-source-maps", "--require", exitWithParent, bundle]
