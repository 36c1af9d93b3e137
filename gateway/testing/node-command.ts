/**
 * The arguments a test gives `process.execPath` to start a node as
 * `npm run start:built` does: the bundle in dist/node, which vitest's global
 * setup (bundle-setup.ts) keeps current. Half the CPU of a start through tsx
 * (gateway/build/node-bundle.ts), and the suite starts dozens.
 * gateway/main-readiness.test.ts starts one through tsx, as `npm start` does.
 */
import { NODE_BUNDLE_MAIN } from "../build/node-bundle.ts"

export const NODE_ARGS: readonly string[] = ["--enable-source-maps", NODE_BUNDLE_MAIN]
