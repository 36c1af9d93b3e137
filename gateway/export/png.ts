/**
 * SVG to PNG with resvg (Rust, shipped prebuilt inside its npm package).
 * System fonts are never loaded, only the bundled one, so output does not
 * depend on the machine (see README.md for why resvg over sharp). The
 * gateway renders through the export pool (render-jobs.ts), which uses
 * these options on a worker thread.
 */
import { renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js"
import { FONT_FAMILY, FONT_FILE } from "./fonts.ts"

export const RESVG_OPTIONS: ResvgRenderOptions = {
  fitTo: { mode: "original" },
  font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY },
}

/** On libuv's thread pool, for callers outside the pool (tests, benches). */
export const svgToPng = async (svg: string): Promise<Buffer> => (await renderAsync(svg, RESVG_OPTIONS)).asPng()
