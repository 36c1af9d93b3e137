/**
 * An organization's AI usage: the coach's answers, the facilitator
 * copilot's drafts, and the tokens both used (what AI credits will be
 * counted in), and the feedback given. The read model that counts it is
 * projections/models/coach-usage.ts.
 */

export interface CoachUsage {
  readonly questions: number
  /** Answers a model (or the extractive coach) composed: the metered ones. */
  readonly answers: number
  /** Crisis replies and "nothing found" replies: given without a model. */
  readonly repliesWithoutModel: number
  readonly failed: number
  /** Reflection questions and session summaries the copilot drafted, by a model or the extractive default. */
  readonly copilotDrafts: number
  /** Tokens of the coach's answers and the copilot's drafts together. */
  readonly promptTokens: number
  readonly completionTokens: number
  readonly helpful: number
  readonly notHelpful: number
}
