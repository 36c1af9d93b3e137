/**
 * Vitest's global setup (vitest.config.ts): the nodes tests start run a
 * bundle of the sources as they are when the run begins (node-command.ts),
 * made once per run and named for every process the run starts, benches
 * included, through STUDIO_NODE_BUNDLE.
 */
import { NODE_BUNDLE_VARIABLE, snapshotBundle } from "../build/node-bundle.ts"

export default async function bundleTheNode(): Promise<void> {
  const outcome = await snapshotBundle()
  process.env[NODE_BUNDLE_VARIABLE] = outcome.main
  if (outcome.built) console.log(`[node bundle] built from ${outcome.inputs} sources in ${(outcome.ms / 1000).toFixed(1)} s`)
}
