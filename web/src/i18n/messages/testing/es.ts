/** The whole catalogue in one language, for tests that read the screens' words (web/testing/messages.ts); the apps load it group by group. */
import type { Messages } from "../en.ts"
import { common } from "../es/common.ts"
import { console_ } from "../es/console.ts"
import { canvas } from "../es/canvas.ts"
import { insights } from "../es/insights.ts"
import { journal } from "../es/journal.ts"
import { participant } from "../es/participant.ts"

export const es: Partial<Messages> = { ...common, ...participant, ...console_, ...journal, ...canvas, ...insights }
