/**
 * The one rendering of a canvas on the server: an SVG document that the PNG
 * and PDF exports are both made from, so the three never disagree. It draws
 * the elements a reader may see (the caller passes the redacted view, and the
 * card faces that reader may see), in drawing order, fitted into a frame
 * around their bounds. The geometry (wrapping, card layout, arrow heads,
 * stroke smoothing) comes from actors/canvas/drawing.ts, which the browser's
 * scene draws from too. Text uses one bundled font (see fonts.ts), so a
 * rendering is the same on every machine.
 */
import {
  arrowHead,
  CARD_EDGE,
  CARD_EDGE_WIDTH,
  CARD_FILL,
  cardLayout,
  connectorGeometry,
  directedText,
  drawableCardImage,
  exportFrame,
  FONT_FAMILY,
  isInlineImage,
  PLACEHOLDER_EDGE,
  PLACEHOLDER_FILL,
  placeholder,
  SHAPE_LINE_WIDTH,
  smoothStroke,
  stickyText,
  strokeDot,
  strokeOpacity,
  textElementBlock,
  trianglePoints,
  type CardFace,
  type Connector,
  type Placed,
  type Point2,
  type Rect,
  type TextBlock,
  lineEnds,
} from "../../actors/canvas/drawing.ts"
import type { CanvasElement } from "../../actors/canvas/index.ts"
import { hasRightToLeft, layoutParagraph } from "./bidi-lines.ts"
import { inlineCardSvg } from "./card-svg.ts"

export type { CardFace } from "../../actors/canvas/drawing.ts"

export interface SvgOptions {
  /** Longest side of the output in pixels (PNG) or points (PDF). */
  readonly maxSize?: number
  readonly padding?: number
  readonly background?: string
  /** The faces of the cards this reader may see, by card id; any other card is drawn as its back. */
  readonly cardFaces?: Readonly<Record<string, CardFace>>
  /** Set for the PDF only: its text is then placed piece by piece (see pdfText); resvg does bidi itself. */
  readonly measureText?: MeasureText
}

export interface CanvasRendering {
  readonly svg: string
  readonly width: number
  readonly height: number
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!)
const num = (n: number) => (Math.round(n * 100) / 100).toString()
const pts = (points: readonly Point2[]) => points.map(([x, y]) => `${num(x)},${num(y)}`).join(" ")
const rectAttrs = (r: Rect) => `x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}"`

const ANCHORS: Record<TextBlock["anchor"], string> = { start: "", middle: ` text-anchor="middle"`, end: ` text-anchor="end"` }

/** How wide `text` is drawn at `fontSize`, in the PDF's font. */
export type MeasureText = (text: string, fontSize: number) => number

/** Writes a text block as SVG. */
type DrawText = (block: TextBlock) => string

/** For resvg, which lays out bidirectional text itself: one tspan per line, marked with its direction. */
const svgText: DrawText = (block) => {
  if (block.lines.length === 0) return ""
  const anchor = ANCHORS[block.anchor]
  const tspans = block.lines
    .map((line) => `<tspan x="${num(line.x)}" y="${num(line.baseline)}">${escape(directedText(line.text, block.direction))}</tspan>`)
    .join("")
  return `<text font-family="${FONT_FAMILY}" font-size="${num(block.fontSize)}" fill="${block.colour}"${anchor}>${tspans}</text>`
}

/**
 * For the PDF, whose font engine has no bidi (bidi-lines.ts): a block with
 * right-to-left letters is drawn as pieces of one direction each, placed
 * from the left where the bidi algorithm puts them.
 */
const pdfText =
  (measure: MeasureText): DrawText =>
  (block) => {
    if (!block.lines.some((line) => hasRightToLeft(line.text))) return svgText(block)
    const tspans = block.lines.map((line) => {
      const laid = layoutParagraph(
        [{ text: line.text, style: null }],
        Number.POSITIVE_INFINITY,
        (text) => measure(text, block.fontSize),
        block.direction,
      )
      const placed = laid.lines[0]
      if (!placed) return ""
      const left = block.anchor === "start" ? line.x : block.anchor === "middle" ? line.x - placed.width / 2 : line.x - placed.width
      return placed.pieces.map((piece) => `<tspan x="${num(left + piece.x)}" y="${num(line.baseline)}">${escape(piece.text)}</tspan>`).join("")
    })
    return `<text font-family="${FONT_FAMILY}" font-size="${num(block.fontSize)}" fill="${block.colour}">${tspans.join("")}</text>`
  }

const placeholderFrame = (box: Rect, label: string, text: DrawText) => {
  const shape = placeholder(box, label)
  const dashes = shape.dashes.map(([[x1, y1], [x2, y2]]) => `M${num(x1)} ${num(y1)}L${num(x2)} ${num(y2)}`).join("")
  return (
    `<rect ${rectAttrs(box)} fill="${PLACEHOLDER_FILL}"/><path d="${dashes}" fill="none" stroke="${PLACEHOLDER_EDGE}" stroke-width="1"/>` +
    text(shape.label)
  )
}

const line = (a: Point2, b: Point2, colour: string, width: number) =>
  `<line x1="${num(a[0])}" y1="${num(a[1])}" x2="${num(b[0])}" y2="${num(b[1])}" stroke="${colour}" stroke-width="${num(width)}"/>`

const arrow = (x1: number, y1: number, x2: number, y2: number, colour: string, width: number) =>
  line([x1, y1], [x2, y2], colour, width) + `<polygon points="${pts(arrowHead(x1, y1, x2, y2, width))}" fill="${colour}"/>`

const card = (element: Extract<Placed, { kind: "card" }>, face: CardFace | undefined, index: number, text: DrawText) => {
  const layout = cardLayout(element, face)
  const frame = `<rect ${rectAttrs(layout.frame)} rx="${num(layout.radius)}" fill="${CARD_FILL}" stroke="${CARD_EDGE}" stroke-width="${CARD_EDGE_WIDTH}"/>`
  let picture: string
  switch (drawableCardImage(face)) {
    case "svg":
      picture = inlineCardSvg((face!.image as { svg: string }).svg, layout.picture, `c${index}-`)
      break
    case "data":
      picture = `<image ${rectAttrs(layout.picture)} href="${escape((face!.image as { url: string }).url)}" preserveAspectRatio="xMidYMid meet"/>`
      break
    case "placeholder":
      picture = placeholderFrame(layout.picture, "", text)
      break
    case "none":
      picture = `<rect ${rectAttrs(layout.picture)} rx="${num(layout.radius / 2)}" fill="${PLACEHOLDER_FILL}"/>`
  }
  return frame + picture + text(layout.word) + text(layout.question)
}

const drawPlaced = (element: Placed, faces: Readonly<Record<string, CardFace>>, index: number, text: DrawText): string => {
  const { x, y, w, h } = element
  switch (element.kind) {
    case "card":
      return card(element, faces[element.cardId], index, text)
    case "sticky":
      return `<rect ${rectAttrs(element)} fill="${element.colour}"/>` + text(stickyText(element))
    case "text":
      return text(textElementBlock(element))
    case "stroke": {
      const opacity = strokeOpacity(element) < 1 ? ` opacity="${strokeOpacity(element)}"` : ""
      const dot = strokeDot(element)
      if (dot) return `<circle cx="${num(dot.x)}" cy="${num(dot.y)}" r="${num(dot.r)}" fill="${element.colour}"${opacity}/>`
      const d = smoothStroke(element)
        .map((s) => (s.op === "Q" ? `Q${num(s.cx)} ${num(s.cy)} ${num(s.x)} ${num(s.y)}` : `${s.op}${num(s.x)} ${num(s.y)}`))
        .join("")
      return `<path d="${d}" fill="none" stroke="${element.colour}" stroke-width="${num(element.width)}" stroke-linecap="round" stroke-linejoin="round"${opacity}/>`
    }
    case "shape": {
      const outline = `fill="none" stroke="${element.colour}" stroke-width="${SHAPE_LINE_WIDTH}"`
      switch (element.shape) {
        case "rectangle":
          return `<rect ${rectAttrs(element)} ${outline}/>`
        case "ellipse":
          return `<ellipse cx="${num(x + w / 2)}" cy="${num(y + h / 2)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${outline}/>`
        case "triangle":
          return `<polygon points="${pts(trianglePoints(element))}" ${outline}/>`
        case "line":
          return line(...lineEnds(element), element.colour, SHAPE_LINE_WIDTH)
        case "arrow": {
          const [[x1, y1], [x2, y2]] = lineEnds(element)
          return arrow(x1, y1, x2, y2, element.colour, SHAPE_LINE_WIDTH)
        }
      }
      return ""
    }
    case "image":
      // Only inline images are drawn: the server never fetches a URL a canvas names.
      return isInlineImage(element.src)
        ? `<image ${rectAttrs(element)} href="${escape(element.src)}" preserveAspectRatio="xMidYMid meet"/>`
        : placeholderFrame(element, element.alt || "image", text)
  }
}

const drawConnector = (element: Connector, placed: ReadonlyMap<string, Placed>, text: DrawText): string => {
  const geometry = connectorGeometry(element, placed.get(element.from), placed.get(element.to))
  if (!geometry) return "" // an end not visible here (or not imported yet): nothing to join
  const body =
    line(geometry.from, geometry.to, element.colour, element.width) +
    (geometry.head ? `<polygon points="${pts(geometry.head)}" fill="${element.colour}"/>` : "")
  return body + (geometry.label ? text(geometry.label) : "")
}

export const renderCanvasSvg = (elements: readonly CanvasElement[], options: SvgOptions = {}): CanvasRendering => {
  const { maxSize = 1600, padding = 40, background = "#ffffff", cardFaces = {}, measureText } = options
  const text = measureText ? pdfText(measureText) : svgText
  const byId = new Map<string, Placed>()
  for (const element of elements) if (element.kind !== "connector") byId.set(element.id, element)
  const { view, width, height } = exportFrame(elements, maxSize, padding)
  const body = elements
    .map((element, i) => (element.kind === "connector" ? drawConnector(element, byId, text) : drawPlaced(element, cardFaces, i, text)))
    .join("\n")
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${num(view.x)} ${num(view.y)} ${num(view.w)} ${num(view.h)}">\n` +
    `<rect ${rectAttrs(view)} fill="${background}"/>\n${body}\n</svg>\n`
  return { svg, width, height }
}
