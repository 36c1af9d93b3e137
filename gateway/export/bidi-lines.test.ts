/**
 * Mixed Hebrew and English laid out for the PDF: page order of the pieces,
 * which way each reads, the text handed to the font, alignment and wrapping.
 * Widths are one unit per character so the positions can be read off.
 */
import { describe, expect, it } from "vitest"
import { hasRightToLeft, layoutParagraph, type Paragraph } from "./bidi-lines.ts"

const monospace = (text: string) => [...text].length
const plain = (text: string) => [{ text, style: "regular" }]
const pageOrder = (paragraph: Paragraph<string>) => paragraph.lines.map((line) => line.pieces.map((piece) => piece.text))

describe("bidi lines for PDF exports", () => {
  it("reads a Hebrew paragraph right to left, each word handed to the font in reading order", () => {
    const paragraph = layoutParagraph(plain("שלום עולם"), 100, monospace)
    expect(paragraph.rtl).toBe(true)
    expect(pageOrder(paragraph)).toEqual([["עולם", "שלום"]])
    expect(paragraph.lines[0]!.pieces.map((piece) => [piece.x, piece.rtl])).toEqual([
      [0, true],
      [5, true],
    ])
    expect(paragraph.lines[0]!.width).toBe(9)
  })

  it("keeps English words inside a Hebrew sentence left to right and in their own order", () => {
    const paragraph = layoutParagraph(plain("היום קראתי את Points of View בבוקר."), 100, monospace)
    // The full stop ends the Hebrew sentence: it goes with its last word, at the left end once the font turns it.
    expect(pageOrder(paragraph)).toEqual([["בבוקר.", "Points", "of", "View", "את", "קראתי", "היום"]])
    expect(paragraph.lines[0]!.pieces.filter((piece) => !piece.rtl).map((piece) => piece.text)).toEqual(["Points", "of", "View"])
  })

  it("keeps a Hebrew word inside an English sentence in place, reading right to left", () => {
    const paragraph = layoutParagraph(plain("Plain line with עברית inside it."), 100, monospace)
    expect(paragraph.rtl).toBe(false)
    expect(pageOrder(paragraph)).toEqual([["Plain", "line", "with", "עברית", "inside", "it."]])
    expect(paragraph.lines[0]!.pieces.map((piece) => piece.rtl)).toEqual([false, false, false, true, false, false])
  })

  it("turns punctuation between Hebrew words itself and mirrors brackets, since the font turns only Hebrew letters", () => {
    const [line] = layoutParagraph(plain("אמרתי (בשקט) ?! ואז"), 100, monospace).lines
    // The font reverses "(בשקט)" mirrored, ")בשקט(", into "(טקשב)": brackets the right way round on the page.
    expect(line!.pieces.map((piece) => piece.text)).toEqual(["ואז", "!?", ")בשקט(", "אמרתי"])
  })

  it("keeps styles apart: a bold English word in a Hebrew line is its own piece", () => {
    const runs = [
      { text: "מילה ", style: "regular" },
      { text: "bold word", style: "bold" },
      { text: " כאן", style: "regular" },
    ]
    const [line] = layoutParagraph(runs, 100, monospace).lines
    expect(line!.pieces.map((piece) => [piece.text, piece.style])).toEqual([
      ["כאן", "regular"],
      ["bold", "bold"],
      ["word", "bold"],
      ["מילה", "regular"],
    ])
  })

  it("wraps at spaces in reading order: the first words of a Hebrew paragraph are on its first line", () => {
    const paragraph = layoutParagraph(plain("אחת שתיים שלוש ארבע חמש"), 10, monospace)
    expect(pageOrder(paragraph)).toEqual([["שתיים", "אחת"], ["ארבע", "שלוש"], ["חמש"]])
    for (const line of paragraph.lines) expect(line.width).toBeLessThanOrEqual(10)
  })

  it("glues a word whose parts differ in style or direction, and never breaks inside it", () => {
    const paragraph = layoutParagraph(plain("ו-Studio"), 3, monospace)
    expect(paragraph.lines).toHaveLength(1)
    expect(paragraph.lines[0]!.pieces.map((piece) => piece.x)).toEqual([0, 6])
  })

  it("tells text with right-to-left letters from text without", () => {
    expect(hasRightToLeft("Plain English, 42 (and brackets)")).toBe(false)
    expect(hasRightToLeft("One Hebrew letter: א")).toBe(true)
    expect(hasRightToLeft("مرحبا")).toBe(true)
  })
})
