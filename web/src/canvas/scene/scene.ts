/**
 * The pixi.js scene behind `createScene` (index.ts has the contract).
 *
 * Layers, bottom to top: the grid (screen space), the world (a render group:
 * panning and zooming move this one container), holding the elements and the
 * preview, then the overlays and the minimap (screen space).
 *
 * Nothing is drawn eagerly. Changes mark elements stale and one animation
 * frame redraws the stale ones, shows what the view covers (culling.ts) and
 * renders; an element is first drawn when it first comes near the view.
 * No display object takes pointer events: the caller hit-tests through the
 * spatial index (element-index.ts).
 */
import "pixi.js/unsafe-eval" // pixi compiles uniform uploads with new Function() unless this is installed; the page's CSP has no 'unsafe-eval'
import { autoDetectRenderer, Container, RenderTexture, type Renderer } from "pixi.js"
import type { Box, CardFace } from "../../../../actors/canvas/drawing.ts"
import type { CanvasElement } from "../../../../actors/canvas/state.ts"
import { ContentCache } from "./content-cache.ts"
import { CoverArea } from "./culling.ts"
import { drawElement, picturesOf, type DrawContext } from "./draw-element.ts"
import { ElementIndex } from "./element-index.ts"
import { loadCanvasFont } from "./font.ts"
import { Grid } from "./grid.ts"
import type { CanvasScene, Cursor, RemoteSelection, SceneChange, SceneOptions, ScenePreview, SceneStats, Viewport, WorldRect } from "./index.ts"
import { Minimap } from "./minimap.ts"
import { handleAt, Overlays } from "./overlays.ts"
import { Pictures } from "./pictures.ts"
import { fitTextToScale, textResolutionFor } from "./text.ts"

const DEFAULT_HIT_TOLERANCE_PX = 3

interface Drawn {
  /** Undefined for an element that draws nothing (a connector with an end missing). */
  readonly container: Container | undefined
  /** The card face it was drawn with, so a new face lookup redraws only cards whose face changed. */
  readonly faceKey: string
  /** The element as its geometry was drawn (at its x, y then): a later move only shifts the container. */
  readonly element: CanvasElement
}

const faceKeyOf = (face: CardFace | undefined) =>
  face ? `${face.word}\u0000${face.image?.kind === "svg" ? face.image.svg : face.image?.kind === "url" ? face.image.url : ""}` : ""

/** Whether `now` differs from `was` only in where it is (and when it was last changed). */
const onlyMoved = (was: CanvasElement, now: CanvasElement): boolean => {
  const a = was as unknown as Record<string, unknown>
  const b = now as unknown as Record<string, unknown>
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === "x" || key === "y" || key === "updatedAt") continue
    if (a[key] !== b[key]) return false
  }
  return true
}

const toRect = (b: Box): WorldRect => ({ x: b.minX, y: b.minY, w: b.maxX - b.minX, h: b.maxY - b.minY })
const intersects = (a: Box, b: Box) => a.maxX >= b.minX && a.minX <= b.maxX && a.maxY >= b.minY && a.minY <= b.maxY

export class PixiScene implements CanvasScene {
  static async create(host: HTMLElement, options: SceneOptions): Promise<PixiScene> {
    await loadCanvasFont()
    const renderer = await autoDetectRenderer({
      preference: "webgl",
      width: Math.max(1, host.clientWidth),
      height: Math.max(1, host.clientHeight),
      resolution: options.resolution ?? window.devicePixelRatio ?? 1,
      autoDensity: true,
      // The elements are multisampled in their cache texture (content-cache.ts); on screen, multisampling is worth its cost only where pixels are big.
      antialias: options.antialias ?? (options.resolution ?? window.devicePixelRatio ?? 1) < 2,
      background: options.background ?? "#ffffff",
      // The caller owns pointer and keyboard input: pixi's event and accessibility systems stay idle.
      eventFeatures: { move: false, globalMove: false, click: false, wheel: false },
      accessibilityOptions: { activateOnTab: false, enabledByDefault: false },
    })
    return new PixiScene(host, renderer, options)
  }

  readonly canvasElement: HTMLCanvasElement
  /** For test support and benches (web/testing/): the renderer and the root container. */
  readonly renderer: Renderer
  readonly stage = new Container({ label: "stage", eventMode: "none" })
  readonly world = new Container({ label: "world", eventMode: "none", isRenderGroup: true })
  readonly content = new Container({ label: "elements", eventMode: "none", sortableChildren: true })
  readonly #previewLayer = new Container({ label: "preview", eventMode: "none" })
  readonly #overlays = new Overlays()
  readonly #grid = new Grid()
  readonly #minimap = new Minimap()
  readonly #host: HTMLElement
  readonly #background: string

  readonly #index = new ElementIndex()
  readonly #drawn = new Map<string, Drawn>()
  readonly #shown = new Set<string>()
  readonly #stale = new Set<string>()
  /** Stale ones that must be drawn again even if they only moved: a picture arrived, or a card's face changed. */
  readonly #redraw = new Set<string>()
  readonly #locked = new Set<string>()
  readonly #cover = new CoverArea()
  readonly #cache: ContentCache
  #laterTimer: ReturnType<typeof setTimeout> | undefined
  readonly #pictures: Pictures
  /** Picture address -> the elements drawn with it (or waiting for it). */
  readonly #pictureUsers = new Map<string, Set<string>>()
  #faces: (cardId: string) => CardFace | undefined = () => undefined

  #view: Viewport
  #textZoom = Number.NaN
  readonly #viewListeners = new Set<(v: Viewport) => void>()
  #selection: readonly string[] = []
  #remote: readonly RemoteSelection[] = []
  #cursors: readonly Cursor[] = []
  #marquee: WorldRect | undefined
  #overlaysDirty = true
  #orderDirty = false

  #frame = 0
  readonly #frameWaiters: (() => void)[] = []
  #draws = 0
  #lastDrawn: readonly string[] = []
  #destroyed = false
  readonly #removeMinimapInput: () => void

  private constructor(host: HTMLElement, renderer: Renderer, options: SceneOptions) {
    this.#host = host
    this.renderer = renderer
    this.#background = options.background ?? "#ffffff"
    this.canvasElement = renderer.canvas as HTMLCanvasElement
    this.canvasElement.style.display = "block"
    host.appendChild(this.canvasElement)
    this.#pictures = new Pictures((src) => this.#pictureReady(src))
    this.#cache = new ContentCache(this.content, true)
    this.world.addChild(this.content, this.#previewLayer)
    this.stage.addChild(this.#grid.sprite, this.world, this.#overlays.layer, this.#minimap.layer)
    this.#view = options.viewport ?? { x: 0, y: 0, zoom: 1 }
    this.#grid.sprite.visible = options.grid ?? false
    this.#minimap.visible = options.minimap ?? false
    this.#removeMinimapInput = this.#listenToMinimap()
    this.#requestFrame()
  }

  // ---- Elements ----

  update(change: SceneChange): void {
    for (const id of change.removed ?? []) this.#locked.delete(id)
    for (const e of change.upserted ?? []) {
      if (e.locked) this.#locked.add(e.id)
      else this.#locked.delete(e.id)
    }
    // Depths change only with a new order or new elements (which go on top); a moved element keeps its place.
    const added = (change.upserted ?? []).some((e) => this.#index.get(e.id) === undefined)
    for (const id of this.#index.apply(change)) this.#stale.add(id)
    if (change.order || added) this.#orderDirty = true
    this.#contentChanged()
  }

  reset(elements: readonly CanvasElement[]): void {
    for (const { container } of this.#drawn.values()) container?.destroy({ children: true })
    this.#drawn.clear()
    this.#shown.clear()
    this.#stale.clear()
    this.#redraw.clear()
    this.#pictureUsers.clear()
    this.#index.load(elements)
    this.#locked.clear()
    for (const e of elements) if (e.locked) this.#locked.add(e.id)
    this.#cover.invalidate()
    this.#contentChanged()
  }

  setCardFaces(lookup: (cardId: string) => CardFace | undefined): void {
    this.#faces = lookup
    for (const [id, drawn] of this.#drawn) {
      const e = this.#index.get(id)
      if (e?.kind === "card" && faceKeyOf(lookup(e.cardId)) !== drawn.faceKey) this.#stale.add(id)
    }
    this.#requestFrame()
  }

  // ---- View ----

  viewport(): Viewport {
    return this.#view
  }

  setViewport(viewport: Viewport): void {
    if (!(viewport.zoom > 0) || !Number.isFinite(viewport.x) || !Number.isFinite(viewport.y))
      throw new Error(`invalid viewport ${JSON.stringify(viewport)}`)
    this.#view = { x: viewport.x, y: viewport.y, zoom: viewport.zoom }
    this.#overlaysDirty = true
    for (const listener of this.#viewListeners) listener(this.#view)
    this.#requestFrame()
  }

  onViewportChange(listener: (v: Viewport) => void): () => void {
    this.#viewListeners.add(listener)
    return () => this.#viewListeners.delete(listener)
  }

  screenToWorld(x: number, y: number) {
    return { x: this.#view.x + x / this.#view.zoom, y: this.#view.y + y / this.#view.zoom }
  }

  worldToScreen(x: number, y: number) {
    return { x: (x - this.#view.x) * this.#view.zoom, y: (y - this.#view.y) * this.#view.zoom }
  }

  // ---- Questions ----

  hitTest(x: number, y: number, tolerance = DEFAULT_HIT_TOLERANCE_PX / this.#view.zoom): string | undefined {
    return this.#index.hitTest(x, y, tolerance)
  }

  queryRect(rect: WorldRect): string[] {
    return this.#index.queryRect(rect)
  }

  boundsOf(id: string): WorldRect | undefined {
    const box = this.#index.box(id)
    return box && toRect(box)
  }

  contentBounds(): WorldRect | undefined {
    const box = this.#index.contentBox()
    return box && toRect(box)
  }

  selectionHandleAt(x: number, y: number) {
    return handleAt(this.#view, this.#boxes(this.#selection), x, y)
  }

  isOnMinimap(x: number, y: number): boolean {
    return this.#minimap.contains(x, y, this.renderer.screen.width, this.renderer.screen.height)
  }

  stats(): SceneStats {
    return { elements: this.#index.size, shown: this.#shown.size, draws: this.#draws, lastDrawn: this.#lastDrawn }
  }

  // ---- Overlays ----

  setSelection(ids: readonly string[]): void {
    this.#selection = [...ids]
    this.#touchOverlays()
  }

  setRemoteSelections(selections: readonly RemoteSelection[]): void {
    this.#remote = selections
    this.#touchOverlays()
  }

  setCursors(cursors: readonly Cursor[]): void {
    this.#cursors = cursors
    this.#touchOverlays()
  }

  setPreview(preview: ScenePreview | undefined): void {
    for (const child of this.#previewLayer.removeChildren()) child.destroy({ children: true })
    const node = preview?.element && drawElement(preview.element, this.#drawContext(this.#view.zoom))
    if (node) {
      fitTextToScale(node, this.#view.zoom, textResolutionFor(this.#view.zoom * this.renderer.resolution))
      this.#previewLayer.addChild(node)
    }
    this.#marquee = preview?.marquee
    this.#touchOverlays()
  }

  setGrid(visible: boolean): void {
    this.#grid.sprite.visible = visible
    this.#requestFrame()
  }

  setMinimap(visible: boolean): void {
    this.#minimap.visible = visible
    this.#minimap.contentChanged()
    this.#requestFrame()
  }

  // ---- Rendering ----

  resize(): void {
    this.renderer.resize(Math.max(1, this.#host.clientWidth), Math.max(1, this.#host.clientHeight))
    this.#cover.invalidate()
    this.#touchOverlays()
  }

  async settled(): Promise<void> {
    await this.#pictures.settled()
    if (this.#destroyed) return
    this.#requestFrame()
    await new Promise<void>((resolve) => this.#frameWaiters.push(resolve))
  }

  /** Draws what is stale and renders now, without waiting for an animation frame (benches call it to time one frame's work). */
  renderNow(): void {
    if (this.#destroyed) return
    if (this.#frame) cancelAnimationFrame(this.#frame)
    this.#frame = 0
    const drawn: string[] = []
    const { zoom } = this.#view
    this.world.position.set(-this.#view.x * zoom, -this.#view.y * zoom)
    this.world.scale.set(zoom)
    this.#redrawStale(drawn, this.#cover.current())
    const cover = this.#cover.next(this.#viewBox())
    if (cover) this.#showArea(cover, drawn)
    const reordered = this.#orderDirty
    if (this.#orderDirty) this.#applyOrder()
    if (zoom !== this.#textZoom) {
      const resolution = textResolutionFor(zoom * this.renderer.resolution)
      for (const id of this.#shown) {
        const container = this.#drawn.get(id)?.container
        if (container) fitTextToScale(container, zoom, resolution)
      }
      this.#textZoom = zoom
    }
    const { width, height } = this.renderer.screen
    this.#grid.layout(this.#view, width, height)
    const minimapPending = this.#minimap.draw(this.#view, width, height, this.#index.contentBox(), () => this.#allBoxes())
    if (this.#overlaysDirty) this.#drawOverlays()
    const changed = drawn.length > 0 || cover !== undefined || reordered
    const retry = this.#cache.beforeRender(zoom, this.renderer.resolution, changed, () => this.#shownBounds())
    if (retry !== undefined) this.#later(retry)
    this.renderer.render(this.stage)
    if (drawn.length > 0) this.#lastDrawn = drawn
    if (minimapPending) this.#requestFrame()
    for (const resolve of this.#frameWaiters.splice(0)) resolve()
  }

  async renderRegion(rect: WorldRect, width: number, height: number, background = this.#background): Promise<Uint8ClampedArray> {
    const area: Box = { minX: rect.x, minY: rect.y, maxX: rect.x + rect.w, maxY: rect.y + rect.h }
    const sx = width / rect.w
    const sy = height / rect.h
    // Draw everything in the region first, and wait for its pictures (a loaded picture makes the elements that wait for it stale).
    let inRegion = new Set<string>()
    for (;;) {
      inRegion = new Set(this.#index.search(area).map((box) => box.id))
      this.#redrawStaleAmong(inRegion)
      for (const id of inRegion) if (!this.#drawn.has(id)) this.#build(id, [])
      await this.#pictures.settled()
      if (this.#destroyed) throw new Error("the scene was destroyed while rendering a region")
      if (![...this.#stale].some((id) => inRegion.has(id))) break
    }
    // A frame may have run during the wait and dropped stale drawings outside the screen's area: draw those again, synchronously from here on.
    for (const id of inRegion) if (!this.#drawn.has(id)) this.#build(id, [])
    if (this.#orderDirty) this.#applyOrder()
    const resolution = textResolutionFor(Math.max(sx, sy))
    for (const [id, { container }] of this.#drawn) {
      if (!container) continue
      container.visible = inRegion.has(id)
      if (container.visible) fitTextToScale(container, Math.min(sx, sy), resolution)
    }
    this.#cache.reset() // the region is drawn live at its own scale; the cache returns on a later frame
    const hidden = [this.#grid.sprite, this.#overlays.layer, this.#minimap.layer, this.#previewLayer].filter((layer) => layer.visible)
    for (const layer of hidden) layer.visible = false
    this.world.position.set(-rect.x * sx, -rect.y * sy)
    this.world.scale.set(sx, sy)
    const target = RenderTexture.create({ width, height, resolution: 1, antialias: true })
    try {
      this.renderer.render({ container: this.stage, target, clear: true, clearColor: background })
      return this.renderer.extract.pixels(target).pixels
    } finally {
      target.destroy(true)
      for (const layer of hidden) layer.visible = true
      for (const [id, { container }] of this.#drawn) if (container) container.visible = this.#shown.has(id)
      this.#textZoom = Number.NaN // the shown elements' text is re-fitted to the screen's zoom on the next frame
      this.#requestFrame()
    }
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    if (this.#frame) cancelAnimationFrame(this.#frame)
    clearTimeout(this.#laterTimer)
    this.#cache.drop()
    this.#removeMinimapInput()
    this.#viewListeners.clear()
    for (const resolve of this.#frameWaiters.splice(0)) resolve()
    this.#overlays.destroy()
    this.#minimap.destroy()
    this.#grid.destroy()
    this.stage.destroy({ children: true })
    this.#pictures.destroy()
    this.renderer.destroy({ removeView: true })
  }

  // ---- Internals ----

  #requestFrame(): void {
    if (this.#frame || this.#destroyed) return
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0
      this.renderNow()
    })
  }

  /** A frame after `ms` (the content cache waits for the zoom to settle). */
  #later(ms: number): void {
    if (this.#laterTimer !== undefined) return
    this.#laterTimer = setTimeout(() => {
      this.#laterTimer = undefined
      this.#requestFrame()
    }, ms)
  }

  #shownBounds(): Box | undefined {
    let all: Box | undefined
    for (const id of this.#shown) {
      const b = this.#index.box(id)
      if (!b) continue
      all = all
        ? { minX: Math.min(all.minX, b.minX), minY: Math.min(all.minY, b.minY), maxX: Math.max(all.maxX, b.maxX), maxY: Math.max(all.maxY, b.maxY) }
        : { ...b }
    }
    return all
  }

  /** For benches (web/testing/): pan with the content drawn live every frame, to measure what the cache saves. */
  useContentCache(on: boolean): void {
    this.#cache.enabled = on
    if (!on) this.#cache.drop()
    this.#requestFrame()
  }

  #contentChanged(): void {
    this.#minimap.contentChanged()
    this.#touchOverlays()
  }

  #touchOverlays(): void {
    this.#overlaysDirty = true
    this.#requestFrame()
  }

  #viewBox(): Box {
    const { x, y, zoom } = this.#view
    return { minX: x, minY: y, maxX: x + this.renderer.screen.width / zoom, maxY: y + this.renderer.screen.height / zoom }
  }

  #drawContext(zoom: number): DrawContext {
    return {
      placed: (id) => this.#index.placed(id),
      face: (cardId) => this.#faces(cardId),
      pictures: this.#pictures,
      textResolution: textResolutionFor(zoom * this.renderer.resolution),
    }
  }

  /** Draws one element (replacing its old drawing) and shows it if it is in the covered area. */
  #build(id: string, drawn: string[]): void {
    const old = this.#drawn.get(id)
    const e = this.#index.get(id)
    const forced = this.#redraw.delete(id)
    if (old?.container && e && !forced && this.#moveOnly(old, e)) {
      drawn.push(id)
      return
    }
    old?.container?.destroy({ children: true })
    this.#drawn.delete(id)
    if (!e) return
    const container = drawElement(e, this.#drawContext(this.#view.zoom))
    const faceKey = e.kind === "card" ? faceKeyOf(this.#faces(e.cardId)) : ""
    this.#drawn.set(id, { container, faceKey, element: e })
    for (const src of picturesOf(e, this.#faces)) {
      let users = this.#pictureUsers.get(src)
      if (!users) this.#pictureUsers.set(src, (users = new Set()))
      users.add(id)
    }
    this.#draws++
    drawn.push(id)
    if (!container) return
    container.zIndex = this.#index.depthOf(id)
    container.visible = this.#shown.has(id)
    fitTextToScale(container, this.#view.zoom, textResolutionFor(this.#view.zoom * this.renderer.resolution))
    this.content.addChild(container)
  }

  /**
   * Most changes while people work are moves (a drag sends one about every
   * 33 ms): when only x and y changed, the drawing is shifted, not rebuilt,
   * so its text is not rasterized and uploaded again.
   */
  #moveOnly(old: Drawn, e: CanvasElement): boolean {
    const was = old.element
    if (was.kind === "connector" || e.kind === "connector" || !onlyMoved(was, e)) return false
    if (was === e || (e.kind === "card" && faceKeyOf(this.#faces(e.cardId)) !== old.faceKey)) return false
    const container = old.container!
    container.position.set(e.x - was.x, e.y - was.y)
    container.zIndex = this.#index.depthOf(e.id)
    container.visible = this.#shown.has(e.id)
    this.#draws++
    return true
  }

  /** Redraws stale elements inside `area` (the covered area) and shows them; stale ones outside are dropped, to be drawn when they come near. */
  #redrawStale(drawn: string[], area: Box | undefined): void {
    for (const id of this.#stale) {
      const box = this.#index.box(id)
      // A removed element, or a connector with an end gone, has no box: nothing to draw.
      const near = box !== undefined && area !== undefined && intersects(box, area)
      if (near) {
        this.#shown.add(id)
        this.#build(id, drawn)
      } else {
        this.#shown.delete(id)
        this.#drawn.get(id)?.container?.destroy({ children: true })
        this.#drawn.delete(id)
      }
    }
    this.#stale.clear()
  }

  /** Redraws the stale elements among `ids` (a region about to be rendered), leaving what is shown on screen as it is. */
  #redrawStaleAmong(ids: ReadonlySet<string>): void {
    for (const id of this.#stale) {
      if (!ids.has(id)) continue
      this.#build(id, [])
      this.#stale.delete(id)
    }
  }

  #showArea(area: Box, drawn: string[]): void {
    const inArea = new Set(this.#index.search(area).map((box) => box.id))
    for (const id of this.#shown) {
      if (inArea.has(id)) continue
      this.#shown.delete(id)
      const container = this.#drawn.get(id)?.container
      if (container) container.visible = false
    }
    for (const id of inArea) {
      if (this.#shown.has(id)) continue
      this.#shown.add(id)
      if (!this.#drawn.has(id)) this.#build(id, drawn)
      else {
        const container = this.#drawn.get(id)!.container
        if (container) {
          container.visible = true
          fitTextToScale(container, this.#view.zoom, textResolutionFor(this.#view.zoom * this.renderer.resolution))
        }
      }
    }
  }

  #applyOrder(): void {
    for (const [id, { container }] of this.#drawn) if (container) container.zIndex = this.#index.depthOf(id)
    this.content.sortDirty = true
    this.#orderDirty = false
  }

  #pictureReady(src: string): void {
    for (const id of this.#pictureUsers.get(src) ?? []) {
      this.#stale.add(id)
      this.#redraw.add(id)
    }
    this.#pictureUsers.delete(src)
    this.#requestFrame()
  }

  #boxes(ids: readonly string[]): Box[] {
    return ids.flatMap((id) => {
      const box = this.#index.box(id)
      return box ? [box] : []
    })
  }

  *#allBoxes(): Generator<Box> {
    for (const id of this.#index.ids()) {
      const box = this.#index.box(id)
      if (box && this.#index.get(id)?.kind !== "connector") yield box
    }
  }

  #drawOverlays(): void {
    const view = this.#viewBox()
    const inView = (b: Box) => intersects(b, view)
    this.#overlays.draw({
      view: this.#view,
      selection: this.#boxes(this.#selection),
      remote: this.#remote.map((selection) => ({ selection, boxes: this.#boxes(selection.ids) })),
      locked: this.#boxes([...this.#locked]).filter(inView),
      cursors: this.#cursors,
      marquee: this.#marquee,
    })
    this.#overlaysDirty = false
  }

  /** A press or drag on the minimap centres the view there, and does not reach the caller's handlers. */
  #listenToMinimap(): () => void {
    const local = (event: PointerEvent) => {
      const r = this.canvasElement.getBoundingClientRect()
      return { x: event.clientX - r.left, y: event.clientY - r.top }
    }
    const centreOn = (event: PointerEvent) => {
      const { x, y } = local(event)
      const world = this.#minimap.pointToWorld(x, y)
      if (!world) return
      const { width, height } = this.renderer.screen
      this.setViewport({ zoom: this.#view.zoom, x: world.x - width / 2 / this.#view.zoom, y: world.y - height / 2 / this.#view.zoom })
    }
    let dragging: number | undefined
    const down = (event: PointerEvent) => {
      const { x, y } = local(event)
      if (!this.isOnMinimap(x, y)) return
      event.stopPropagation()
      event.preventDefault()
      dragging = event.pointerId
      centreOn(event)
    }
    const move = (event: PointerEvent) => {
      if (event.pointerId !== dragging) return
      event.stopPropagation()
      centreOn(event)
    }
    const up = (event: PointerEvent) => {
      if (event.pointerId !== dragging) return
      event.stopPropagation()
      dragging = undefined
    }
    // Capture phase on the host: before any handler the caller put on the host or the canvas.
    this.#host.addEventListener("pointerdown", down, true)
    window.addEventListener("pointermove", move, true)
    window.addEventListener("pointerup", up, true)
    window.addEventListener("pointercancel", up, true)
    return () => {
      this.#host.removeEventListener("pointerdown", down, true)
      window.removeEventListener("pointermove", move, true)
      window.removeEventListener("pointerup", up, true)
      window.removeEventListener("pointercancel", up, true)
    }
  }
}
