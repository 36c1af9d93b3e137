import type { canvas as en } from "../en/canvas.ts"

export const canvas: { readonly [K in keyof typeof en]: string } = {
}
