/**
 * What is drawn over the canvas in screen space, at a constant size whatever
 * the zoom: one's own selection (outline and corner handles), others'
 * selections (outline in their colour, with their name), lock badges,
 * others' cursors, and a marquee. Redrawn as a whole when any of it or the
 * view changes; a handful of shapes, never the elements themselves.
 * Never part of `renderRegion` (the caller hides this layer).
 */
import { Container, Graphics, Text, TextStyle } from "pixi.js"
import { FONT_FAMILY, type Box } from "../../../../actors/canvas/drawing.ts"
import type { Cursor, RemoteSelection, Viewport, WorldRect } from "./index.ts"

export const SELECTION_COLOUR = "#2f80ed"
/** Side of a resize handle, in CSS pixels; hit tolerance is a little larger for touch. */
export const HANDLE_SIZE = 8
const HANDLE_REACH = 12
const LOCK_SIZE = 14

export type Corner = "nw" | "ne" | "sw" | "se"

export interface OverlayState {
  readonly view: Viewport
  readonly selection: readonly Box[]
  readonly remote: readonly { readonly selection: RemoteSelection; readonly boxes: readonly Box[] }[]
  readonly locked: readonly Box[]
  readonly cursors: readonly Cursor[]
  readonly marquee: WorldRect | undefined
}

const labelStyle = new Map<string, TextStyle>()
const styleFor = (colour: string) => {
  let style = labelStyle.get(colour)
  if (!style) labelStyle.set(colour, (style = new TextStyle({ fontFamily: FONT_FAMILY, fontSize: 11, fill: colour })))
  return style
}

export const unionBox = (boxes: readonly Box[]): Box | undefined =>
  boxes.length === 0
    ? undefined
    : {
        minX: Math.min(...boxes.map((b) => b.minX)),
        minY: Math.min(...boxes.map((b) => b.minY)),
        maxX: Math.max(...boxes.map((b) => b.maxX)),
        maxY: Math.max(...boxes.map((b) => b.maxY)),
      }

const toScreen = (view: Viewport, box: Box) => ({
  x: (box.minX - view.x) * view.zoom,
  y: (box.minY - view.y) * view.zoom,
  w: (box.maxX - box.minX) * view.zoom,
  h: (box.maxY - box.minY) * view.zoom,
})

/** The corner handles of a selection, in screen coordinates. */
export const handlePoints = (view: Viewport, selection: readonly Box[]): Record<Corner, { x: number; y: number }> | undefined => {
  const union = unionBox(selection)
  if (!union) return undefined
  const r = toScreen(view, union)
  return { nw: { x: r.x, y: r.y }, ne: { x: r.x + r.w, y: r.y }, sw: { x: r.x, y: r.y + r.h }, se: { x: r.x + r.w, y: r.y + r.h } }
}

export const handleAt = (view: Viewport, selection: readonly Box[], x: number, y: number): Corner | undefined => {
  const points = handlePoints(view, selection)
  if (!points) return undefined
  return (Object.keys(points) as Corner[]).find(
    (corner) => Math.abs(points[corner].x - x) <= HANDLE_REACH && Math.abs(points[corner].y - y) <= HANDLE_REACH,
  )
}

export class Overlays {
  readonly layer = new Container({ label: "overlays", eventMode: "none" })
  readonly #shapes = new Graphics({ eventMode: "none" })
  readonly #labels = new Container({ eventMode: "none" })
  /** Name labels, reused across redraws (keyed by what they label, text and colour). */
  readonly #labelPool = new Map<string, Text>()

  constructor() {
    this.layer.addChild(this.#shapes, this.#labels)
  }

  draw(state: OverlayState): void {
    const g = this.#shapes.clear()
    const used = new Set<string>()
    const label = (use: string, text: string, colour: string, x: number, y: number, alpha = 1) => {
      const key = `${use}|${text}|${colour}`
      let t = this.#labelPool.get(key)
      if (!t) {
        t = new Text({ text, style: styleFor("#ffffff"), eventMode: "none" })
        this.#labelPool.set(key, t)
        this.#labels.addChild(t)
      }
      // A pill in the member's colour behind white text, so a name reads on any background.
      g.roundRect(x, y, t.width + 8, t.height + 4, 3).fill({ color: colour, alpha })
      t.position.set(x + 4, y + 2)
      t.alpha = alpha
      t.visible = true
      used.add(key)
    }
    const { view } = state

    for (const { selection, boxes } of state.remote) {
      for (const box of boxes) {
        const r = toScreen(view, box)
        g.rect(r.x - 3, r.y - 3, r.w + 6, r.h + 6).stroke({ width: 2, color: selection.colour })
      }
      const union = unionBox(boxes)
      if (union) {
        const r = toScreen(view, union)
        label(`selection:${selection.userId}`, selection.name, selection.colour, r.x - 3, r.y - 22)
      }
    }

    for (const box of state.selection) {
      const r = toScreen(view, box)
      g.rect(r.x, r.y, r.w, r.h).stroke({ width: 1.5, color: SELECTION_COLOUR })
    }
    const handles = handlePoints(view, state.selection)
    if (handles) {
      if (state.selection.length > 1) {
        const r = toScreen(view, unionBox(state.selection)!)
        g.rect(r.x, r.y, r.w, r.h).stroke({ width: 1, color: SELECTION_COLOUR, alpha: 0.6 })
      }
      for (const { x, y } of Object.values(handles)) {
        g.rect(x - HANDLE_SIZE / 2, y - HANDLE_SIZE / 2, HANDLE_SIZE, HANDLE_SIZE)
          .fill("#ffffff")
          .stroke({ width: 1.5, color: SELECTION_COLOUR })
      }
    }

    for (const box of state.locked) {
      const r = toScreen(view, box)
      drawLock(g, r.x + r.w - LOCK_SIZE / 2, r.y - LOCK_SIZE / 2)
    }

    if (state.marquee) {
      const m = state.marquee
      g.rect((m.x - view.x) * view.zoom, (m.y - view.y) * view.zoom, m.w * view.zoom, m.h * view.zoom)
        .fill({ color: SELECTION_COLOUR, alpha: 0.08 })
        .stroke({ width: 1, color: SELECTION_COLOUR })
    }

    for (const cursor of state.cursors) {
      if (cursor.status === "away") continue
      const alpha = cursor.status === "idle" ? 0.45 : 1
      const x = (cursor.x - view.x) * view.zoom
      const y = (cursor.y - view.y) * view.zoom
      g.poly([x, y, x, y + 16, x + 4.5, y + 12, x + 8, y + 19, x + 10.5, y + 18, x + 7, y + 11, x + 12, y + 11], true)
        .fill({ color: cursor.colour, alpha })
        .stroke({ width: 1, color: "#ffffff", alpha })
      label(`cursor:${cursor.userId}`, cursor.name, cursor.colour, x + 10, y + 18, alpha)
    }

    for (const [key, t] of this.#labelPool) {
      if (used.has(key)) continue
      // Names not shown for a while are dropped, so the pool stays as small as the room.
      t.destroy()
      this.#labelPool.delete(key)
    }
  }

  destroy(): void {
    this.layer.destroy({ children: true })
  }
}

/** A small padlock, white-edged so it shows on any colour. */
const drawLock = (g: Graphics, x: number, y: number) => {
  g.roundRect(x, y, LOCK_SIZE, LOCK_SIZE, 3).fill("#1f2933").stroke({ width: 1, color: "#ffffff" })
  g.roundRect(x + 3.5, y + 6.5, 7, 5, 1).fill("#ffffff")
  g.moveTo(x + 5, y + 6.5)
    .arc(x + 7, y + 6, 2.2, Math.PI, 0)
    .lineTo(x + 9, y + 6.5)
    .stroke({ width: 1.4, color: "#ffffff" })
}
