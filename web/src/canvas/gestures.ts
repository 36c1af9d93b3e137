/**
 * Pointer, wheel and touch on the canvas, turned into what the member
 * meant: select (click, shift-click, marquee), move, resize, draw a stroke,
 * place a note or text, drag out a shape, join two elements, pan and zoom.
 * One finger (or the mouse) does what the tool says; two fingers pan and
 * zoom; the wheel pans and ctrl/cmd + wheel (a trackpad pinch) zooms. Hit
 * testing goes through the scene's spatial index, never pixi's scene walk.
 */
import type { ElementInput } from "../../../actors/canvas/protocol.ts"
import { placesOf, type BoardActions, DRAG_SEND_MS } from "./actions.ts"
import type { CanvasElement } from "./model.ts"
import { panBy, zoomAt, type Viewport } from "./viewport.ts"

export type StrokeTool = Extract<ElementInput, { kind: "stroke" }>["tool"]
export type ShapeKind = Extract<ElementInput, { kind: "shape" }>["shape"]

export type Tool = "select" | "hand" | "sticky" | "pen" | "shape" | "text" | "connector"

export interface Rect {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

/** What the gestures need of the scene (web/src/canvas/scene/). */
export interface GestureScene {
  viewport(): Viewport
  setViewport(view: Viewport): void
  hitTest(x: number, y: number, tolerance?: number): string | undefined
  queryRect(rect: Rect): string[]
  boundsOf(id: string): Rect | undefined
  setPreview(preview: { element?: CanvasElement; marquee?: Rect } | undefined): void
  readonly canvasElement: HTMLCanvasElement
}

/** What the gestures need of the board around them. */
export interface GestureHost {
  readonly scene: GestureScene
  readonly actions: BoardActions
  tool(): Tool
  penTool(): StrokeTool
  shapeKind(): ShapeKind
  colour(): string
  stickyColour(): string
  canEdit(): boolean
  selection(): ReadonlySet<string>
  select(ids: Iterable<string>): void
  element(id: string): CanvasElement | undefined
  /** The member moved or zoomed the view themselves (stops following). */
  viewChangedByHand(): void
  /** Where a new sticky or text was placed: the board opens its editor. */
  placed(id: string): void
  /** Pointer moved over the canvas (world coordinates), or left it (null): for presence. */
  pointer(world: readonly [number, number] | null): void
  /** Called with a moving element's live position while dragging, so the board can draw it there before the server answers. */
  dragging(places: ReadonlyMap<string, { x: number; y: number }> | null): void
}

const HANDLE_PX = 10
const MIN_SIZE = 8
const CLICK_SLOP_PX = 4

type Drag =
  | { kind: "pan"; lastX: number; lastY: number }
  | { kind: "move"; startX: number; startY: number; from: Map<string, { x: number; y: number }>; lastSent: number; startedAt: number; moved: boolean }
  | { kind: "resize"; id: string; anchor: { x: number; y: number }; startedAt: number }
  | { kind: "marquee"; startX: number; startY: number; additive: boolean }
  | { kind: "stroke"; originX: number; originY: number; points: [number, number][]; pressures: number[]; startedAt: number }
  | { kind: "shape"; startX: number; startY: number }
  | { kind: "connect"; from: string }

/** The corner a line drawn leftward and/or upward starts from (see ShapeElement's `flip`). */
const flipOf = (leftward: boolean, upward: boolean): "x" | "y" | "xy" | undefined =>
  leftward && upward ? "xy" : leftward ? "x" : upward ? "y" : undefined

const rectFrom = (ax: number, ay: number, bx: number, by: number): Rect => ({
  x: Math.min(ax, bx),
  y: Math.min(ay, by),
  w: Math.abs(bx - ax),
  h: Math.abs(by - ay),
})

export class Gestures {
  private drag: Drag | undefined
  private readonly touches = new Map<number, { x: number; y: number }>()
  private pinch: { distance: number; midX: number; midY: number } | undefined
  private dragFrame = 0
  private pendingPlaces: Map<string, { x: number; y: number }> | undefined

  constructor(private readonly host: GestureHost) {}

  private local(event: { clientX: number; clientY: number }) {
    const rect = this.host.scene.canvasElement.getBoundingClientRect()
    return { sx: event.clientX - rect.left, sy: event.clientY - rect.top }
  }

  private world(event: { clientX: number; clientY: number }) {
    const { sx, sy } = this.local(event)
    const view = this.host.scene.viewport()
    return { x: view.x + sx / view.zoom, y: view.y + sy / view.zoom, sx, sy }
  }

  private hitTolerance(): number {
    return 6 / this.host.scene.viewport().zoom
  }

  /** The corner handle of the one selected element under the pointer, if any. */
  private handleAt(x: number, y: number): { id: string; anchor: { x: number; y: number } } | undefined {
    const selected = [...this.host.selection()]
    if (selected.length !== 1) return undefined
    const element = this.host.element(selected[0]!)
    if (!element || element.kind === "connector" || element.kind === "stroke" || element.locked) return undefined
    const size = HANDLE_PX / this.host.scene.viewport().zoom
    const { x: ex, y: ey, w, h } = element
    const corners = [
      [ex, ey, ex + w, ey + h],
      [ex + w, ey, ex, ey + h],
      [ex, ey + h, ex + w, ey],
      [ex + w, ey + h, ex, ey],
    ] as const
    for (const [cx, cy, ax, ay] of corners)
      if (Math.abs(x - cx) <= size && Math.abs(y - cy) <= size) return { id: element.id, anchor: { x: ax, y: ay } }
    return undefined
  }

  pointerDown(event: PointerEvent): void {
    if (event.pointerType === "touch") {
      this.touches.set(event.pointerId, { x: event.clientX, y: event.clientY })
      if (this.touches.size === 2) {
        // A second finger turns whatever the first began into a pan and zoom.
        this.cancelDrag()
        this.pinch = this.pinchOf()
        return
      }
      if (this.touches.size > 2) return
    }
    this.host.scene.canvasElement.setPointerCapture?.(event.pointerId)
    const { x, y, sx, sy } = this.world(event)
    const tool = this.host.tool()
    if (tool === "hand" || event.button === 1) {
      this.drag = { kind: "pan", lastX: sx, lastY: sy }
      return
    }
    if (!this.host.canEdit() && tool !== "select") {
      this.drag = { kind: "pan", lastX: sx, lastY: sy }
      return
    }
    switch (tool) {
      case "select":
        return this.beginSelect(event, x, y, sx, sy)
      case "pen":
        this.drag = { kind: "stroke", originX: x, originY: y, points: [[0, 0]], pressures: [event.pressure], startedAt: performance.now() }
        return
      case "shape":
        this.drag = { kind: "shape", startX: x, startY: y }
        return
      case "connector": {
        const from = this.host.scene.hitTest(x, y, this.hitTolerance())
        if (from && this.host.element(from)?.kind !== "connector") this.drag = { kind: "connect", from }
        return
      }
      case "sticky":
      case "text":
        return void this.place(tool, x, y)
    }
  }

  private beginSelect(event: PointerEvent, x: number, y: number, sx: number, sy: number): void {
    const handle = this.host.canEdit() ? this.handleAt(x, y) : undefined
    if (handle) {
      this.drag = { kind: "resize", id: handle.id, anchor: handle.anchor, startedAt: performance.now() }
      return
    }
    const hit = this.host.scene.hitTest(x, y, this.hitTolerance())
    if (!hit) {
      // On a phone, a drag on empty canvas pans; with a mouse it draws a marquee.
      if (event.pointerType === "touch") this.drag = { kind: "pan", lastX: sx, lastY: sy }
      else this.drag = { kind: "marquee", startX: x, startY: y, additive: event.shiftKey }
      if (!event.shiftKey) this.host.select([])
      return
    }
    const selection = this.host.selection()
    if (event.shiftKey) {
      const next = new Set(selection)
      if (next.has(hit)) next.delete(hit)
      else next.add(hit)
      this.host.select(next)
      return
    }
    if (!selection.has(hit)) this.host.select([hit])
    if (!this.host.canEdit()) return
    const moving = this.host.actions.movable(this.host.selection()).filter((e) => !e.locked)
    if (moving.length === 0) return
    this.drag = { kind: "move", startX: x, startY: y, from: placesOf(moving), lastSent: 0, startedAt: performance.now(), moved: false }
  }

  pointerMove(event: PointerEvent): void {
    if (event.pointerType === "touch" && this.touches.has(event.pointerId)) {
      this.touches.set(event.pointerId, { x: event.clientX, y: event.clientY })
      if (this.pinch && this.touches.size === 2) return this.pinchMove()
    }
    const { x, y, sx, sy } = this.world(event)
    this.host.pointer([x, y])
    const drag = this.drag
    if (!drag) return
    switch (drag.kind) {
      case "pan": {
        this.host.scene.setViewport(panBy(this.host.scene.viewport(), sx - drag.lastX, sy - drag.lastY))
        this.host.viewChangedByHand()
        drag.lastX = sx
        drag.lastY = sy
        return
      }
      case "move": {
        const dx = x - drag.startX
        const dy = y - drag.startY
        if (!drag.moved && Math.hypot(dx, dy) * this.host.scene.viewport().zoom < CLICK_SLOP_PX) return
        drag.moved = true
        const places = new Map([...drag.from].map(([id, p]) => [id, { x: p.x + dx, y: p.y + dy }]))
        this.host.dragging(places)
        const now = performance.now()
        if (now - drag.lastSent >= DRAG_SEND_MS) {
          drag.lastSent = now
          void this.host.actions.moveTo(places, drag.from, false)
        } else this.scheduleTrailingMove(places, drag)
        return
      }
      case "resize": {
        const element = this.host.element(drag.id)
        if (!element || element.kind === "connector") return
        const rect = rectFrom(drag.anchor.x, drag.anchor.y, x, y)
        this.host.scene.setPreview({
          element: { ...element, x: rect.x, y: rect.y, w: Math.max(MIN_SIZE, rect.w), h: Math.max(MIN_SIZE, rect.h) } as CanvasElement,
        })
        return
      }
      case "marquee":
        this.host.scene.setPreview({ marquee: rectFrom(drag.startX, drag.startY, x, y) })
        return
      case "stroke": {
        const last = drag.points[drag.points.length - 1]!
        const px = x - drag.originX
        const py = y - drag.originY
        // Points closer than a screen pixel add weight, not shape.
        if (Math.hypot(px - last[0], py - last[1]) * this.host.scene.viewport().zoom < 1.5 || drag.points.length >= 2_000) return
        drag.points.push([px, py])
        drag.pressures.push(event.pressure)
        this.host.scene.setPreview({ element: this.strokeOf(drag) })
        return
      }
      case "shape":
        this.host.scene.setPreview({ element: this.shapeOf(drag.startX, drag.startY, x, y) })
        return
      case "connect": {
        const target = this.host.scene.hitTest(x, y, this.hitTolerance())
        const from = this.host.scene.boundsOf(drag.from)
        if (!from) return
        // Drawn as a line from the first element's centre to the pointer (or to the element under it).
        const end = target && target !== drag.from ? this.host.scene.boundsOf(target) : undefined
        const ex = end ? end.x + end.w / 2 : x
        const ey = end ? end.y + end.h / 2 : y
        const sx0 = from.x + from.w / 2
        const sy0 = from.y + from.h / 2
        this.host.scene.setPreview({
          element: {
            kind: "shape",
            shape: "arrow",
            colour: this.host.colour(),
            x: sx0,
            y: sy0,
            w: ex - sx0,
            h: ey - sy0,
            id: "preview",
            createdBy: "",
            createdAt: 0,
            updatedAt: 0,
            groupId: null,
            locked: false,
          } as CanvasElement,
        })
        return
      }
    }
  }

  /** The last position of a drag goes out even when the pointer stops between two sends. */
  private scheduleTrailingMove(places: Map<string, { x: number; y: number }>, drag: Extract<Drag, { kind: "move" }>): void {
    this.pendingPlaces = places
    if (this.dragFrame) return
    this.dragFrame = window.setTimeout(() => {
      this.dragFrame = 0
      if (this.drag !== drag || !this.pendingPlaces) return
      drag.lastSent = performance.now()
      void this.host.actions.moveTo(this.pendingPlaces, drag.from, false)
      this.pendingPlaces = undefined
    }, DRAG_SEND_MS)
  }

  pointerUp(event: PointerEvent): void {
    if (event.pointerType === "touch") {
      this.touches.delete(event.pointerId)
      if (this.pinch) {
        if (this.touches.size < 2) this.pinch = undefined
        return
      }
    }
    const drag = this.drag
    this.drag = undefined
    if (!drag) return
    const { x, y } = this.world(event)
    switch (drag.kind) {
      case "move": {
        this.host.dragging(null)
        if (!drag.moved) return
        const dx = x - drag.startX
        const dy = y - drag.startY
        const places = new Map([...drag.from].map(([id, p]) => [id, { x: p.x + dx, y: p.y + dy }]))
        void this.host.actions.moveTo(places, drag.from, true, performance.now() - drag.startedAt)
        return
      }
      case "resize": {
        this.host.scene.setPreview(undefined)
        const element = this.host.element(drag.id)
        if (!element || element.kind === "connector") return
        const rect = rectFrom(drag.anchor.x, drag.anchor.y, x, y)
        const w = Math.max(MIN_SIZE, Math.round(rect.w))
        const h = Math.max(MIN_SIZE, Math.round(rect.h))
        void (async () => {
          await this.host.actions.update(drag.id, { w, h })
          if (rect.x !== element.x || rect.y !== element.y)
            await this.host.actions.moveTo(new Map([[drag.id, { x: rect.x, y: rect.y }]]), new Map([[drag.id, { x: element.x, y: element.y }]]), true)
        })()
        return
      }
      case "marquee": {
        this.host.scene.setPreview(undefined)
        const rect = rectFrom(drag.startX, drag.startY, x, y)
        const found = this.host.scene.queryRect(rect)
        this.host.select(drag.additive ? new Set([...this.host.selection(), ...found]) : found)
        return
      }
      case "stroke": {
        this.host.scene.setPreview(undefined)
        const element = this.strokeOf(drag)
        const { id: _i, createdBy: _c, createdAt: _a, updatedAt: _u, groupId: _g, locked: _l, ...input } = element
        void this.host.actions.add(input as ElementInput, performance.now() - drag.startedAt)
        return
      }
      case "shape": {
        this.host.scene.setPreview(undefined)
        const element = this.shapeOf(drag.startX, drag.startY, x, y)
        if (element.kind !== "shape") return
        const small = Math.abs(element.w) < MIN_SIZE && Math.abs(element.h) < MIN_SIZE
        // A click (no drag) drops a shape of a usual size.
        const sized = small ? { ...element, w: 160, h: 120 } : element
        const { id: _i, createdBy: _c, createdAt: _a, updatedAt: _u, groupId: _g, locked: _l, ...input } = sized
        void this.host.actions.add(input as ElementInput).then((id) => id && this.host.select([id]))
        return
      }
      case "connect": {
        this.host.scene.setPreview(undefined)
        const to = this.host.scene.hitTest(x, y, this.hitTolerance())
        if (!to || to === drag.from || this.host.element(to)?.kind === "connector") return
        void this.host.actions.add({ kind: "connector", from: drag.from, to, colour: this.host.colour(), width: 2, arrow: true, label: "" })
        return
      }
      case "pan":
        return
    }
  }

  pointerLeave(): void {
    this.host.pointer(null)
  }

  cancelDrag(): void {
    if (this.drag?.kind === "move") this.host.dragging(null)
    this.drag = undefined
    this.host.scene.setPreview(undefined)
  }

  wheel(event: WheelEvent): void {
    event.preventDefault()
    const { sx, sy } = this.local(event)
    const view = this.host.scene.viewport()
    // Pixels for a trackpad, lines for a mouse wheel.
    const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1
    if (event.ctrlKey || event.metaKey) this.host.scene.setViewport(zoomAt(view, sx, sy, Math.exp(-event.deltaY * scale * 0.0025)))
    else this.host.scene.setViewport(panBy(view, -event.deltaX * scale, -event.deltaY * scale))
    this.host.viewChangedByHand()
  }

  private pinchOf() {
    const [a, b] = [...this.touches.values()] as [{ x: number; y: number }, { x: number; y: number }]
    const rect = this.host.scene.canvasElement.getBoundingClientRect()
    return { distance: Math.hypot(a.x - b.x, a.y - b.y), midX: (a.x + b.x) / 2 - rect.left, midY: (a.y + b.y) / 2 - rect.top }
  }

  private pinchMove(): void {
    const before = this.pinch!
    const now = this.pinchOf()
    let view = panBy(this.host.scene.viewport(), now.midX - before.midX, now.midY - before.midY)
    if (before.distance > 0) view = zoomAt(view, now.midX, now.midY, now.distance / before.distance)
    this.host.scene.setViewport(view)
    this.host.viewChangedByHand()
    this.pinch = now
  }

  private async place(tool: "sticky" | "text", x: number, y: number): Promise<void> {
    const element: ElementInput =
      tool === "sticky"
        ? { kind: "sticky", text: "", colour: this.host.stickyColour(), x: x - 80, y: y - 80, w: 160, h: 160 }
        : { kind: "text", text: "", colour: this.host.colour(), fontSize: 24, x, y: y - 16, w: 240, h: 40 }
    const id = await this.host.actions.add(element)
    if (id) {
      this.host.select([id])
      this.host.placed(id)
    }
  }

  private strokeOf(drag: Extract<Drag, { kind: "stroke" }>): CanvasElement {
    const xs = drag.points.map((p) => p[0])
    const ys = drag.points.map((p) => p[1])
    const minX = Math.min(...xs)
    const minY = Math.min(...ys)
    const tool = this.host.penTool()
    const base = tool === "pen" ? 3 : tool === "marker" ? 8 : 18
    // A pen that reports pressure draws wider when pressed harder (0.5 is what a mouse reports).
    const pressure = drag.pressures.filter((p) => p > 0 && p !== 0.5)
    const weight = pressure.length > 0 ? 0.5 + pressure.reduce((a, b) => a + b, 0) / pressure.length : 1
    return {
      kind: "stroke",
      tool,
      colour: this.host.colour(),
      width: Math.round(base * weight * 10) / 10,
      points: drag.points.map(([px, py]) => [Math.round((px - minX) * 10) / 10, Math.round((py - minY) * 10) / 10] as [number, number]),
      x: drag.originX + minX,
      y: drag.originY + minY,
      w: Math.max(1, Math.max(...xs) - minX),
      h: Math.max(1, Math.max(...ys) - minY),
      id: "preview",
      createdBy: "",
      createdAt: 0,
      updatedAt: 0,
      groupId: null,
      locked: false,
    } as CanvasElement
  }

  private shapeOf(ax: number, ay: number, bx: number, by: number): CanvasElement {
    const shape = this.host.shapeKind()
    // Every shape is a box (extents are never negative); a line or an arrow says which corner it starts from, the one the drag began at.
    const box = rectFrom(ax, ay, bx, by)
    const flip = shape === "line" || shape === "arrow" ? flipOf(bx < ax, by < ay) : undefined
    return {
      kind: "shape",
      shape,
      colour: this.host.colour(),
      ...box,
      ...(flip ? { flip } : {}),
      id: "preview",
      createdBy: "",
      createdAt: 0,
      updatedAt: 0,
      groupId: null,
      locked: false,
    } as CanvasElement
  }
}
