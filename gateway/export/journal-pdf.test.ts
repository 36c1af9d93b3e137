/**
 * The journal PDF with Hebrew in it: mixed lines go through the bidi layout
 * (bidi-lines.test.ts pins their order); here, that a long Hebrew journal
 * breaks onto new pages and a mixed one renders beside plain English entries.
 */
import { PDFDocument } from "pdf-lib"
import { describe, expect, it } from "vitest"
import type { Block } from "../../actors/journal/index.ts"
import type { JournalExport } from "./journal.ts"
import { journalPdf } from "./journal-pdf.ts"

const paragraph = (text: string, marks: Block["marks"] = []): Block => ({ type: "paragraph", text, marks }) as Block

const journalOf = (...docs: Block[][]): JournalExport => ({
  format: "studio.journal",
  version: 1,
  ownerId: "writer",
  entries: docs.map((doc, i) => ({
    id: `e${i}`,
    title: i === 0 ? "יומן Studio" : "A plain entry",
    body: "",
    doc,
    tags: [],
    mood: null,
    sessionId: null,
    prompt: i === 0 ? "מה שמת לב אליו היום?" : null,
    createdAt: 0,
    updatedAt: 0,
  })),
})

const pages = async (pdf: Buffer) => (await PDFDocument.load(pdf)).getPageCount()

describe("journal PDF with Hebrew", () => {
  it("breaks a long Hebrew entry onto as many pages as the same length of English takes", async () => {
    const hebrew = Array.from({ length: 120 }, (_, i) => paragraph(`שורה ${i}: היום קראתי את Points of View בבוקר, ואז שלוש דקות של שקט.`))
    const english = Array.from({ length: 120 }, (_, i) => paragraph(`Line ${i}: this morning I read Points of View, then three quiet minutes.`))
    const [hebrewPages, englishPages] = [await pages(await journalPdf(journalOf(hebrew))), await pages(await journalPdf(journalOf(english)))]
    expect(hebrewPages).toBeGreaterThan(1)
    expect(Math.abs(hebrewPages - englishPages)).toBeLessThanOrEqual(1)
  })

  it("renders bold and linked runs inside a Hebrew line next to an English entry", async () => {
    const mixed = paragraph("מילה מודגשת ו-bold word עם קישור", [
      { type: "bold", start: 5, end: 11 },
      { type: "link", start: 27, end: 32, href: "https://example.org" },
    ] as Block["marks"])
    expect(await pages(await journalPdf(journalOf([mixed], [paragraph("Only English here.")])))).toBe(1)
  })
})
