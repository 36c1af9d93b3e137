/**
 * Vitest's global setup (vitest.config.ts): the nodes tests start run the
 * node bundle (node-command.ts), so it is brought up to date once per run,
 * before any file starts one.
 */
import { buildNodeBundle } from "../build/node-bundle.ts"

export default async function bundleTheNode(): Promise<void> {
  const outcome = await buildNodeBundle({ ifStale: true })
  if (outcome.built) console.log(`[node bundle] built from ${outcome.inputs} sources in ${(outcome.ms / 1000).toFixed(1)} s`)
}
