/**
 * The read side: what a node needs to serve read models. See README.md.
 */
import { analyticsProjection } from "./analytics/facts.ts"
import { READ_MODEL_PROJECTIONS } from "./models/index.ts"
import type { Projection } from "./runner/projection.ts"

export const ALL_PROJECTIONS: readonly Projection[] = [...READ_MODEL_PROJECTIONS, analyticsProjection]

export { analyticsProjection }
export { projectionMetrics, PROMETHEUS_CONTENT_TYPE } from "./runner/metrics.ts"
export { startProjectionRunner, type ProjectionRunner, type RunnerOptions } from "./runner/runner.ts"
export type { ReadStore, Viewer } from "./store/port.ts"
