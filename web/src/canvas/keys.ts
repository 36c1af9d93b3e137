/**
 * The keyboard on a canvas, so everything the mouse does has a key: tools
 * (V, H, N, P, S, T, C), delete, duplicate, group, undo and redo, Enter to
 * edit a note, arrows to nudge the selection (or pan with nothing selected),
 * + and - to zoom, 0 to fit, Escape to let go.
 */
import type { BoardContext } from "./board.tsx"
import type { Tool } from "./gestures.ts"
import { fitView, panBy, zoomAt } from "./viewport.ts"

export interface KeyHost {
  readonly context: BoardContext
  setTool(tool: Tool): void
  edit(id: string): void
  clearFollow(): void
  host(): HTMLElement | undefined
}

const TOOL_KEYS: Readonly<Record<string, Tool>> = { v: "select", h: "hand", n: "sticky", p: "pen", s: "shape", t: "text", c: "connector" }

export const handleKey = (event: KeyboardEvent, keys: KeyHost): void => {
  const { context } = keys
  const scene = context.scene()
  const host = keys.host()
  if (!scene || !host) return
  const mod = event.ctrlKey || event.metaKey
  const selected = [...context.selection()]
  const editable = context.powers().edit
  const key = event.key.toLowerCase()
  const done = () => event.preventDefault()

  if (mod && key === "z") return (done(), void (event.shiftKey ? context.actions.redo() : context.actions.undo()))
  if (mod && key === "y") return (done(), void context.actions.redo())
  if (mod && key === "a") return (done(), context.select(context.state()?.canvas.elements.map((e) => e.id) ?? []))
  if (mod && key === "d" && editable && selected.length > 0) return (done(), void context.actions.duplicate(selected).then(context.select))
  if (mod && key === "g" && editable) {
    done()
    const groupId = context.state()?.canvas.elements.find((e) => e.id === selected[0])?.groupId
    if (event.shiftKey && groupId) return void context.actions.ungroup(groupId)
    if (!event.shiftKey && selected.length >= 2) return void context.actions.group(selected)
    return
  }
  if (mod) return
  if ((key === "delete" || key === "backspace") && editable && selected.length > 0) return (done(), void context.actions.remove(selected))
  if (key === "escape") return (done(), context.select([]))
  if (key === "enter" && selected.length === 1 && editable) {
    const element = context.state()?.canvas.elements.find((e) => e.id === selected[0])
    if (element && (element.kind === "sticky" || element.kind === "text") && !element.locked) return (done(), keys.edit(element.id))
  }
  const size = host.getBoundingClientRect()
  if (key === "+" || key === "=")
    return (done(), keys.clearFollow(), scene.setViewport(zoomAt(scene.viewport(), size.width / 2, size.height / 2, 1.25)))
  if (key === "-" || key === "_")
    return (done(), keys.clearFollow(), scene.setViewport(zoomAt(scene.viewport(), size.width / 2, size.height / 2, 0.8)))
  if (key === "0") return (done(), keys.clearFollow(), scene.setViewport(fitView(scene.contentBounds(), size.width, size.height)))
  const arrows: Readonly<Record<string, readonly [number, number]>> = { arrowleft: [-1, 0], arrowright: [1, 0], arrowup: [0, -1], arrowdown: [0, 1] }
  const arrow = arrows[key]
  if (arrow) {
    done()
    const step = event.shiftKey ? 10 : 1
    const moving = editable ? context.actions.movable(context.selection()).filter((e) => !e.locked && "x" in e) : []
    if (moving.length > 0) {
      const from = new Map(moving.map((e) => [e.id, { x: (e as { x: number }).x, y: (e as { y: number }).y }]))
      const to = new Map([...from].map(([id, p]) => [id, { x: p.x + arrow[0] * step * 4, y: p.y + arrow[1] * step * 4 }]))
      return void context.actions.moveTo(to, from, true)
    }
    keys.clearFollow()
    return scene.setViewport(panBy(scene.viewport(), -arrow[0] * 40 * step, -arrow[1] * 40 * step))
  }
  const tool = TOOL_KEYS[key]
  if (tool && !event.altKey) return (done(), keys.setTool(tool))
}
