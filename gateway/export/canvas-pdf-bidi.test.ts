/**
 * The canvas PDF's text in Hebrew with English in it: the PDF's font engine
 * has no bidi, so each line is drawn as pieces of one direction placed where
 * the bidi algorithm puts them (as resvg lays out the PNG). Checked on the
 * SVG the PDF is drawn from; the PNG's SVG keeps one marked line per tspan.
 */
import { describe, expect, it } from "vitest"
import type { CanvasElement } from "../../actors/canvas/index.ts"
import { measurePdfText } from "./pdf.ts"
import { renderCanvasSvg } from "./svg.ts"

const base = { createdBy: "owner", createdAt: 0, updatedAt: 0, groupId: null, locked: false }
const sticky = (text: string): CanvasElement =>
  ({ ...base, id: "note", kind: "sticky", text, colour: "#fff4a3", x: 0, y: 0, w: 260, h: 160 }) as CanvasElement

/** Each tspan's x, baseline and text, line by line (by baseline), left to right. */
const linesOf = (svg: string): string[][] => {
  const spans = [...svg.matchAll(/<tspan x="([\d.-]+)" y="([\d.-]+)">([^<]*)<\/tspan>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    text: m[3]!,
  }))
  const baselines = [...new Set(spans.map((s) => s.y))].sort((a, b) => a - b)
  return baselines.map((y) =>
    spans
      .filter((s) => s.y === y)
      .sort((a, b) => a.x - b.x)
      .map((s) => s.text),
  )
}

describe("canvas PDF text in both directions", () => {
  it("places a Hebrew line's words and its English name in page order, the English words in their own order", () => {
    const { svg } = renderCanvasSvg([sticky("היום קראתי את Points of View בבוקר")], { measureText: measurePdfText })
    const [first] = linesOf(svg)
    expect(first).toEqual(["Points", "of", "את", "קראתי", "היום"])
    expect(svg).not.toMatch(/[\u202a-\u202e]/)
  })

  it("puts an English phrase of a Hebrew line to the left of the Hebrew, and hands the font a Hebrew bracket mirrored", () => {
    const { svg } = renderCanvasSvg([sticky("שלום (עולם) and (world)")], { measureText: measurePdfText })
    // The font turns a Hebrew piece itself, brackets too: ")עולם(" is drawn as "(עולם)" reads.
    expect(linesOf(svg)).toEqual([["and", "(world)", ")עולם(", "שלום"]])
  })

  it("leaves English-only text and the PNG's SVG as one tspan per line, as before", () => {
    const english = renderCanvasSvg([sticky("Plain English note")], { measureText: measurePdfText }).svg
    expect(english).toBe(renderCanvasSvg([sticky("Plain English note")]).svg)
    const forPng = renderCanvasSvg([sticky("היום קראתי את Points of View")]).svg
    expect(forPng).toMatch(/<tspan[^>]*>\u202b[^<]*Points of[^<]*\u202c<\/tspan>/)
  })
})
