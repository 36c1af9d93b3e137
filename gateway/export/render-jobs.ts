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
 *
 * Types and packing only: the live thread imports this, and the renderers
 * (pdfkit, fontkit, resvg) load in the worker alone (run-render-job.ts).
 */
import type { CanvasElement } from "../../actors/canvas/index.ts"
import type { Recap } from "../../actors/session/recap.ts"
import type { JournalExport } from "./journal.ts"
import type { CardFace } from "./svg.ts"

type Stroke = Extract<CanvasElement, { kind: "stroke" }>
export type PackedElement = Exclude<CanvasElement, Stroke> | (Omit<Stroke, "points"> & { readonly points: Float64Array })

export type RenderJob =
  | { readonly kind: "canvasPng"; readonly elements: readonly PackedElement[]; readonly cardFaces?: Readonly<Record<string, CardFace>> }
  | {
      readonly kind: "canvasPdf"
      readonly title: string
      readonly elements: readonly PackedElement[]
      readonly cardFaces?: Readonly<Record<string, CardFace>>
    }
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
