/**
 * Which part of the world has display objects shown. The shown area is the
 * view grown by COVER_MARGIN of its size on every side; it is recomputed
 * only when the view leaves it (or shrinks well inside it, after zooming in),
 * so most pan frames change nothing in the scene graph and pixi reuses the
 * previous frame's draw instructions (the world container is a render group:
 * moving it is one transform).
 */
import type { Box } from "../../../../actors/canvas/drawing.ts"

const COVER_MARGIN = 0.5
/** Recompute once the covered area is this many times the view's (zoomed in since). */
const MAX_COVER_RATIO = 9 * 4

const area = (b: Box) => Math.max(0, b.maxX - b.minX) * Math.max(0, b.maxY - b.minY)

export class CoverArea {
  #covered: Box | undefined

  /** The new area to show when `view` is no longer well covered; undefined when the shown set can stay as it is. */
  next(view: Box): Box | undefined {
    const c = this.#covered
    const inside = c && view.minX >= c.minX && view.minY >= c.minY && view.maxX <= c.maxX && view.maxY <= c.maxY
    if (inside && area(c) <= area(view) * MAX_COVER_RATIO) return undefined
    const mx = (view.maxX - view.minX) * COVER_MARGIN
    const my = (view.maxY - view.minY) * COVER_MARGIN
    this.#covered = { minX: view.minX - mx, minY: view.minY - my, maxX: view.maxX + mx, maxY: view.maxY + my }
    return this.#covered
  }

  current(): Box | undefined {
    return this.#covered
  }

  /** Forces the next `next` to recompute (elements changed under it, or a region render borrowed the scene). */
  invalidate(): void {
    this.#covered = undefined
  }
}
