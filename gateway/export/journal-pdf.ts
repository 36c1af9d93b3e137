/** A journal export as PDF (journal.ts has the export itself), rendered in the export worker. */
import { dirname, join } from "node:path"
import type { Block } from "../../actors/journal/index.ts"
import { hasRightToLeft, layoutParagraph } from "./bidi-lines.ts"
import { BOLD_FONT_FILE, FONT_FAMILY, FONT_FILE } from "./fonts.ts"
import { entryFacts, type JournalExport } from "./journal.ts"
import { collectPdf, newPdf } from "./pdf.ts"

interface RunStyle {
  readonly bold: boolean
  readonly italic: boolean
  readonly href: string | undefined
}

type Run = { readonly text: string } & RunStyle

const fontOf = (style: RunStyle) => (style.bold && style.italic ? "bold-italic" : style.bold ? "bold" : style.italic ? "italic" : FONT_FAMILY)

/**
 * Runs with Hebrew or Arabic in them, laid out line by line (bidi-lines.ts) at
 * the current font size, right-aligned when the paragraph reads right to left.
 */
const bidiText = (doc: PDFKit.PDFDocument, runs: readonly Run[]) => {
  const left = doc.page.margins.left
  const right = doc.page.width - doc.page.margins.right
  const paragraph = layoutParagraph(
    runs.map((run) => ({ text: run.text, style: run as RunStyle })),
    right - left,
    (text, style) => doc.font(fontOf(style)).widthOfString(text),
  )
  for (const line of paragraph.lines) {
    // The regular face's line height whatever the pieces' faces, as pdfkit's own layout spaces lines.
    const height = doc.font(FONT_FAMILY).currentLineHeight(true)
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage()
    const y = doc.y
    const start = paragraph.rtl ? right - line.width : left
    for (const piece of line.pieces) {
      const link = piece.style.href
      doc.font(fontOf(piece.style)).text(piece.text, start + piece.x, y, { lineBreak: false, link: link ?? null, underline: link !== undefined })
    }
    doc.x = left
    doc.y = y + height
  }
}

/** Text in one style: pdfkit's own layout for left-to-right text, bidiText when it holds Hebrew or Arabic. */
const plainText = (doc: PDFKit.PDFDocument, text: string, style: RunStyle = { bold: false, italic: false, href: undefined }) => {
  if (hasRightToLeft(text)) bidiText(doc, [{ text, ...style }])
  else doc.font(fontOf(style)).text(text)
}

/** A block's text cut where its marks begin and end, each run with the marks over it (code reads as plain text). */
const inlineRuns = (block: Block): Run[] => {
  const marks = block.marks ?? []
  const cuts = [...new Set([0, block.text.length, ...marks.flatMap((mark) => [mark.start, mark.end])])]
    .filter((at) => at <= block.text.length)
    .sort((a, b) => a - b)
  return cuts.slice(0, -1).map((start, i) => {
    const end = cuts[i + 1]!
    const over = marks.filter((mark) => mark.start <= start && mark.end >= end)
    return {
      text: block.text.slice(start, end),
      bold: over.some((m) => m.type === "bold"),
      italic: over.some((m) => m.type === "italic"),
      href: over.find((m) => m.type === "link")?.href,
    }
  })
}

export const journalPdf = (journal: JournalExport): Promise<Buffer> => {
  const doc = newPdf("A4", "Journal")
  doc.registerFont("bold", BOLD_FONT_FILE)
  doc.registerFont("italic", join(dirname(FONT_FILE), "DejaVuSans-Oblique.ttf"))
  doc.registerFont("bold-italic", join(dirname(FONT_FILE), "DejaVuSans-BoldOblique.ttf"))
  const done = collectPdf(doc)
  doc.font("bold").fontSize(22).text("Journal").moveDown()
  const bold = { bold: true, italic: false, href: undefined }
  for (const entry of journal.entries) {
    plainText(doc.fontSize(15), entry.title || "Untitled", bold)
    doc.fontSize(9).fillColor("#52606d")
    plainText(doc, entryFacts(entry))
    doc.fillColor("#000000").moveDown(0.4)
    if (entry.prompt) {
      plainText(doc.fontSize(10).fillColor("#52606d"), entry.prompt)
      doc.fillColor("#000000").moveDown(0.4)
    }
    for (const block of entry.doc) {
      const prefix = { bullet: "• ", numbered: "– ", check: block.checked ? "☑ " : "☐ ", quote: "“", heading: "", paragraph: "" }[block.type]
      doc.fontSize(block.type === "heading" ? 13 : 11)
      const runs: Run[] = [
        { text: prefix, bold: false, italic: false, href: undefined },
        ...inlineRuns(block),
        { text: block.type === "quote" ? "”" : "", bold: false, italic: false, href: undefined },
      ]
        .filter((run) => run.text !== "")
        .map((run) => (block.type === "heading" ? { ...run, bold: true } : run))
      if (runs.length === 0) doc.text(" ")
      else if (runs.some((run) => hasRightToLeft(run.text))) bidiText(doc, runs)
      else
        runs.forEach((run, i) => {
          doc.font(fontOf(run)).text(run.text, { continued: i < runs.length - 1, link: run.href ?? null, underline: run.href !== undefined })
        })
    }
    doc.moveDown()
  }
  doc.end()
  return done
}
