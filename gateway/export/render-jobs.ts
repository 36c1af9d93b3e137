/**
 * The heavy export renderings as plain-data jobs, so they can run in a
 * worker thread (render-worker.ts) instead of on the live event loop. A job
 * carries what the reader may see (the caller redacts first) and nothing
 * else: no closures, no actor state.
 *
 * Stroke points travel packed in one Float64Array per stroke, transferred
 * rather than copied: a full canvas holds 200,000 points, and structured
 * cloning them as little arrays took 65-150 ms of the live thread, packing
 * them 3-15 ms.
 */
import { Resvg } from "@resvg/resvg-js"
import type { CanvasElement } from "../../actors/canvas/index.ts"
import type { Recap } from "../../actors/session/recap.ts"
import { renderRecapPdf } from "../http/recap-pdf.ts"
import { journalPdf, type JournalExport } from "./journal.ts"
import { svgToPdf } from "./pdf.ts"
import { RESVG_OPTIONS } from "./png.ts"
import { renderCanvasSvg, type CardFace } from "./svg.ts"

type Stroke = Extract<CanvasElement, { kind: "stroke" }>
export type PackedElement = Exclude<CanvasElement, Stroke> | (Omit<Stroke, "points"> & { readonly points: Float64Array })

export type RenderJob =
  | { readonly kind: "canvasPng"; readonly elements: readonly PackedElement[]; readonly cardFaces?: Readonly<Record<string, CardFace>> }
  | { readonly kind: "canvasPdf"; readonly title: string; readonly elements: readonly PackedElement[]; readonly cardFaces?: Readonly<Record<string, CardFace>> }
  | { readonly kind: "journalPdf"; readonly journal: JournalExport }
  | { readonly kind: "recapPdf"; readonly recap: Recap }

export const packElements = (elements: readonly CanvasElement[]): PackedElement[] =>
  elements.map((element) => {
    if (element.kind !== "stroke") return element
    const points = new Float64Array(element.points.length * 2)
    let i = 0
    for (const [x, y] of element.points) {
      points[i++] = x
      points[i++] = y
    }
    return { ...element, points }
  })

export const unpackElements = (elements: readonly PackedElement[]): CanvasElement[] =>
  elements.map((element) => {
    if (element.kind !== "stroke") return element
    const points: [number, number][] = []
    for (let i = 0; i + 1 < element.points.length; i += 2) points.push([element.points[i]!, element.points[i + 1]!])
    return { ...element, points } as CanvasElement
  })

/** The buffers to move (not copy) with a job. */
export const transferablesOf = (job: RenderJob): ArrayBuffer[] =>
  job.kind === "canvasPng" || job.kind === "canvasPdf"
    ? job.elements.flatMap((element) => (element.kind === "stroke" ? [element.points.buffer as ArrayBuffer] : []))
    : []

/**
 * Runs one job where it is called. PNG uses resvg's synchronous render: in a
 * worker that keeps the rasterizing on the worker's own thread, off libuv's
 * shared thread pool, which the embedded log's disk writes also wait on.
 */
export const renderJob = async (job: RenderJob): Promise<Uint8Array> => {
  switch (job.kind) {
    case "canvasPng": {
      const { svg } = renderCanvasSvg(unpackElements(job.elements), { cardFaces: job.cardFaces ?? {} })
      return new Resvg(svg, RESVG_OPTIONS).render().asPng()
    }
    case "canvasPdf": {
      const rendering = renderCanvasSvg(unpackElements(job.elements), { cardFaces: job.cardFaces ?? {} })
      return svgToPdf(rendering.svg, rendering.width, rendering.height, job.title)
    }
    case "journalPdf":
      return journalPdf(job.journal)
    case "recapPdf":
      return renderRecapPdf(job.recap)
  }
}
