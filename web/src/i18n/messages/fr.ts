import type { Messages } from "./en.ts"
import { common } from "./fr/common.ts"
import { console_ } from "./fr/console.ts"
import { participant } from "./fr/participant.ts"

export const fr: Partial<Messages> = { ...common, ...participant, ...console_ }
