import type { Messages } from "./en.ts"
import { common } from "./he/common.ts"
import { console_ } from "./he/console.ts"
import { participant } from "./he/participant.ts"

export const he: Partial<Messages> = { ...common, ...participant, ...console_ }
