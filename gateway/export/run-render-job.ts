import { Resvg } from "@resvg/resvg-js"
import { renderRecapPdf } from "../http/recap-pdf.ts"
import { journalPdf } from "./journal-pdf.ts"
import { measurePdfText, svgToPdf } from "./pdf.ts"
import { RESVG_OPTIONS } from "./png.ts"
import { unpackElements, type RenderJob } from "./render-jobs.ts"
import { renderCanvasSvg } from "./svg.ts"

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
      const rendering = renderCanvasSvg(unpackElements(job.elements), { cardFaces: job.cardFaces ?? {}, measureText: measurePdfText })
      return svgToPdf(rendering.svg, rendering.width, rendering.height, job.title)
    }
    case "journalPdf":
      return journalPdf(job.journal)
    case "recapPdf":
      return renderRecapPdf(job.recap)
  }
}
