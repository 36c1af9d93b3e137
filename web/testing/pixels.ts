/**
 * Comparing what a canvas shows on screen with the server's PNG export of
 * the same canvas. The two frame the world differently (the export fits the
 * content into 1600 px; the screen shows the member's view), so the export
 * is resampled onto the screen's pixels over the part of the world both
 * show (a box filter: each screen pixel is the mean of the export pixels it
 * covers), then compared with pixelmatch. What counts is how many of the
 * pixels that carry ink in the export differ on screen: a blank or shifted
 * drawing fails, anti-aliasing does not.
 */
import { PNG } from "pngjs"
import pixelmatch from "pixelmatch"
import { exportFrame } from "../../actors/canvas/drawing.ts"
import type { CanvasElement } from "../../actors/canvas/state.ts"

export interface ScreenView {
  readonly x: number
  readonly y: number
  readonly zoom: number
}

export interface Comparison {
  /** Export pixels (resampled) that are not near-white: the drawing's ink. */
  readonly ink: number
  /** Pixels pixelmatch finds different between screen and export. */
  readonly different: number
  readonly width: number
  readonly height: number
  /** The diff image, for a person to look at. */
  readonly diff: Buffer
}

/** Elements as the JSON backup carries them, in the shape the drawing geometry takes. */
export const elementsOfBackup = (backup: {
  canvas: { elements: readonly { elementId: string; element: object; groupId: string | null; locked: boolean }[] }
}): CanvasElement[] =>
  backup.canvas.elements.map(
    (e) => ({ ...e.element, id: e.elementId, groupId: e.groupId, locked: e.locked, createdBy: "", createdAt: 0, updatedAt: 0 }) as CanvasElement,
  )

export const compareWithExport = (screenPng: Buffer, view: ScreenView, exportPng: Buffer, elements: readonly CanvasElement[]): Comparison => {
  const screen = PNG.sync.read(screenPng)
  const exported = PNG.sync.read(exportPng)
  const frame = exportFrame(elements)
  const perWorld = exported.width / frame.view.w
  // The screen pixels whose world point the export shows.
  const x0 = Math.max(0, Math.ceil((frame.view.x - view.x) * view.zoom))
  const y0 = Math.max(0, Math.ceil((frame.view.y - view.y) * view.zoom))
  const x1 = Math.min(screen.width, Math.floor((frame.view.x + frame.view.w - view.x) * view.zoom))
  const y1 = Math.min(screen.height, Math.floor((frame.view.y + frame.view.h - view.y) * view.zoom))
  const width = Math.max(0, x1 - x0)
  const height = Math.max(0, y1 - y0)
  const a = new Uint8Array(width * height * 4)
  const b = new Uint8Array(width * height * 4)
  const footprint = perWorld / view.zoom
  let ink = 0
  for (let sy = 0; sy < height; sy++) {
    for (let sx = 0; sx < width; sx++) {
      const out = (sy * width + sx) * 4
      const from = ((y0 + sy) * screen.width + (x0 + sx)) * 4
      for (let c = 0; c < 4; c++) a[out + c] = screen.data[from + c]!
      // The export pixels this screen pixel covers.
      const ex0 = (view.x + (x0 + sx) / view.zoom - frame.view.x) * perWorld
      const ey0 = (view.y + (y0 + sy) / view.zoom - frame.view.y) * perWorld
      const sum = [0, 0, 0, 0]
      let n = 0
      for (let ey = Math.floor(ey0); ey < Math.max(Math.floor(ey0) + 1, Math.floor(ey0 + footprint)); ey++) {
        for (let ex = Math.floor(ex0); ex < Math.max(Math.floor(ex0) + 1, Math.floor(ex0 + footprint)); ex++) {
          if (ex < 0 || ey < 0 || ex >= exported.width || ey >= exported.height) continue
          const at = (ey * exported.width + ex) * 4
          for (let c = 0; c < 4; c++) sum[c]! += exported.data[at + c]!
          n++
        }
      }
      for (let c = 0; c < 4; c++) b[out + c] = n > 0 ? Math.round(sum[c]! / n) : 255
      if (b[out]! < 230 || b[out + 1]! < 230 || b[out + 2]! < 230) ink++
    }
  }
  const diff = new PNG({ width, height })
  const different = pixelmatch(a, b, diff.data, width, height, { threshold: 0.2 })
  return { ink, different, width, height, diff: PNG.sync.write(diff) }
}
