/**
 * The optional background grid: one tiling sprite over the screen, moved and
 * scaled with the view (never redrawn line by line). Its spacing grows by
 * fives when zoomed out, so lines never crowd closer than MIN_SPACING_PX.
 */
import { CanvasSource, Texture, TilingSprite } from "pixi.js"
import type { Viewport } from "./index.ts"

const BASE_SPACING = 40
const MIN_SPACING_PX = 12
const TILE = 64

const gridTexture = (): Texture => {
  const canvas = document.createElement("canvas")
  canvas.width = TILE
  canvas.height = TILE
  const context = canvas.getContext("2d")!
  context.fillStyle = "#d9dee4"
  context.fillRect(0, 0, TILE, 1)
  context.fillRect(0, 0, 1, TILE)
  return new Texture({ source: new CanvasSource({ resource: canvas, scaleMode: "linear", addressMode: "repeat" }) })
}

export class Grid {
  readonly sprite: TilingSprite

  constructor() {
    this.sprite = new TilingSprite({ texture: gridTexture(), width: 1, height: 1, eventMode: "none", label: "grid" })
    this.sprite.visible = false
  }

  layout(view: Viewport, width: number, height: number): void {
    if (!this.sprite.visible) return
    let spacing = BASE_SPACING
    while (spacing * view.zoom < MIN_SPACING_PX) spacing *= 5
    const scale = (spacing * view.zoom) / TILE
    this.sprite.setSize(width, height)
    this.sprite.tileScale.set(scale)
    this.sprite.tilePosition.set(-view.x * view.zoom, -view.y * view.zoom)
  }

  destroy(): void {
    this.sprite.destroy({ texture: true, textureSource: true })
  }
}
