/** Every projection of the read store, in the order a node starts them. */
import type { Projection } from "../runner/projection.ts"
import { canvasesProjection } from "./canvases.ts"
import { cardsProjection } from "./cards.ts"
import { journalProjection } from "./journal.ts"
import { journeysProjection } from "./journeys.ts"
import { sessionsProjection } from "./sessions.ts"

export const READ_MODEL_PROJECTIONS: readonly Projection[] = [
  sessionsProjection,
  canvasesProjection,
  journalProjection,
  cardsProjection,
  journeysProjection,
]

export { canvasesProjection, cardsProjection, journalProjection, journeysProjection, sessionsProjection }
