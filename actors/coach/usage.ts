/**
 * An organization's coach usage: answers and tokens (what AI credits will be
 * counted in), and the feedback given. The read model that counts it is
 * projections/models/coach-usage.ts.
 */
import type { CoachEvent } from "./protocol.ts"

export interface CoachUsage {
  readonly questions: number
  /** Answers a model (or the extractive coach) composed: the metered ones. */
  readonly answers: number
  /** Crisis replies and "nothing found" replies: given without a model. */
  readonly repliesWithoutModel: number
  readonly failed: number
  readonly promptTokens: number
  readonly completionTokens: number
  readonly helpful: number
  readonly notHelpful: number
}
