/**
 * The one rendering of a canvas: an SVG document that the PNG and PDF
 * exports are both made from, so the three never disagree. It draws the
 * elements a reader may see (the caller passes the redacted view), in
 * drawing order, fitted into a frame around their bounds. Text uses one
 * bundled font (see fonts.ts), so a rendering is the same on every machine.
 */
import type { CanvasElement } from "../../actors/canvas/index.ts"
import { FONT_FAMILY } from "./fonts.ts"

export interface SvgOptions {
  /** Longest side of the output in pixels (PNG) or points (PDF). */
  readonly maxSize?: number
  readonly padding?: number
  readonly background?: string
}

export interface CanvasRendering {
  readonly svg: string
  readonly width: number
  readonly height: number
}

type Placed = Exclude<CanvasElement, { kind: "connector" }>

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!)
const num = (n: number) => (Math.round(n * 100) / 100).toString()

/** Greedy word wrap by an average glyph width: good enough for notes, and deterministic. */
const wrap = (text: string, width: number, fontSize: number, maxLines: number): string[] => {
  const perLine = Math.max(1, Math.floor(width / (fontSize * 0.6)))
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

const textBlock = (text: string, x: number, y: number, w: number, h: number, fontSize: number, colour: string) => {
  const lines = wrap(text, w, fontSize, Math.max(1, Math.floor(h / (fontSize * 1.25))))
  const tspans = lines.map((line, i) => `<tspan x="${num(x)}" y="${num(y + fontSize * (1 + i * 1.25))}">${escape(line)}</tspan>`).join("")
  return `<text font-family="${FONT_FAMILY}" font-size="${num(fontSize)}" fill="${colour}">${tspans}</text>`
}

const drawPlaced = (element: Placed): string => {
  const { x, y, w, h } = element
  switch (element.kind) {
    case "card":
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="8" fill="#f5f7fa" stroke="#52606d" stroke-width="2"/>` +
        textBlock(`card ${element.cardId}`, x + 8, y + 4, Math.max(0, w - 16), Math.max(0, h - 8), Math.max(6, Math.min(16, w / 10)), "#1f2933")
    case "sticky":
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${element.colour}"/>` +
        textBlock(element.text, x + 8, y + 4, Math.max(0, w - 16), Math.max(0, h - 8), 16, "#1f2933")
    case "text":
      return textBlock(element.text, x, y, w, h, element.fontSize, element.colour)
    case "stroke": {
      const points = element.points.map(([px, py]) => `${num(x + px)},${num(y + py)}`).join(" ")
      const opacity = element.tool === "highlighter" ? ` stroke-opacity="0.4"` : ""
      return `<polyline points="${points}" fill="none" stroke="${element.colour}" stroke-width="${num(element.width)}" stroke-linecap="round" stroke-linejoin="round"${opacity}/>`
    }
    case "shape":
      switch (element.shape) {
        case "rectangle": return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="none" stroke="${element.colour}" stroke-width="3"/>`
        case "ellipse": return `<ellipse cx="${num(x + w / 2)}" cy="${num(y + h / 2)}" rx="${num(w / 2)}" ry="${num(h / 2)}" fill="none" stroke="${element.colour}" stroke-width="3"/>`
        case "triangle": return `<polygon points="${num(x + w / 2)},${num(y)} ${num(x + w)},${num(y + h)} ${num(x)},${num(y + h)}" fill="none" stroke="${element.colour}" stroke-width="3"/>`
        case "line": return `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + w)}" y2="${num(y + h)}" stroke="${element.colour}" stroke-width="3"/>`
        case "arrow": return arrow(x, y, x + w, y + h, element.colour, 3)
      }
      return ""
    case "image":
      // Only inline images are drawn: the server never fetches a URL a canvas names.
      return element.src.startsWith("data:")
        ? `<image x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" href="${escape(element.src)}" preserveAspectRatio="xMidYMid meet"/>`
        : `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="#e4e7eb" stroke="#9aa5b1" stroke-dasharray="6 4"/>` +
          textBlock(element.alt || "image", x + 8, y + 4, Math.max(0, w - 16), Math.max(0, h - 8), 14, "#52606d")
  }
}

/** A line with a filled head drawn as a polygon (markers render differently across converters). */
const arrow = (x1: number, y1: number, x2: number, y2: number, colour: string, width: number) => {
  const angle = Math.atan2(y2 - y1, x2 - x1)
  const size = 6 + width * 2
  const left = [x2 - size * Math.cos(angle - 0.45), y2 - size * Math.sin(angle - 0.45)]
  const right = [x2 - size * Math.cos(angle + 0.45), y2 - size * Math.sin(angle + 0.45)]
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${colour}" stroke-width="${num(width)}"/>` +
    `<polygon points="${num(x2)},${num(y2)} ${num(left[0]!)},${num(left[1]!)} ${num(right[0]!)},${num(right[1]!)}" fill="${colour}"/>`
}

const centre = (element: Placed) => [element.x + element.w / 2, element.y + element.h / 2] as const

const drawConnector = (element: Extract<CanvasElement, { kind: "connector" }>, placed: ReadonlyMap<string, Placed>): string => {
  const from = placed.get(element.from)
  const to = placed.get(element.to)
  if (!from || !to) return "" // an end not visible here (or not imported yet): nothing to join
  const [x1, y1] = centre(from)
  const [x2, y2] = centre(to)
  const line = element.arrow ? arrow(x1, y1, x2, y2, element.colour, element.width) : `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${element.colour}" stroke-width="${num(element.width)}"/>`
  const label = element.label ? `<text x="${num((x1 + x2) / 2)}" y="${num((y1 + y2) / 2 - 6)}" font-family="${FONT_FAMILY}" font-size="14" fill="${element.colour}" text-anchor="middle">${escape(element.label)}</text>` : ""
  return line + label
}

const boundsOf = (elements: readonly Placed[]) => {
  if (elements.length === 0) return { minX: 0, minY: 0, maxX: 400, maxY: 300 }
  const strokeExtent = (e: Placed) => (e.kind === "stroke" ? e.points.reduce((acc, [px, py]) => [Math.min(acc[0]!, e.x + px), Math.min(acc[1]!, e.y + py), Math.max(acc[2]!, e.x + px), Math.max(acc[3]!, e.y + py)], [e.x, e.y, e.x + e.w, e.y + e.h]) : [e.x, e.y, e.x + e.w, e.y + e.h])
  const boxes = elements.map(strokeExtent)
  return { minX: Math.min(...boxes.map((b) => b[0]!)), minY: Math.min(...boxes.map((b) => b[1]!)), maxX: Math.max(...boxes.map((b) => b[2]!)), maxY: Math.max(...boxes.map((b) => b[3]!)) }
}

export const renderCanvasSvg = (elements: readonly CanvasElement[], options: SvgOptions = {}): CanvasRendering => {
  const { maxSize = 1600, padding = 40, background = "#ffffff" } = options
  const placed = elements.filter((element): element is Placed => element.kind !== "connector")
  const byId = new Map(placed.map((element) => [element.id, element]))
  const { minX, minY, maxX, maxY } = boundsOf(placed)
  const contentW = Math.max(1, maxX - minX + padding * 2)
  const contentH = Math.max(1, maxY - minY + padding * 2)
  const scale = maxSize / Math.max(contentW, contentH)
  const width = Math.max(1, Math.round(contentW * scale))
  const height = Math.max(1, Math.round(contentH * scale))
  const body = elements.map((element) => (element.kind === "connector" ? drawConnector(element, byId) : drawPlaced(element))).join("\n")
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${num(minX - padding)} ${num(minY - padding)} ${num(contentW)} ${num(contentH)}">\n` +
    `<rect x="${num(minX - padding)}" y="${num(minY - padding)}" width="${num(contentW)}" height="${num(contentH)}" fill="${background}"/>\n${body}\n</svg>\n`
  return { svg, width, height }
}
