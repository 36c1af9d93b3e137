/** English: the source catalogue, and the type every translation follows. */
import { common } from "./en/common.ts"
import { console_ } from "./en/console.ts"
import { canvas } from "./en/canvas.ts"
import { coach } from "./en/coach.ts"
import { insights } from "./en/insights.ts"
import { journal } from "./en/journal.ts"
import { participant } from "./en/participant.ts"

export const en = { ...common, ...participant, ...console_, ...journal, ...canvas, ...coach, ...insights }

export type Messages = { readonly [K in keyof typeof en]: string }
