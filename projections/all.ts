/** Every projection a node runs: the read models, the directory of organizations, the admins' audit trail, card usage and coach usage, and the analytics facts. */
import { analyticsProjection } from "./analytics/facts.ts"
import { auditProjection } from "./models/audit.ts"
import { coachUsageProjection } from "./models/coach-usage.ts"
import { directoryProjection } from "./models/directory.ts"
import { READ_MODEL_PROJECTIONS } from "./models/index.ts"
import { usageProjection } from "./models/usage.ts"
import type { Projection } from "./runner/projection.ts"

export const ALL_PROJECTIONS: readonly Projection[] = [
  ...READ_MODEL_PROJECTIONS,
  directoryProjection,
  auditProjection,
  usageProjection,
  coachUsageProjection,
  analyticsProjection,
]
