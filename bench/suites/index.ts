/** Every suite, in the order `all` runs them. */
import type { SuiteName } from "../report/model.ts"
import { connectionsSuite } from "./connections.ts"
import { fanoutSuite } from "./fanout.ts"
import { httpSuite } from "./http.ts"
import { liveSuite } from "./live.ts"
import { logSuite } from "./log.ts"
import { projectionsSuite } from "./projections.ts"
import type { Suite } from "./suite.ts"

export const SUITE_REGISTRY: Record<SuiteName, Suite> = {
  http: httpSuite,
  live: liveSuite,
  log: logSuite,
  projections: projectionsSuite,
  connections: connectionsSuite,
  fanout: fanoutSuite,
}
