/** The whole catalogue in one language, for tests that read the screens' words (web/testing/messages.ts); the apps load it group by group. */
import type { Messages } from "../en.ts"
import { common } from "../de/common.ts"
import { console_ } from "../de/console.ts"
import { canvas } from "../de/canvas.ts"
import { insights } from "../de/insights.ts"
import { journal } from "../de/journal.ts"
import { participant } from "../de/participant.ts"

export const de: Partial<Messages> = { ...common, ...participant, ...console_, ...journal, ...canvas, ...insights }
