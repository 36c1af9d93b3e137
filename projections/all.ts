/** Every projection a node runs: the read models and the analytics facts. */
import { analyticsProjection } from "./analytics/facts.ts"
import { READ_MODEL_PROJECTIONS } from "./models/index.ts"
import type { Projection } from "./runner/projection.ts"

export const ALL_PROJECTIONS: readonly Projection[] = [...READ_MODEL_PROJECTIONS, analyticsProjection]
