/**
 * projections: events per second through the projection runner and its lag
 * behind the log. It needs a runner that consumes the event log into a read
 * store; until projections/ has one, the suite says so instead of measuring
 * something else under this name.
 */
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { unavailable, type Suite } from "./suite.ts"

const DESCRIPTION = "Events per second a projection consumes from the event log into its read model, and how far it lags behind the log's head under load."

const RUNNER_ENTRY_POINTS = ["../../projections/runner/runner.ts", "../../projections/runner/index.ts"]

export const projectionRunnerPath = (): string | undefined =>
  RUNNER_ENTRY_POINTS.map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p))

export const projectionsSuite: Suite = {
  name: "projections",
  description: DESCRIPTION,
  run: async () => {
    const runner = projectionRunnerPath()
    if (!runner) return unavailable("projections", DESCRIPTION, "no projection runner in this checkout (projections/runner/ has no runner.ts or index.ts)")
    return unavailable("projections", DESCRIPTION, `a projection runner exists (${runner}) but this suite does not drive it yet`)
  },
}
