/**
 * The one font every export draws text with, shipped as an npm package
 * (dejavu-fonts-ttf) rather than taken from the machine, so a PNG or PDF
 * rendered on a developer's machine, in CI and in production is the same.
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

/** Named once, in the drawing geometry the browser shares. */
export { FONT_FAMILY } from "../../actors/canvas/drawing.ts"

const require = createRequire(import.meta.url)
const fontDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf")

export const FONT_FILE = join(fontDir, "DejaVuSans.ttf")
export const BOLD_FONT_FILE = join(fontDir, "DejaVuSans-Bold.ttf")

let cached: Buffer | undefined
export const fontBytes = (): Buffer => (cached ??= readFileSync(FONT_FILE))
