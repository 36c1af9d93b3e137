/**
 * Journal exports as Markdown, JSON and PDF, made from the journal as the
 * reader may see it: the whole journal for its owner (unresolved conflicts
 * included, so an export never hides a version), the shared entries alone
 * for a coach.
 */
import { dirname, join } from "node:path"
import type { Block, Conflict, EntryContent, JournalState, SharedJournal } from "../../actors/journal/index.ts"
import { toMarkdown } from "../../actors/journal/index.ts"
import { BOLD_FONT_FILE, FONT_FAMILY, FONT_FILE } from "./fonts.ts"
import { collectPdf, newPdf } from "./pdf.ts"

export interface ExportedEntry extends EntryContent {
  readonly conflicts?: readonly Conflict[]
}

export interface JournalExport {
  readonly format: "studio.journal"
  readonly version: 1
  readonly ownerId: string
  readonly entries: readonly ExportedEntry[]
}

export const toJournalExport = (view: JournalState | SharedJournal): JournalExport => ({
  format: "studio.journal",
  version: 1,
  ownerId: view.ownerId,
  entries: view.entries.map((entry) => ({
    id: entry.id, title: entry.title, body: entry.body, doc: entry.doc, tags: entry.tags, mood: entry.mood,
    sessionId: entry.sessionId, prompt: entry.prompt, createdAt: entry.createdAt, updatedAt: entry.updatedAt,
    ...("conflicts" in entry && entry.conflicts.length > 0 ? { conflicts: entry.conflicts } : {}),
  })),
})

const day = (at: number) => new Date(at).toISOString().slice(0, 10)

const facts = (entry: ExportedEntry) =>
  [day(entry.createdAt), entry.mood !== null ? `mood ${entry.mood}/5` : "", entry.tags.length ? `tags: ${entry.tags.join(", ")}` : "", entry.sessionId ? `session ${entry.sessionId}` : ""]
    .filter(Boolean)
    .join(" · ")

export const journalMarkdown = (journal: JournalExport): string => {
  const parts = [`# Journal`, ""]
  for (const entry of journal.entries) {
    parts.push(`## ${entry.title || "Untitled"}`, "", `*${facts(entry)}*`, "")
    if (entry.prompt) parts.push(`> ${entry.prompt}`, "")
    if (entry.doc.length) parts.push(toMarkdown(entry.doc), "")
    for (const conflict of entry.conflicts ?? []) {
      parts.push(`### Another version of the ${conflict.field} (not yet resolved)`, "", conflict.field === "title" ? conflict.title ?? "" : conflict.doc ? toMarkdown(conflict.doc) : conflict.body ?? "", "")
    }
  }
  return parts.join("\n")
}

/** A block's text cut where its marks begin and end, each run with the marks over it (code reads as plain text). */
const inlineRuns = (block: Block): Array<{ text: string; bold: boolean; italic: boolean; href: string | undefined }> => {
  const marks = block.marks ?? []
  const cuts = [...new Set([0, block.text.length, ...marks.flatMap((mark) => [mark.start, mark.end])])].filter((at) => at <= block.text.length).sort((a, b) => a - b)
  return cuts.slice(0, -1).map((start, i) => {
    const end = cuts[i + 1]!
    const over = marks.filter((mark) => mark.start <= start && mark.end >= end)
    return { text: block.text.slice(start, end), bold: over.some((m) => m.type === "bold"), italic: over.some((m) => m.type === "italic"), href: over.find((m) => m.type === "link")?.href }
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
    doc.font("bold").fontSize(15).text(entry.title || "Untitled")
    doc.font(FONT_FAMILY).fontSize(9).fillColor("#52606d").text(facts(entry)).fillColor("#000000").moveDown(0.4)
    if (entry.prompt) doc.fontSize(10).fillColor("#52606d").text(entry.prompt).fillColor("#000000").moveDown(0.4)
    for (const block of entry.doc) {
      const prefix = { bullet: "• ", numbered: "– ", check: block.checked ? "☑ " : "☐ ", quote: "“", heading: "", paragraph: "" }[block.type]
      doc.fontSize(block.type === "heading" ? 13 : 11)
      const runs = [{ text: prefix, bold: false, italic: false, href: undefined as string | undefined }, ...inlineRuns(block), { text: block.type === "quote" ? "”" : "", bold: false, italic: false, href: undefined }]
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
