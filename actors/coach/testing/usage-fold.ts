/**
 * The coach usage folded straight from an organization's coach events, the
 * way the gateway once scanned the log for it: the oracle the read model
 * (projections/models/coach-usage.ts) must agree with.
 */
import type { CoachEvent } from "../protocol.ts"
import type { CoachUsage } from "../usage.ts"

const emptyUsage: CoachUsage = {
  questions: 0,
  answers: 0,
  repliesWithoutModel: 0,
  failed: 0,
  promptTokens: 0,
  completionTokens: 0,
  helpful: 0,
  notHelpful: 0,
}

/** Events of one organization's coach actors; feedback changed later counts once, as its last value. */
export const usageOf = (events: Iterable<{ readonly asker: string; readonly event: CoachEvent }>): CoachUsage => {
  const counts = { ...emptyUsage }
  const feedback = new Map<string, boolean>()
  for (const { asker, event } of events) {
    if (event.type === "questionAsked") counts.questions++
    else if (event.type === "feedbackGiven") feedback.set(`${asker}/${event.questionId}`, event.helpful)
    else if (event.type === "answerGiven") {
      if (event.kind === "model") counts.answers++
      else if (event.kind === "failed") counts.failed++
      else counts.repliesWithoutModel++
      counts.promptTokens += event.promptTokens
      counts.completionTokens += event.completionTokens
    }
  }
  for (const helpful of feedback.values()) helpful ? counts.helpful++ : counts.notHelpful++
  return counts
}
