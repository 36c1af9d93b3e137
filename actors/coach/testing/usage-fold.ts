/**
 * The AI usage folded straight from an organization's coach events, the
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
  copilotDrafts: 0,
  promptTokens: 0,
  completionTokens: 0,
  helpful: 0,
  notHelpful: 0,
}

type Drafted = Extract<CoachEvent, { type: "copilotDrafted" }>

/**
 * Events of one organization's coach actors. Feedback changed later counts
 * once, as its last value; a copilot draft recorded twice (same user, same
 * draft id) counts once, as its last record.
 */
export const usageOf = (events: Iterable<{ readonly asker: string; readonly event: CoachEvent }>): CoachUsage => {
  const counts = { ...emptyUsage }
  const feedback = new Map<string, boolean>()
  const drafts = new Map<string, Drafted>()
  for (const { asker, event } of events) {
    if (event.type === "questionAsked") counts.questions++
    else if (event.type === "feedbackGiven") feedback.set(`${asker}/${event.questionId}`, event.helpful)
    else if (event.type === "copilotDrafted") drafts.set(`${asker}/${event.draftId}`, event)
    else if (event.type === "answerGiven") {
      if (event.kind === "model") counts.answers++
      else if (event.kind === "failed") counts.failed++
      else counts.repliesWithoutModel++
      counts.promptTokens += event.promptTokens
      counts.completionTokens += event.completionTokens
    }
  }
  for (const helpful of feedback.values()) helpful ? counts.helpful++ : counts.notHelpful++
  for (const draft of drafts.values()) {
    counts.copilotDrafts++
    counts.promptTokens += draft.promptTokens
    counts.completionTokens += draft.completionTokens
  }
  return counts
}
