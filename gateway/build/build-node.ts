/**
 * `npm run build:node`: bundles the node into dist/node (node-bundle.ts);
 * `--if-stale` builds only when a source changed. `npm run start:built`
 * then starts it without tsx.
 */
import { buildNodeBundle, NODE_BUNDLE_DIR } from "./node-bundle.ts"

const outcome = await buildNodeBundle({ ifStale: process.argv.includes("--if-stale") })
const seconds = (outcome.ms / 1000).toFixed(1)
console.log(
  outcome.built
    ? `studio: bundled the node (${outcome.inputs} sources) into ${NODE_BUNDLE_DIR} in ${seconds} s`
    : `studio: the node bundle in ${NODE_BUNDLE_DIR} is up to date`,
)
