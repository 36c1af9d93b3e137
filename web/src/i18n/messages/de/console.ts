import type { console_ as en } from "../en/console.ts"

export const console_: { readonly [K in keyof typeof en]?: string } = {}
