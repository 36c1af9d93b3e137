/**
 * The view onto an infinite canvas: the world point at the screen's
 * top-left and the zoom (screen pixels per world unit). Pure maths, shared
 * by every gesture (wheel, trackpad, pinch, keyboard, minimap, follow).
 */
export interface Viewport {
  readonly x: number
  readonly y: number
  readonly zoom: number
}

export const MIN_ZOOM = 0.05
export const MAX_ZOOM = 8

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom))

export const screenToWorld = (view: Viewport, sx: number, sy: number) => ({ x: view.x + sx / view.zoom, y: view.y + sy / view.zoom })

export const worldToScreen = (view: Viewport, wx: number, wy: number) => ({ x: (wx - view.x) * view.zoom, y: (wy - view.y) * view.zoom })

/** Zooms by `factor` keeping the world point under (sx, sy) where it is on screen. */
export const zoomAt = (view: Viewport, sx: number, sy: number, factor: number): Viewport => {
  const zoom = clampZoom(view.zoom * factor)
  const anchor = screenToWorld(view, sx, sy)
  return { zoom, x: anchor.x - sx / zoom, y: anchor.y - sy / zoom }
}

export const panBy = (view: Viewport, dxScreen: number, dyScreen: number): Viewport => ({
  ...view,
  x: view.x - dxScreen / view.zoom,
  y: view.y - dyScreen / view.zoom,
})

/** The view that shows `bounds` whole in a screen of `width` x `height`, with a margin, never zoomed past 100% to fit little. */
export const fitView = (bounds: { x: number; y: number; w: number; h: number } | undefined, width: number, height: number, margin = 48): Viewport => {
  if (!bounds || width <= 0 || height <= 0) return { x: -width / 2, y: -height / 2, zoom: 1 }
  const zoom = clampZoom(Math.min(1, (width - margin * 2) / Math.max(1, bounds.w), (height - margin * 2) / Math.max(1, bounds.h)))
  return { zoom, x: bounds.x + bounds.w / 2 - width / 2 / zoom, y: bounds.y + bounds.h / 2 - height / 2 / zoom }
}

/** The view centred on a world point at a zoom (following someone, or bringing everyone to a view). */
export const centredOn = (centre: { x: number; y: number }, zoom: number, width: number, height: number): Viewport => {
  const z = clampZoom(zoom)
  return { zoom: z, x: centre.x - width / 2 / z, y: centre.y - height / 2 / z }
}

export const centreOf = (view: Viewport, width: number, height: number) => screenToWorld(view, width / 2, height / 2)
