/**
 * Measures the export pipeline on a busy canvas: `npx tsx bench/gateway/export.ts [runs]`.
 * Set SHARP_DIR to a folder where `sharp` is installed to compare its SVG
 * rasterizer (librsvg) with resvg on the same SVG; it is not a dependency.
 */
import { createRequire } from "node:module"
import { join } from "node:path"
import type { CanvasElement, ElementInput } from "../../actors/canvas/index.ts"
import { svgToPdf } from "../../gateway/export/pdf.ts"
import { svgToPng } from "../../gateway/export/png.ts"
import { renderCanvasSvg } from "../../gateway/export/svg.ts"

const runs = Number(process.argv[2] ?? 10)
const inputs: ElementInput[] = []
for (let i = 0; i < 150; i++)
  inputs.push({
    kind: "sticky",
    text: `note ${i}: what do you notice when you wait?`,
    colour: "#ffd400",
    x: (i % 15) * 200,
    y: Math.floor(i / 15) * 160,
    w: 180,
    h: 140,
  })
for (let i = 0; i < 40; i++) inputs.push({ kind: "card", cardId: `card-${i}`, x: (i % 10) * 220, y: 1700 + Math.floor(i / 10) * 320, w: 200, h: 300 })
for (let i = 0; i < 50; i++)
  inputs.push({
    kind: "stroke",
    tool: "pen",
    colour: "#112233",
    width: 3,
    points: Array.from({ length: 200 }, (_, k): [number, number] => [k * 3, Math.sin(k / 10 + i) * 40]),
    x: 100,
    y: 3000 + i * 30,
    w: 600,
    h: 80,
  })
const elements = inputs.map(
  (e, i) => ({ ...e, id: `e${i}`, createdBy: "o", createdAt: 0, updatedAt: 0, groupId: null, locked: false }) as CanvasElement,
)

const time = async (label: string, work: () => unknown) => {
  const samples: number[] = []
  let size = 0
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const out = await work()
    samples.push(performance.now() - started)
    size = (out as { length?: number }).length ?? 0
  }
  samples.sort((a, b) => a - b)
  console.log(
    `${label.padEnd(28)} median ${samples[Math.floor(runs / 2)]!.toFixed(1)} ms  min ${samples[0]!.toFixed(1)} ms  ${(size / 1024).toFixed(0)} KiB`,
  )
}

const rendering = renderCanvasSvg(elements)
console.log(`${elements.length} elements, SVG ${(rendering.svg.length / 1024).toFixed(0)} KiB, ${rendering.width}x${rendering.height}`)
await time("svg (renderCanvasSvg)", () => renderCanvasSvg(elements).svg)
await time("png (resvg, thread pool)", () => svgToPng(rendering.svg))
await time("pdf (pdfkit+svg-to-pdfkit)", () => svgToPdf(rendering.svg, rendering.width, rendering.height, "bench"))
if (process.env.SHARP_DIR) {
  const sharp = createRequire(join(process.env.SHARP_DIR, "index.js"))("sharp") as (input: Buffer) => {
    png: () => { toBuffer: () => Promise<Buffer> }
  }
  await time("png (sharp/librsvg)", () => sharp(Buffer.from(rendering.svg)).png().toBuffer())
}
