/** A journal export as PDF (journal.ts has the export itself), rendered in the export worker. */
import { dirname, join } from "node:path"
import type { Block } from "../../actors/journal/index.ts"
import { BOLD_FONT_FILE, FONT_FAMILY, FONT_FILE } from "./fonts.ts"
import { entryFacts, type JournalExport } from "./journal.ts"
import { collectPdf, newPdf } from "./pdf.ts"

/** A block's text cut where its marks begin and end, each run with the marks over it (code reads as plain text). */
const inlineRuns = (block: Block): Array<{ text: string; bold: boolean; italic: boolean; href: string | undefined }> => {
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
  for (const entry of journal.entries) {
    doc
      .font("bold")
      .fontSize(15)
      .text(entry.title || "Untitled")
    doc.font(FONT_FAMILY).fontSize(9).fillColor("#52606d").text(entryFacts(entry)).fillColor("#000000").moveDown(0.4)
    if (entry.prompt) doc.fontSize(10).fillColor("#52606d").text(entry.prompt).fillColor("#000000").moveDown(0.4)
    for (const block of entry.doc) {
      const prefix = { bullet: "• ", numbered: "– ", check: block.checked ? "☑ " : "☐ ", quote: "“", heading: "", paragraph: "" }[block.type]
      doc.fontSize(block.type === "heading" ? 13 : 11)
      const runs = [
        { text: prefix, bold: false, italic: false, href: undefined as string | undefined },
        ...inlineRuns(block),
        { text: block.type === "quote" ? "”" : "", bold: false, italic: false, href: undefined },
      ]
      const shown = runs.filter((run) => run.text !== "")
      if (shown.length === 0) doc.text(" ")
      shown.forEach((run, i) => {
        const bold = run.bold || block.type === "heading"
        doc.font(bold && run.italic ? "bold-italic" : bold ? "bold" : run.italic ? "italic" : FONT_FAMILY)
        doc.text(run.text, { continued: i < shown.length - 1, link: run.href ?? null, underline: run.href !== undefined })
      })
    }
    doc.moveDown()
  }
  doc.end()
  return done
}
