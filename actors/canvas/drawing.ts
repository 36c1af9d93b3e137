/**
 * How each element kind looks, as plain geometry: the one description that
 * the server's export (gateway/export/svg.ts) and the browser's scene
 * (web/src/canvas/scene/) both draw from, so the screen and a PNG or PDF of
 * the same canvas agree. Word wrap, line height, card layout, arrow heads,
 * stroke smoothing, dashes and bounds live here and nowhere else.
 *
 * Schema-free on purpose (types only from state.ts): the browser bundles it
 * without Effect.
 */
import type { CanvasElement } from "./state.ts"

export type Placed = Exclude<CanvasElement, { kind: "connector" }>
export type Connector = Extract<CanvasElement, { kind: "connector" }>
export type Point2 = readonly [number, number]

export interface Rect {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

/** The one font every rendering uses (DejaVu Sans, from the dejavu-fonts-ttf package). */
export const FONT_FAMILY = "DejaVu Sans"
/** Average glyph advance of DejaVu Sans, in ems: wrapping counts characters, so it is deterministic everywhere. */
export const GLYPH_WIDTH_EM = 0.6
/** Distance between baselines, in ems. */
export const LINE_HEIGHT_EM = 1.25

export const INK = "#1f2933"
export const MUTED_INK = "#52606d"
export const PLACEHOLDER_FILL = "#e4e7eb"
export const PLACEHOLDER_EDGE = "#9aa5b1"
export const CARD_FILL = "#ffffff"
export const CARD_EDGE = "#52606d"
export const CARD_EDGE_WIDTH = 2
export const SHAPE_LINE_WIDTH = 3
export const STICKY_FONT_SIZE = 16
export const PLACEHOLDER_FONT_SIZE = 14
export const CONNECTOR_LABEL_FONT_SIZE = 14
export const HIGHLIGHTER_OPACITY = 0.4
/** The dash pattern of a placeholder's frame (an image or a picture the server never fetches). */
export const PLACEHOLDER_DASH: readonly [on: number, off: number] = [6, 4]

/** Greedy word wrap by an average glyph width: good enough for notes, and deterministic. */
export const wrapText = (text: string, width: number, fontSize: number, maxLines: number): string[] => {
  const perLine = Math.max(1, Math.floor(width / (fontSize * GLYPH_WIDTH_EM)))
  const lines: string[] = []
  for (const paragraph of text.split("\n")) {
    let line = ""
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word
      if (next.length <= perLine) line = next
      else {
        if (line) lines.push(line)
        line = word.length > perLine ? word.slice(0, perLine) : word
      }
    }
    lines.push(line)
  }
  return lines.slice(0, maxLines)
}

/** Which way a text reads, decided by its first letter (as the browser's dir="auto" does), whatever the UI's language. */
export type TextDirection = "ltr" | "rtl"

const LETTER = /\p{L}/u
const RIGHT_TO_LEFT_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u

export const textDirection = (text: string): TextDirection => {
  const first = LETTER.exec(text)?.[0]
  return first !== undefined && RIGHT_TO_LEFT_LETTER.test(first) ? "rtl" : "ltr"
}

/**
 * A line as the renderers are given it. resvg and a canvas 2D context lay
 * every line out left to right unless told otherwise, which puts a Hebrew
 * question's "?" and a cut line's ellipsis at the wrong end; an embedding
 * (RLE ... PDF) tells them inside the text itself, and resvg, Chromium's
 * canvas and the PDF's font layout all honour it. Not the newer isolates
 * (RLI ... PDI): DejaVu Sans has no glyphs for them, so a PDF would print boxes.
 */
export const directedText = (text: string, direction: TextDirection): string => (direction === "rtl" ? `\u202B${text}\u202C` : text)

export interface TextLine {
  readonly text: string
  /** Where the line starts (anchor "start"), its centre ("middle") or where it ends ("end", a right-to-left block's right edge). */
  readonly x: number
  /** The line's baseline. */
  readonly baseline: number
}

export interface TextBlock {
  readonly fontSize: number
  readonly colour: string
  readonly anchor: "start" | "middle" | "end"
  /** Every line of a block reads one way: the way its whole text's first letter reads. */
  readonly direction: TextDirection
  /** Empty lines are left out: they hold a place in the layout but draw nothing. */
  readonly lines: readonly TextLine[]
}

/**
 * Text wrapped into a box: as many lines as fit its height (at least one),
 * first baseline one em below the top. Right-to-left text starts at the
 * box's right edge, as a Hebrew reader expects.
 */
export const textBlock = (text: string, box: Rect, fontSize: number, colour: string): TextBlock => {
  const maxLines = Math.max(1, Math.floor(box.h / (fontSize * LINE_HEIGHT_EM)))
  const direction = textDirection(text)
  const x = direction === "rtl" ? box.x + box.w : box.x
  const lines = wrapText(text, box.w, fontSize, maxLines)
    .map((line, i) => ({ text: line, x, baseline: box.y + fontSize * (1 + i * LINE_HEIGHT_EM) }))
    .filter((line) => line.text !== "")
  return { fontSize, colour, anchor: direction === "rtl" ? "end" : "start", direction, lines }
}

/** The inner box a note's or placeholder's text wraps in. */
const inset = (r: Rect): Rect => ({ x: r.x + 8, y: r.y + 4, w: Math.max(0, r.w - 16), h: Math.max(0, r.h - 8) })

export const stickyText = (e: Extract<Placed, { kind: "sticky" }>): TextBlock => textBlock(e.text, inset(e), STICKY_FONT_SIZE, INK)

export const textElementBlock = (e: Extract<Placed, { kind: "text" }>): TextBlock => textBlock(e.text, e, e.fontSize, e.colour)

/** A dashed frame with a label: what stands in for a picture the renderer does not draw. */
export interface Placeholder {
  readonly box: Rect
  readonly dashes: readonly (readonly [Point2, Point2])[]
  readonly label: TextBlock
}

export const placeholder = (box: Rect, label: string): Placeholder => ({
  box,
  dashes: dashedRect(box, PLACEHOLDER_DASH),
  label: textBlock(label, inset(box), PLACEHOLDER_FONT_SIZE, MUTED_INK),
})

/** A rectangle's outline cut into dashes, clockwise from its top-left corner, as SVG's stroke-dasharray would. */
export const dashedRect = (r: Rect, [on, off]: readonly [number, number]): [Point2, Point2][] => {
  const corners: Point2[] = [
    [r.x, r.y],
    [r.x + r.w, r.y],
    [r.x + r.w, r.y + r.h],
    [r.x, r.y + r.h],
    [r.x, r.y],
  ]
  const dashes: [Point2, Point2][] = []
  let phase = 0 // distance into the current on+off period, carried around corners
  for (let side = 0; side < 4; side++) {
    const [ax, ay] = corners[side]!
    const [bx, by] = corners[side + 1]!
    const length = Math.hypot(bx - ax, by - ay)
    let at = 0
    while (at < length) {
      const inDash = phase < on
      const step = Math.min(length - at, (inDash ? on : on + off) - phase)
      if (inDash && step > 0) {
        const t0 = at / length
        const t1 = (at + step) / length
        const start: Point2 = [ax + (bx - ax) * t0, ay + (by - ay) * t0]
        const end: Point2 = [ax + (bx - ax) * t1, ay + (by - ay) * t1]
        // A dash that runs round a corner is two segments; the phase carries over, as SVG's dash array does.
        dashes.push([start, end])
      }
      at += step
      phase = (phase + step) % (on + off)
    }
  }
  return dashes
}

/** Only inline (data:) images are drawn: neither the server nor the page fetches an address a canvas names. */
export const isInlineImage = (src: string): boolean => src.startsWith("data:")

/** The largest rectangle of the picture's aspect centred in a box (SVG's xMidYMid meet). */
export const fitContain = (box: Rect, naturalW: number, naturalH: number): Rect => {
  if (naturalW <= 0 || naturalH <= 0) return box
  const scale = Math.min(box.w / naturalW, box.h / naturalH)
  const w = naturalW * scale
  const h = naturalH * scale
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h }
}

// ---- Cards ----

/** What a reader may see of a library card; without it a card is drawn as its back. */
export interface CardFace {
  readonly word: string
  readonly question: string
  /** An inert SVG (the library checks it), or an address: data:, a path on this site, or https (never fetched by the server). */
  readonly image?: { readonly kind: "svg"; readonly svg: string } | { readonly kind: "url"; readonly url: string }
}

export interface CardLayout {
  readonly frame: Rect
  readonly radius: number
  /** Where the picture goes (fitted inside, aspect kept). */
  readonly picture: Rect
  /** The word, one line centred under the picture; empty for a card whose face the reader may not see. */
  readonly word: TextBlock
  /** The card's question, up to QUESTION_MAX_LINES smaller lines under the word, where the card is tall enough. */
  readonly question: TextBlock
}

const QUESTION_MAX_LINES = 3
const QUESTION_SCALE = 0.72
/** The question gives up lines before the picture gets smaller than this share of the card. */
const MIN_PICTURE_SHARE = 0.45

/** Wrapped into at most `maxLines`, the last one ending in an ellipsis when text was left out. */
const wrapWithEllipsis = (text: string, width: number, fontSize: number, maxLines: number): string[] => {
  const all = wrapText(text, width, fontSize, Number.POSITIVE_INFINITY).filter((line) => line !== "")
  if (all.length <= maxLines) return all
  const kept = all.slice(0, maxLines)
  const perLine = Math.max(1, Math.floor(width / (fontSize * GLYPH_WIDTH_EM)))
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, perLine - 1).trimEnd()}\u2026`
  return kept
}

/** A card: a white frame, the picture above, the word on one line below it, and the question under the word. */
export const cardLayout = (e: Extract<Placed, { kind: "card" }>, face: CardFace | undefined): CardLayout => {
  const frame: Rect = { x: e.x, y: e.y, w: e.w, h: e.h }
  const pad = Math.max(2, Math.min(e.w, e.h) * 0.05)
  const fontSize = Math.max(6, Math.min(16, e.w / 10))
  const questionSize = fontSize * QUESTION_SCALE
  const textWidth = Math.max(0, e.w - 2 * pad)
  const wordBand = face ? fontSize * LINE_HEIGHT_EM + pad : 0
  const room = e.h - 2 * pad - wordBand - e.h * MIN_PICTURE_SHARE
  const questionLines = face && face.question ? Math.max(0, Math.min(QUESTION_MAX_LINES, Math.floor(room / (questionSize * LINE_HEIGHT_EM)))) : 0
  const questionText = questionLines > 0 ? wrapWithEllipsis(face!.question, textWidth, questionSize, questionLines) : []
  const questionBand = questionText.length * questionSize * LINE_HEIGHT_EM
  const picture: Rect = { x: e.x + pad, y: e.y + pad, w: textWidth, h: Math.max(0, e.h - 2 * pad - wordBand - questionBand) }
  const [line] = face ? wrapText(face.word, textWidth, fontSize, 1) : []
  const centre = e.x + e.w / 2
  const bottom = e.y + e.h - pad
  const baseline = bottom - questionBand - fontSize * 0.3
  const firstQuestionBaseline = bottom - questionBand + questionSize * (LINE_HEIGHT_EM - 0.3)
  return {
    frame,
    radius: Math.min(8, e.w / 8, e.h / 8),
    picture,
    word: {
      fontSize,
      colour: INK,
      anchor: "middle",
      direction: textDirection(face?.word ?? ""),
      lines: line ? [{ text: line, x: centre, baseline }] : [],
    },
    question: {
      fontSize: questionSize,
      colour: MUTED_INK,
      anchor: "middle",
      direction: textDirection(face?.question ?? ""),
      lines: questionText.map((text, i) => ({ text, x: centre, baseline: firstQuestionBaseline + i * questionSize * LINE_HEIGHT_EM })),
    },
  }
}

/** A card picture the renderers can draw themselves: inline SVG or a data: image; anything else is a placeholder. */
export const drawableCardImage = (face: CardFace | undefined): "svg" | "data" | "placeholder" | "none" => {
  if (!face) return "none"
  if (!face.image) return "placeholder"
  if (face.image.kind === "svg") return "svg"
  return isInlineImage(face.image.url) ? "data" : "placeholder"
}

// ---- Shapes, arrows, strokes, connectors ----

/** A filled arrow head at (x2, y2) pointing away from (x1, y1); polygons, since markers render differently across converters. */
export const arrowHead = (x1: number, y1: number, x2: number, y2: number, lineWidth: number): [Point2, Point2, Point2] => {
  const angle = Math.atan2(y2 - y1, x2 - x1)
  const size = 6 + lineWidth * 2
  return [
    [x2, y2],
    [x2 - size * Math.cos(angle - 0.45), y2 - size * Math.sin(angle - 0.45)],
    [x2 - size * Math.cos(angle + 0.45), y2 - size * Math.sin(angle + 0.45)],
  ]
}

/** Where a line or an arrow starts and ends: across its box, the way its `flip` says. */
export const lineEnds = (e: Extract<Placed, { kind: "shape" }>): [Point2, Point2] => {
  const fromRight = e.flip === "x" || e.flip === "xy"
  const fromBottom = e.flip === "y" || e.flip === "xy"
  const x1 = fromRight ? e.x + e.w : e.x
  const y1 = fromBottom ? e.y + e.h : e.y
  return [
    [x1, y1],
    [fromRight ? e.x : e.x + e.w, fromBottom ? e.y : e.y + e.h],
  ]
}

export const trianglePoints = (r: Rect): [Point2, Point2, Point2] => [
  [r.x + r.w / 2, r.y],
  [r.x + r.w, r.y + r.h],
  [r.x, r.y + r.h],
]

/** One step of a path, in absolute coordinates. */
export type PathStep =
  | { readonly op: "M"; readonly x: number; readonly y: number }
  | { readonly op: "L"; readonly x: number; readonly y: number }
  | { readonly op: "Q"; readonly cx: number; readonly cy: number; readonly x: number; readonly y: number }

/**
 * A stroke's points as a smooth path: quadratic curves through the midpoints
 * of successive points, each point a control point, so the curve passes near
 * every point and has no corners. A single point is a dot (see `strokeDot`).
 */
export const smoothStroke = (e: Extract<Placed, { kind: "stroke" }>): PathStep[] => {
  const p = e.points.map(([px, py]) => [e.x + px, e.y + py] as const)
  if (p.length === 0) return []
  const steps: PathStep[] = [{ op: "M", x: p[0]![0], y: p[0]![1] }]
  if (p.length <= 2) {
    const last = p[p.length - 1]!
    steps.push({ op: "L", x: last[0], y: last[1] })
    return steps
  }
  for (let i = 1; i < p.length - 1; i++) {
    const [cx, cy] = p[i]!
    const [nx, ny] = p[i + 1]!
    steps.push({ op: "Q", cx, cy, x: (cx + nx) / 2, y: (cy + ny) / 2 })
  }
  const last = p[p.length - 1]!
  steps.push({ op: "L", x: last[0], y: last[1] })
  return steps
}

/** A stroke of one point (or all points equal) is a round dot of the stroke's width: renderers disagree on zero-length lines. */
export const strokeDot = (e: Extract<Placed, { kind: "stroke" }>): { x: number; y: number; r: number } | undefined => {
  const [first] = e.points
  if (!first || e.points.some(([px, py]) => px !== first[0] || py !== first[1])) return undefined
  return { x: e.x + first[0], y: e.y + first[1], r: e.width / 2 }
}

export const strokeOpacity = (e: Extract<Placed, { kind: "stroke" }>): number => (e.tool === "highlighter" ? HIGHLIGHTER_OPACITY : 1)

export const centreOf = (e: Placed): Point2 => [e.x + e.w / 2, e.y + e.h / 2]

export interface ConnectorGeometry {
  readonly from: Point2
  readonly to: Point2
  readonly head: [Point2, Point2, Point2] | undefined
  readonly label: TextBlock | undefined
}

/** A connector joins the centres of its ends; undefined when an end is not there (not visible to this reader, or not yet imported). */
export const connectorGeometry = (e: Connector, from: Placed | undefined, to: Placed | undefined): ConnectorGeometry | undefined => {
  if (!from || !to) return undefined
  const [x1, y1] = centreOf(from)
  const [x2, y2] = centreOf(to)
  const label: TextBlock | undefined = e.label
    ? {
        fontSize: CONNECTOR_LABEL_FONT_SIZE,
        colour: e.colour,
        anchor: "middle",
        direction: textDirection(e.label),
        lines: [{ text: e.label, x: (x1 + x2) / 2, baseline: (y1 + y2) / 2 - 6 }],
      }
    : undefined
  return { from: [x1, y1], to: [x2, y2], head: e.arrow ? arrowHead(x1, y1, x2, y2, e.width) : undefined, label }
}

// ---- Bounds ----

export interface Box {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** An element's box, grown to take in a stroke's points (they may stray outside x, y, w, h): what an export frames. */
export const placedBox = (e: Placed): Box => {
  const box = { minX: e.x, minY: e.y, maxX: e.x + e.w, maxY: e.y + e.h }
  if (e.kind === "stroke") {
    for (const [px, py] of e.points) {
      box.minX = Math.min(box.minX, e.x + px)
      box.minY = Math.min(box.minY, e.y + py)
      box.maxX = Math.max(box.maxX, e.x + px)
      box.maxY = Math.max(box.maxY, e.y + py)
    }
  }
  return box
}

/** The framing box grown by what is painted beyond it (a stroke's half width, a shape's outline), for hit tests and culling. */
export const paintedBox = (e: Placed): Box => {
  const box = placedBox(e)
  const grow = e.kind === "stroke" ? e.width / 2 : e.kind === "shape" ? SHAPE_LINE_WIDTH * 2 + 6 : e.kind === "card" ? CARD_EDGE_WIDTH / 2 : 0
  return { minX: box.minX - grow, minY: box.minY - grow, maxX: box.maxX + grow, maxY: box.maxY + grow }
}

/** A connector's painted box: its line, its head and a rough box for its label. */
export const connectorBox = (e: Connector, g: ConnectorGeometry): Box => {
  const points: Point2[] = [g.from, g.to, ...(g.head ?? [])]
  const pad = e.width / 2
  const box = {
    minX: Math.min(...points.map((p) => p[0])) - pad,
    minY: Math.min(...points.map((p) => p[1])) - pad,
    maxX: Math.max(...points.map((p) => p[0])) + pad,
    maxY: Math.max(...points.map((p) => p[1])) + pad,
  }
  for (const line of g.label?.lines ?? []) {
    const half = (line.text.length * CONNECTOR_LABEL_FONT_SIZE * GLYPH_WIDTH_EM) / 2
    box.minX = Math.min(box.minX, line.x - half)
    box.maxX = Math.max(box.maxX, line.x + half)
    box.minY = Math.min(box.minY, line.baseline - CONNECTOR_LABEL_FONT_SIZE)
    box.maxY = Math.max(box.maxY, line.baseline + CONNECTOR_LABEL_FONT_SIZE * 0.3)
  }
  return box
}

/** The export's frame: every placed element's box plus padding; a blank 400 x 300 frame for a canvas with none. */
export const contentBox = (elements: readonly Placed[]): Box => {
  if (elements.length === 0) return { minX: 0, minY: 0, maxX: 400, maxY: 300 }
  const all = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }
  for (const e of elements) {
    const b = placedBox(e)
    all.minX = Math.min(all.minX, b.minX)
    all.minY = Math.min(all.minY, b.minY)
    all.maxX = Math.max(all.maxX, b.maxX)
    all.maxY = Math.max(all.maxY, b.maxY)
  }
  return all
}

export interface ExportFrame {
  /** The world rectangle shown. */
  readonly view: Rect
  /** Output size in pixels (PNG) or points (PDF). */
  readonly width: number
  readonly height: number
}

/** The export's framing: content bounds plus padding, scaled so the longer side is `maxSize`. The scene's renderRegion takes the same frame. */
export const exportFrame = (elements: readonly CanvasElement[], maxSize = 1600, padding = 40): ExportFrame => {
  const { minX, minY, maxX, maxY } = contentBox(elements.filter((e): e is Placed => e.kind !== "connector"))
  const w = Math.max(1, maxX - minX + padding * 2)
  const h = Math.max(1, maxY - minY + padding * 2)
  const scale = maxSize / Math.max(w, h)
  return {
    view: { x: minX - padding, y: minY - padding, w, h },
    width: Math.max(1, Math.round(w * scale)),
    height: Math.max(1, Math.round(h * scale)),
  }
}
