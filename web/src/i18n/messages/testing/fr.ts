/** The whole catalogue in one language, for tests that read the screens' words (web/testing/messages.ts); the apps load it group by group. */
import type { Messages } from "../en.ts"
import { common } from "../fr/common.ts"
import { console_ } from "../fr/console.ts"
import { canvas } from "../fr/canvas.ts"
import { insights } from "../fr/insights.ts"
import { journal } from "../fr/journal.ts"
import { participant } from "../fr/participant.ts"

export const fr: Partial<Messages> = { ...common, ...participant, ...console_, ...journal, ...canvas, ...insights }
