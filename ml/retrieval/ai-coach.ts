/** The AI coach's reserved coach id lives with the journal (its consent panel offers it); retrieval reads it from there. */
export { AI_COACH_ID } from "../../actors/journal/ai-coach.ts"
