/**
 * SVG to a vector PDF: pdfkit writes the document, svg-to-pdfkit turns the
 * SVG's shapes into PDF paths and its text into real (selectable) text in
 * the bundled font. The page is the SVG's size in points.
 */
import PDFDocument from "pdfkit"
import SVGtoPDF from "svg-to-pdfkit"
import { FONT_FAMILY, FONT_FILE } from "./fonts.ts"

/** Collects a pdfkit document into one buffer once it ends. */
export const collectPdf = (doc: PDFKit.PDFDocument): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on("data", (chunk: Buffer) => chunks.push(chunk))
    doc.on("end", () => resolve(Buffer.concat(chunks)))
    doc.on("error", reject)
  })

/** Fixed metadata dates keep the bytes of one rendering the same from run to run. */
export const newPdf = (size: [number, number] | "A4", title: string): PDFKit.PDFDocument => {
  const doc = new PDFDocument({
    size,
    margin: size === "A4" ? 56 : 0,
    info: { Title: title, Producer: "Studio", Creator: "Studio", CreationDate: new Date(0), ModDate: new Date(0) },
    autoFirstPage: true,
  })
  doc.registerFont(FONT_FAMILY, FONT_FILE)
  doc.font(FONT_FAMILY)
  return doc
}

let measuring: PDFKit.PDFDocument | undefined

/** Widths in the PDF's font, from a document kept only for measuring (one per thread, never written). */
export const measurePdfText = (text: string, fontSize: number): number => {
  measuring ??= newPdf([1, 1], "measure")
  return measuring.fontSize(fontSize).widthOfString(text)
}

export const svgToPdf = (svg: string, width: number, height: number, title: string): Promise<Buffer> => {
  const doc = newPdf([width, height], title)
  const done = collectPdf(doc)
  SVGtoPDF(doc, svg, 0, 0, { width, height, assumePt: true, fontCallback: () => FONT_FAMILY })
  doc.end()
  return done
}
