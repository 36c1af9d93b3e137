/**
 * The minimap: an overview of the content (each element a small box) and the
 * visible rectangle, in the bottom-right corner. The overview is rebuilt at
 * most every REBUILD_MS while the content changes (a drag sends many
 * changes); the visible rectangle follows every view change. A click or drag
 * on it centres the view there (see `pointToWorld`).
 */
import { Container, Graphics } from "pixi.js"
import type { Box } from "../../../../actors/canvas/drawing.ts"
import type { Viewport } from "./index.ts"

const WIDTH = 180
const HEIGHT = 120
const MARGIN = 12
const REBUILD_MS = 250

interface Frame {
  readonly world: Box
  readonly scale: number
  readonly x: number
  readonly y: number
}

export class Minimap {
  readonly layer = new Container({ label: "minimap", eventMode: "none" })
  readonly #content = new Graphics({ eventMode: "none" })
  readonly #view = new Graphics({ eventMode: "none" })
  #frame: Frame | undefined
  #builtAt = -Infinity
  #contentStale = true

  constructor() {
    this.layer.addChild(this.#content, this.#view)
    this.layer.visible = false
  }

  get visible(): boolean {
    return this.layer.visible
  }

  set visible(value: boolean) {
    this.layer.visible = value
  }

  /** The minimap's rectangle on screen, for a host of this size. */
  rect(screenW: number, screenH: number) {
    return { x: screenW - WIDTH - MARGIN, y: screenH - HEIGHT - MARGIN, w: WIDTH, h: HEIGHT }
  }

  contains(x: number, y: number, screenW: number, screenH: number): boolean {
    const r = this.rect(screenW, screenH)
    return this.visible && x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h
  }

  contentChanged(): void {
    this.#contentStale = true
  }

  /** Returns true when the content could not be rebuilt yet (call again on a later frame). */
  draw(view: Viewport, screenW: number, screenH: number, content: Box | undefined, boxes: () => Iterable<Box & { colour?: string }>): boolean {
    if (!this.visible) return false
    const r = this.rect(screenW, screenH)
    const visible: Box = { minX: view.x, minY: view.y, maxX: view.x + screenW / view.zoom, maxY: view.y + screenH / view.zoom }
    const world = content
      ? {
          minX: Math.min(content.minX, visible.minX),
          minY: Math.min(content.minY, visible.minY),
          maxX: Math.max(content.maxX, visible.maxX),
          maxY: Math.max(content.maxY, visible.maxY),
        }
      : visible
    const scale = Math.min((WIDTH - 8) / (world.maxX - world.minX), (HEIGHT - 8) / (world.maxY - world.minY))
    const frame: Frame = {
      world,
      scale,
      x: r.x + (WIDTH - (world.maxX - world.minX) * scale) / 2,
      y: r.y + (HEIGHT - (world.maxY - world.minY) * scale) / 2,
    }
    const moved =
      !this.#frame ||
      this.#frame.scale !== frame.scale ||
      this.#frame.x !== frame.x ||
      this.#frame.y !== frame.y ||
      this.#frame.world.minX !== world.minX ||
      this.#frame.world.minY !== world.minY
    let pending = false
    if (this.#contentStale || moved) {
      if (performance.now() - this.#builtAt >= REBUILD_MS || !this.#frame) {
        this.#frame = frame
        this.#drawContent(r, boxes())
        this.#builtAt = performance.now()
        this.#contentStale = false
      } else pending = true
    }
    const f = this.#frame!
    this.#view
      .clear()
      .rect(
        f.x + (visible.minX - f.world.minX) * f.scale,
        f.y + (visible.minY - f.world.minY) * f.scale,
        (visible.maxX - visible.minX) * f.scale,
        (visible.maxY - visible.minY) * f.scale,
      )
      .stroke({ width: 1.5, color: "#2f80ed" })
    return pending
  }

  /** The world point under a screen point on the minimap. */
  pointToWorld(x: number, y: number): { x: number; y: number } | undefined {
    const f = this.#frame
    if (!f) return undefined
    return { x: f.world.minX + (x - f.x) / f.scale, y: f.world.minY + (y - f.y) / f.scale }
  }

  #drawContent(r: { x: number; y: number; w: number; h: number }, boxes: Iterable<Box & { colour?: string }>): void {
    const f = this.#frame!
    const g = this.#content.clear()
    g.roundRect(r.x, r.y, r.w, r.h, 6).fill({ color: "#ffffff", alpha: 0.92 }).stroke({ width: 1, color: "#9aa5b1" })
    for (const box of boxes) {
      const w = Math.max(1, (box.maxX - box.minX) * f.scale)
      const h = Math.max(1, (box.maxY - box.minY) * f.scale)
      g.rect(f.x + (box.minX - f.world.minX) * f.scale, f.y + (box.minY - f.world.minY) * f.scale, w, h)
    }
    g.fill({ color: "#7b8794", alpha: 0.7 })
  }

  destroy(): void {
    this.layer.destroy({ children: true })
  }
}
