import type { journal as en } from "../en/journal.ts"

export const journal: { readonly [K in keyof typeof en]: string } = {
}
