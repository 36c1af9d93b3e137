/**
 * Text as the export draws it: the lines and baselines come from
 * drawing.ts (never pixi's own word wrap), each line one pixi Text in
 * DejaVu Sans placed so its baseline is where the SVG's would be.
 *
 * A Text is rasterized at a resolution that follows the zoom in powers of
 * two, so it stays crisp zoomed in and cheap zoomed out; pixi shares the
 * texture of equal texts (same words, size, colour, resolution). Text that
 * would be under MIN_SCREEN_FONT_PX on screen is not drawn at all: nobody
 * can read it, and thousands of tiny textures would cost every frame.
 */
import { CanvasTextMetrics, Container, Text, TextStyle, fontStringFromTextStyle } from "pixi.js"
import { directedText, FONT_FAMILY, type TextBlock } from "../../../../actors/canvas/drawing.ts"

export const MIN_SCREEN_FONT_PX = 2.5

const styles = new Map<string, TextStyle>()
/** The font size of each text container, so a zoom can hide or re-rasterize it. */
const fontSizes = new WeakMap<Container, number>()
const ascents = new Map<number, number>()
const ANCHOR_X: Record<TextBlock["anchor"], number> = { start: 0, middle: 0.5, end: 1 }

const styleFor = (fontSize: number, colour: string): TextStyle => {
  const key = `${fontSize}|${colour}`
  let style = styles.get(key)
  if (!style) styles.set(key, (style = new TextStyle({ fontFamily: FONT_FAMILY, fontSize, fill: colour })))
  return style
}

/** Where pixi puts the baseline below a Text's top: measured once per size, after the font has loaded. */
const ascentOf = (style: TextStyle): number => {
  let ascent = ascents.get(style.fontSize)
  if (ascent === undefined) ascents.set(style.fontSize, (ascent = CanvasTextMetrics.measureFont(fontStringFromTextStyle(style)).ascent))
  return ascent
}

/** The text resolution for a scale (device pixels per world unit): a power of two at or above it, within sane bounds. */
export const textResolutionFor = (scale: number): number => 2 ** Math.min(3, Math.max(-3, Math.ceil(Math.log2(Math.max(scale, 1e-3)))))

/** A block's lines as Text objects, in one container (see `fitTextToScale`). */
export const drawText = (block: TextBlock, resolution: number): Container => {
  const container = new Container({ label: "text", eventMode: "none" })
  fontSizes.set(container, block.fontSize)
  const style = styleFor(block.fontSize, block.colour)
  const ascent = ascentOf(style)
  for (const line of block.lines) {
    const text = new Text({ text: directedText(line.text, block.direction), style, resolution, eventMode: "none" })
    text.anchor.set(ANCHOR_X[block.anchor], 0)
    text.position.set(line.x, line.baseline - ascent)
    container.addChild(text)
  }
  return container
}

/** Re-rasterizes a node's text for a new zoom (only when the resolution step changes), and hides text too small to read. */
export const fitTextToScale = (node: Container, zoom: number, resolution: number): void => {
  for (const container of node.children) {
    const fontSize = fontSizes.get(container)
    if (fontSize === undefined) {
      if (container.children.length > 0) fitTextToScale(container, zoom, resolution) // a text block inside a placeholder
      continue
    }
    container.visible = fontSize * zoom >= MIN_SCREEN_FONT_PX
    if (!container.visible) continue
    for (const text of container.children as Text[]) if (text.resolution !== resolution) text.resolution = resolution
  }
}
