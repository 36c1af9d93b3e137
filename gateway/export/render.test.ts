/**
 * The canvas renderings against committed references: the PNG's pixels
 * within a small tolerance, the PDF's drawing operators exactly. After an
 * intended change to the rendering, run with UPDATE_EXPORT_REFERENCE=1 and
 * look at reference/canvas.png before committing it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { inflateSync } from "node:zlib"
import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib"
import { PNG } from "pngjs"
import { describe, expect, it } from "vitest"
import type { CanvasElement, ElementInput } from "../../actors/canvas/index.ts"
import { svgToPdf } from "./pdf.ts"
import { svgToPng } from "./png.ts"
import { renderCanvasSvg } from "./svg.ts"

const reference = (name: string) => new URL(`./reference/${name}`, import.meta.url)
const update = process.env.UPDATE_EXPORT_REFERENCE === "1"

const RED_PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
const inputs: [string, ElementInput][] = [
  ["frame", { kind: "shape", shape: "rectangle", colour: "#cbd2d9", x: 0, y: 0, w: 600, h: 400 }],
  ["card", { kind: "card", cardId: "card-17", x: 20, y: 20, w: 120, h: 180 }],
  ["note", { kind: "sticky", text: "What do you notice when you wait?", colour: "#ffd400", x: 180, y: 30, w: 160, h: 120 }],
  ["ring", { kind: "shape", shape: "ellipse", colour: "#00aa00", x: 380, y: 30, w: 120, h: 80 }],
  ["tri", { kind: "shape", shape: "triangle", colour: "#8ecae6", x: 520, y: 30, w: 60, h: 60 }],
  [
    "ink",
    {
      kind: "stroke",
      tool: "marker",
      colour: "#112233",
      width: 4,
      points: [
        [0, 0],
        [30, 40],
        [60, 10],
        [90, 50],
      ],
      x: 40,
      y: 260,
      w: 90,
      h: 50,
    },
  ],
  [
    "glow",
    {
      kind: "stroke",
      tool: "highlighter",
      colour: "#ffafcc",
      width: 16,
      points: [
        [0, 0],
        [120, 0],
      ],
      x: 200,
      y: 300,
      w: 120,
      h: 1,
    },
  ],
  ["label", { kind: "text", text: "Focus", colour: "#1f2933", fontSize: 28, x: 380, y: 200, w: 150, h: 40 }],
  ["photo", { kind: "image", src: RED_PIXEL, alt: "red", x: 380, y: 300, w: 40, h: 40 }],
  ["remote", { kind: "image", src: "https://example.com/lake.jpg", alt: "a lake", x: 440, y: 300, w: 120, h: 60 }],
  ["link", { kind: "connector", from: "card", to: "note", colour: "#1f2933", width: 2, arrow: true, label: "leads to" }],
  ["plain", { kind: "connector", from: "note", to: "ring", colour: "#52606d", width: 1, arrow: false, label: "" }],
]
const CARD_ART = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 400" width="300" height="400"><defs><linearGradient id="sky"><stop offset="0" stop-color="#dff1f4"/><stop offset="1" stop-color="#a8dadc"/></linearGradient></defs><rect width="300" height="400" fill="url(#sky)"/><circle cx="150" cy="200" r="80" fill="#e63946"/></svg>`
const cardFaces = { "card-17": { word: "Wait", question: "What are you waiting for?", image: { kind: "svg" as const, svg: CARD_ART } } }
const elements: CanvasElement[] = inputs.map(
  ([id, element]) => ({ ...element, id, createdBy: "owner", createdAt: 0, updatedAt: 0, groupId: null, locked: false }) as CanvasElement,
)
const rendering = renderCanvasSvg(elements, { maxSize: 480, cardFaces })

const compareWithReference = (actual: PNG, expected: PNG) => {
  expect([actual.width, actual.height]).toEqual([expected.width, expected.height])
  let differing = 0
  let total = 0
  for (let i = 0; i < actual.data.length; i += 4) {
    const diff = Math.max(...[0, 1, 2, 3].map((c) => Math.abs(actual.data[i + c]! - expected.data[i + c]!)))
    total += diff
    if (diff > 48) differing++
  }
  return { differingShare: differing / (actual.width * actual.height), meanDiff: total / (actual.width * actual.height) }
}

describe("canvas rendering", () => {
  it("the SVG fits the elements' bounds plus padding into the requested size, and escapes text", () => {
    // Bounds 600 x 400 plus 40 padding on each side, scaled so the longer side is 480.
    expect([rendering.width, rendering.height]).toEqual([480, Math.round((480 * 480) / 680)])
    expect(renderCanvasSvg([{ ...elements[2]!, kind: "sticky", text: "<script>&" } as CanvasElement]).svg).toContain("&lt;script&gt;&amp;")
    // A remote image is never fetched: it is drawn as a labelled frame.
    expect(rendering.svg).not.toContain("example.com")
    // A card is drawn with its face when the reader may see it (the picture inlined, its ids kept apart), as its back otherwise.
    expect(rendering.svg).toContain(">Wait</tspan>")
    expect(rendering.svg).toContain(`fill="url(#c1-sky)"`)
    const back = renderCanvasSvg([elements[1]!]).svg
    expect(back).not.toContain("card-17")
    expect(back).not.toContain("<tspan")
  })

  it("the PNG decodes at the rendering's size and matches the reference pixels within tolerance", async () => {
    const png = await svgToPng(rendering.svg)
    const decoded = PNG.sync.read(png)
    expect([decoded.width, decoded.height]).toEqual([rendering.width, rendering.height])
    if (update) writeFileSync(reference("canvas.png"), png)
    expect(existsSync(reference("canvas.png")), "reference/canvas.png is missing; run with UPDATE_EXPORT_REFERENCE=1").toBe(true)
    const { differingShare, meanDiff } = compareWithReference(decoded, PNG.sync.read(readFileSync(reference("canvas.png"))))
    expect(differingShare).toBeLessThan(0.005)
    expect(meanDiff).toBeLessThan(2)
  })

  it("a rendering that differs is caught by the comparison", async () => {
    const moved = renderCanvasSvg(elements.map((e) => (e.id === "note" ? { ...e, x: 260 } : e)) as CanvasElement[], { maxSize: 480, cardFaces })
    const { differingShare } = compareWithReference(PNG.sync.read(await svgToPng(moved.svg)), PNG.sync.read(readFileSync(reference("canvas.png"))))
    expect(differingShare).toBeGreaterThan(0.005)
  })

  it("the PDF parses, has one page of the rendering's size, draws with vector paths and real text, and matches the reference operators", async () => {
    const bytes = await svgToPdf(rendering.svg, rendering.width, rendering.height, "Test canvas")
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-")
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getPageCount()).toBe(1)
    const page = pdf.getPage(0)
    expect([page.getWidth(), page.getHeight()]).toEqual([rendering.width, rendering.height])
    const contents = page.node.Contents()
    const stream =
      contents &&
      pdf.context.lookup(contents instanceof PDFRawStream ? contents : ((contents as unknown as { get: (i: number) => unknown }).get(0) as never))
    expect(stream).toBeInstanceOf(PDFRawStream)
    const raw = stream as PDFRawStream
    const operators = (raw.dict.get(PDFName.of("Filter")) ? inflateSync(raw.contents) : Buffer.from(raw.contents)).toString("latin1")
    // Paths (moveto/lineto/curveto, stroke and fill) and text (Tj/TJ), not one embedded picture of the canvas.
    for (const op of [" m\n", " l\n", " c\n", "\nS\n", "\nf\n", " Tj\n"]) expect(operators).toContain(op)
    if (update) writeFileSync(reference("canvas.pdf-operators.txt"), operators)
    expect(operators).toBe(readFileSync(reference("canvas.pdf-operators.txt"), "latin1"))
  })
})
