/**
 * The AI coach's reserved coach id. A journal entry reaches the AI coach
 * only when its owner granted consent to this id (the journal's
 * `grantConsent` with `coachId: AI_COACH_ID`), exactly as they would to a
 * human coach, and withdrawing it takes the entry out of the next answer.
 * Ids are the address charset (A-Z a-z 0-9 _ -), so no colon.
 */
export const AI_COACH_ID = "studio-ai-coach"
