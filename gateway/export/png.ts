/**
 * SVG to PNG with resvg (Rust, shipped prebuilt inside its npm package):
 * measured against the alternatives in README.md. System fonts are never
 * loaded, only the bundled one, so output does not depend on the machine.
 */
import { Resvg } from "@resvg/resvg-js"
import { FONT_FAMILY, FONT_FILE } from "./fonts.ts"

export const svgToPng = (svg: string): Buffer =>
  new Resvg(svg, {
    fitTo: { mode: "original" },
    font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY },
    imageRendering: 0,
    shapeRendering: 2,
    textRendering: 1,
  })
    .render()
    .asPng()
