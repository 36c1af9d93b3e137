/** The whole catalogue in one language, for tests that read the screens' words (web/testing/messages.ts); the apps load it group by group. */
import type { Messages } from "../en.ts"
import { common } from "../he/common.ts"
import { console_ } from "../he/console.ts"
import { canvas } from "../he/canvas.ts"
import { insights } from "../he/insights.ts"
import { journal } from "../he/journal.ts"
import { participant } from "../he/participant.ts"

export const he: Partial<Messages> = { ...common, ...participant, ...console_, ...journal, ...canvas, ...insights }
