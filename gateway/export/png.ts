/**
 * SVG to PNG with resvg (Rust, shipped prebuilt inside its npm package),
 * rendered on libuv's thread pool so a large canvas never stalls the
 * gateway's event loop. System fonts are never loaded, only the bundled
 * one, so output does not depend on the machine (see README.md for why
 * resvg over sharp).
 */
import { renderAsync } from "@resvg/resvg-js"
import { FONT_FAMILY, FONT_FILE } from "./fonts.ts"

export const svgToPng = async (svg: string): Promise<Buffer> =>
  (
    await renderAsync(svg, {
      fitTo: { mode: "original" },
      font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY },
    })
  ).asPng()
