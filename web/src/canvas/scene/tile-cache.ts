/**
 * The drawn elements kept as square tiles of texture, so that a frame
 * draws a few dozen textured quads instead of every element's triangles:
 * what a slow GPU (a phone's, or software WebGL) cannot afford for
 * thousands of strokes or a busy board.
 *
 * - Panning only moves the tiles (they live in the world container); new
 *   tiles at the edge of the view are drawn a few a frame, ahead of the
 *   view by one ring.
 * - A change to an element marks the tiles under its old and new boxes
 *   dirty; they are drawn again before the next frame shows them, so a
 *   busy board costs a few small renders per frame, not a redraw of
 *   everything.
 * - While the zoom changes the elements are drawn live; the tiles come back
 *   SETTLE_MS after it stops, at the new scale, so they are never blurry.
 * - A frame whose view needs more tiles than its budget allows is drawn
 *   live too (and the next frames catch up): the screen never shows a tile
 *   that is missing or out of date.
 *
 * Tiles are drawn multisampled into one scratch texture and copied into
 * their own (plain) texture, so multisampling costs memory once, not per
 * tile.
 */
import { Container, RenderTexture, Sprite, type Renderer } from "pixi.js"
import type { Box } from "../../../../actors/canvas/drawing.ts"

/** A tile's side in screen (CSS) pixels. */
const TILE_PX = 256
const SETTLE_MS = 150
/** Tiles drawn per frame for the view itself, and ahead of it. */
const VIEW_BUDGET = 8
const AHEAD_BUDGET = 2
/** Tiles kept beyond what the view and its ring need, for panning back. */
const SPARE_TILES = 48

interface Tile {
  readonly tx: number
  readonly ty: number
  readonly texture: RenderTexture
  readonly sprite: Sprite
  dirty: boolean
  usedAt: number
}

export interface TileFrame {
  /** Whether this frame shows the tiles (true) or the elements drawn live. */
  readonly tiled: boolean
  /** Run another frame after this many ms (0: the next animation frame). */
  readonly again?: number
}

/** Draws the elements inside `area` (world units) into `target`, `zoom` screen pixels per world unit. */
export type DrawArea = (area: Box, target: RenderTexture, zoom: number) => void

export class TileCache {
  readonly layer = new Container({ label: "tiles", eventMode: "none" })
  /** Off for benches measuring live drawing. */
  enabled = true
  readonly #renderer: Renderer
  readonly #drawArea: DrawArea
  readonly #tiles = new Map<string, Tile>()
  #scratch: RenderTexture | undefined
  readonly #copy = new Sprite()
  #zoom = Number.NaN
  #resolution = Number.NaN
  #zoomChangedAt = 0
  #frame = 0

  constructor(renderer: Renderer, drawArea: DrawArea) {
    this.#renderer = renderer
    this.#drawArea = drawArea
    this.layer.visible = false
  }

  /** The tiles under `box` are out of date. */
  invalidate(box: Box): void {
    if (this.#tiles.size === 0) return
    const [x0, y0, x1, y1] = this.#range(box)
    for (let ty = y0; ty <= y1; ty++) for (let tx = x0; tx <= x1; tx++) {
      const tile = this.#tiles.get(keyOf(tx, ty))
      if (tile) tile.dirty = true
    }
  }

  invalidateAll(): void {
    for (const tile of this.#tiles.values()) tile.dirty = true
  }

  /** Before each render: brings the tiles the view needs up to date, within this frame's budget. */
  prepare(view: Box, zoom: number, resolution: number): TileFrame {
    this.#frame++
    if (!this.enabled) return this.#live(undefined)
    const now = performance.now()
    if (zoom !== this.#zoom || resolution !== this.#resolution) {
      this.clear()
      this.#zoom = zoom
      this.#resolution = resolution
      this.#zoomChangedAt = now
      return this.#live(SETTLE_MS)
    }
    const waited = now - this.#zoomChangedAt
    if (waited < SETTLE_MS) return this.#live(SETTLE_MS - waited)
    const inView = this.#keys(view)
    let budget = VIEW_BUDGET
    let missing = false
    for (const [tx, ty] of inView) {
      const tile = this.#tile(tx, ty)
      if (!tile.dirty) continue
      if (budget-- > 0) this.#draw(tile)
      else missing = true
    }
    const side = TILE_PX / zoom
    const ahead = this.#keys({ minX: view.minX - side, minY: view.minY - side, maxX: view.maxX + side, maxY: view.maxY + side })
    let behind = false
    budget = missing ? 0 : AHEAD_BUDGET
    for (const [tx, ty] of ahead) {
      const tile = this.#tile(tx, ty)
      if (!tile.dirty) continue
      if (budget-- > 0) this.#draw(tile)
      else behind = true
    }
    this.#evict(ahead.length + SPARE_TILES)
    if (missing) return this.#live(0)
    this.layer.visible = true
    return { tiled: true, ...(behind ? { again: 0 } : {}) }
  }

  /** Forgets every tile (new elements wholesale, or destroy). */
  clear(): void {
    for (const tile of this.#tiles.values()) this.#forget(tile)
    this.#tiles.clear()
    this.layer.visible = false
  }

  destroy(): void {
    this.clear()
    this.#scratch?.destroy(true)
    this.#copy.destroy()
    this.layer.destroy({ children: true })
  }

  #live(again: number | undefined): TileFrame {
    this.layer.visible = false
    return { tiled: false, ...(again !== undefined ? { again } : {}) }
  }

  #tile(tx: number, ty: number): Tile {
    const key = keyOf(tx, ty)
    let tile = this.#tiles.get(key)
    if (!tile) {
      const texture = RenderTexture.create({ width: TILE_PX, height: TILE_PX, resolution: this.#resolution })
      const sprite = new Sprite({ texture, eventMode: "none" })
      const side = TILE_PX / this.#zoom
      sprite.position.set(tx * side, ty * side)
      sprite.setSize(side, side)
      this.layer.addChild(sprite)
      tile = { tx, ty, texture, sprite, dirty: true, usedAt: 0 }
      this.#tiles.set(key, tile)
    }
    tile.usedAt = this.#frame
    return tile
  }

  #draw(tile: Tile): void {
    const side = TILE_PX / this.#zoom
    const area: Box = { minX: tile.tx * side, minY: tile.ty * side, maxX: (tile.tx + 1) * side, maxY: (tile.ty + 1) * side }
    const scratch = this.#scratchTexture()
    this.#drawArea(area, scratch, this.#zoom)
    this.#copy.texture = scratch
    this.#renderer.render({ container: this.#copy, target: tile.texture, clear: true, clearColor: [0, 0, 0, 0] })
    tile.dirty = false
  }

  #scratchTexture(): RenderTexture {
    if (this.#scratch && this.#scratch.source.resolution !== this.#resolution) {
      this.#scratch.destroy(true)
      this.#scratch = undefined
    }
    return (this.#scratch ??= RenderTexture.create({ width: TILE_PX, height: TILE_PX, resolution: this.#resolution, antialias: true }))
  }

  /** Keeps at most `keep` tiles: the ones used most recently. */
  #evict(keep: number): void {
    if (this.#tiles.size <= keep) return
    const oldest = [...this.#tiles.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt).slice(0, this.#tiles.size - keep)
    for (const [key, tile] of oldest) {
      this.#forget(tile)
      this.#tiles.delete(key)
    }
  }

  #forget(tile: Tile): void {
    tile.sprite.destroy()
    tile.texture.destroy(true)
  }

  /** Tile coordinates covering a world box, the view's centre first. */
  #keys(box: Box): [number, number][] {
    const [x0, y0, x1, y1] = this.#range(box)
    const keys: [number, number][] = []
    for (let ty = y0; ty <= y1; ty++) for (let tx = x0; tx <= x1; tx++) keys.push([tx, ty])
    const cx = (x0 + x1) / 2
    const cy = (y0 + y1) / 2
    return keys.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy))
  }

  #range(box: Box): [number, number, number, number] {
    const side = TILE_PX / this.#zoom
    return [Math.floor(box.minX / side), Math.floor(box.minY / side), Math.floor(box.maxX / side), Math.floor(box.maxY / side)]
  }
}

const keyOf = (tx: number, ty: number) => `${tx},${ty}`
