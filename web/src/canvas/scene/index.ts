/**
 * The canvas scene: draws a Studio canvas with pixi.js (WebGL), exactly as
 * the server's export draws it (both take their geometry from
 * actors/canvas/drawing.ts), and answers hit tests from a spatial index.
 * It only draws: pointer and keyboard handling belong to the caller, which
 * calls `setViewport`, `hitTest`, `setSelection` and so on.
 *
 * This module is light on purpose: importing it loads no pixi and touches
 * no DOM. pixi.js and the font load inside `createScene`, so a screen can
 * import the types freely and the canvas chunk loads when a canvas opens.
 * See README.md beside this file.
 */
import type { CanvasElement } from "../../../../actors/canvas/state.ts"
import type { CardFace } from "../../../../actors/canvas/drawing.ts"

export type { CanvasElement } from "../../../../actors/canvas/state.ts"
export type { CardFace } from "../../../../actors/canvas/drawing.ts"

/** The world point at the host's top-left corner, and screen (CSS) pixels per world unit. */
export interface Viewport {
  readonly x: number
  readonly y: number
  readonly zoom: number
}

export interface WorldRect {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

/** Another member's pointer, in world coordinates. */
export interface Cursor {
  readonly userId: string
  readonly name: string
  readonly colour: string
  readonly x: number
  readonly y: number
  /** Idle cursors are dimmed; away cursors are not drawn. */
  readonly status: "active" | "idle" | "away"
}

export interface RemoteSelection {
  readonly userId: string
  readonly name: string
  readonly colour: string
  readonly ids: readonly string[]
}

export interface ScenePreview {
  /** An element being drawn (a stroke in progress, a shape being dragged), drawn above the canvas. */
  readonly element?: CanvasElement
  /** A marquee, in world coordinates. */
  readonly marquee?: WorldRect
}

export interface SceneChange {
  /** Elements added or changed, each in full. A new element goes on top unless `order` says otherwise. */
  readonly upserted?: readonly CanvasElement[]
  readonly removed?: readonly string[]
  /** The whole drawing order (first is bottom), when it changed. */
  readonly order?: readonly string[]
}

export interface SceneStats {
  /** Elements the scene holds. */
  readonly elements: number
  /** Elements with display objects shown right now (the rest are culled). */
  readonly shown: number
  /** Element drawings made since the scene was created (a redraw counts once per element). */
  readonly draws: number
  /** The ids drawn by the last frame that drew any, in the order drawn. */
  readonly lastDrawn: readonly string[]
}

export interface SceneOptions {
  /** Canvas background; also what a region is rendered on unless it names its own. Default white, as exports. */
  readonly background?: string
  /** Device pixels per CSS pixel. Default: window.devicePixelRatio. */
  readonly resolution?: number
  readonly viewport?: Viewport
  /** Multisampled edges on screen (renderRegion always multisamples). Default true; a software GPU pays dearly for it. */
  readonly antialias?: boolean
  readonly grid?: boolean
  readonly minimap?: boolean
}

export interface CanvasScene {
  /** Elements changed (added or changed: the full element), removed ids, and the drawing order when it changed. Only these are redrawn (and connectors attached to them). */
  update(change: SceneChange): void
  /** Replaces everything (first load, snapshot, version preview). */
  reset(elements: readonly CanvasElement[]): void
  /** How to find a card's face; cards whose face is now known (or changed) are redrawn. `image.url` may be a data: URL or a path on this site. */
  setCardFaces(lookup: (cardId: string) => CardFace | undefined): void

  viewport(): Viewport
  setViewport(viewport: Viewport): void
  /** Called after every change of the view (including a click on the minimap); returns the unsubscribe. */
  onViewportChange(listener: (viewport: Viewport) => void): () => void
  screenToWorld(x: number, y: number): { x: number; y: number }
  worldToScreen(x: number, y: number): { x: number; y: number }

  /** The topmost element under a world point, from the spatial index; strokes, lines and connectors are hit along their line. `tolerance` is in world units (default: 3 screen pixels). */
  hitTest(x: number, y: number, tolerance?: number): string | undefined
  /** Elements whose bounds intersect a world rectangle (marquee), bottom first. */
  queryRect(rect: WorldRect): string[]
  /** An element's painted bounds in world coordinates (a connector's from its ends). */
  boundsOf(id: string): WorldRect | undefined
  /** The bounds of everything drawn, or undefined for an empty canvas. */
  contentBounds(): WorldRect | undefined

  /** One's own selection: an outline and resize handles at the corners. */
  setSelection(ids: readonly string[]): void
  /** Which resize handle of one's own selection is under a host point (CSS px), if any. */
  selectionHandleAt(x: number, y: number): "nw" | "ne" | "sw" | "se" | undefined
  /** Others' selections: an outline in their colour with their name. */
  setRemoteSelections(selections: readonly RemoteSelection[]): void
  setCursors(cursors: readonly Cursor[]): void
  setPreview(preview: ScenePreview | undefined): void
  setGrid(visible: boolean): void
  /** A minimap in the bottom-right corner; a click or drag on it moves the view (and does not reach the caller's handlers). */
  setMinimap(visible: boolean): void
  /** Whether a host point (CSS px) is on the minimap, for callers that route pointer events themselves. */
  isOnMinimap(x: number, y: number): boolean

  /** Renders a world rectangle to RGBA pixels (row-major, top row first) at a size, as on screen minus overlays (selection, cursors, locks, preview, grid, minimap). */
  renderRegion(rect: WorldRect, width: number, height: number, background?: string): Promise<Uint8ClampedArray>
  /** Resolves once every picture the scene currently holds has loaded (or failed) and the next frame is drawn. */
  settled(): Promise<void>
  stats(): SceneStats
  /** Call when the host's size changed. */
  resize(): void
  destroy(): void
  readonly canvasElement: HTMLCanvasElement
}

/** Creates a scene filling `host` (which should be positioned, and sized by the page). Loads pixi.js and the font first. */
export const createScene = async (host: HTMLElement, options: SceneOptions = {}): Promise<CanvasScene> => {
  const { PixiScene } = await import("./scene.ts")
  return PixiScene.create(host, options)
}
