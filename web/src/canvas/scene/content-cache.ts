/**
 * The shown elements kept as one texture while the view only pans: a pan
 * frame then draws one textured quad instead of every element's triangles,
 * which is what a slow GPU (a phone's, or software WebGL) cannot afford for
 * thousands of strokes. While the zoom changes, or what is shown keeps
 * changing (others editing: an element redrawn, culling moved, order
 * changed), the elements are drawn live: redrawing the texture, which covers
 * four times the view and is multisampled, on every change cost a software
 * GPU several live frames each (bench/canvas-reach.ts). The cache comes back
 * SETTLE_MS after the view and the content are still, at the new
 * resolution, so it is never blurry for long.
 * Nothing is cached when the shown area would need a texture larger than
 * MAX_TEXTURE_PX on a side.
 */
import type { Container } from "pixi.js"
import type { Box } from "../../../../actors/canvas/drawing.ts"

const SETTLE_MS = 150
const MAX_TEXTURE_PX = 4096

export class ContentCache {
  readonly #content: Container
  /** Off for benches measuring live drawing. */
  enabled: boolean
  #zoom = Number.NaN
  /** When the zoom or the shown content last changed. */
  #disturbedAt = 0

  constructor(content: Container, enabled: boolean) {
    this.#content = content
    this.enabled = enabled
  }

  get active(): boolean {
    return this.#content.isCachedAsTexture
  }

  /**
   * Before each render: `changed` says whether what is shown changed since the
   * last frame. Returns a delay after which a frame should run again (to cache
   * once the zoom has settled), or undefined.
   */
  beforeRender(zoom: number, resolution: number, changed: boolean, shownBounds: () => Box | undefined): number | undefined {
    if (!this.enabled) return undefined
    const now = performance.now()
    if (zoom !== this.#zoom || changed) {
      this.#zoom = zoom
      this.#disturbedAt = now
      this.drop()
      return SETTLE_MS
    }
    const waited = now - this.#disturbedAt
    if (waited < SETTLE_MS) return SETTLE_MS - waited
    if (this.#content.isCachedAsTexture) return undefined
    const bounds = shownBounds()
    if (!bounds) return undefined
    const scale = zoom * resolution
    if ((bounds.maxX - bounds.minX) * scale > MAX_TEXTURE_PX || (bounds.maxY - bounds.minY) * scale > MAX_TEXTURE_PX) return undefined
    this.#content.cacheAsTexture({ resolution: scale, antialias: true })
    return undefined
  }

  /** Draw live from now on (a region render at another scale; destroy); the cache comes back on a later frame. */
  drop(): void {
    if (this.#content.isCachedAsTexture) this.#content.cacheAsTexture(false)
  }

  /** Forget the zoom, so the next frame starts over (after a region render borrowed the scene). */
  reset(): void {
    this.drop()
    this.#zoom = Number.NaN
  }
}
