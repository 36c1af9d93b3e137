/**
 * Writing on a note or a text element: a real text field laid over the
 * element where it is on screen (so the keyboard, IME, spell check and
 * screen readers work as anywhere), saved as one update when it closes.
 */
import { createSignal, onMount } from "solid-js"
import { STICKY_FONT_SIZE } from "../../../actors/canvas/drawing.ts"
import { MAX_STICKY_TEXT, MAX_TEXT } from "../../../actors/canvas/limits.ts"
import { t } from "../i18n/i18n.ts"
import type { BoardContext } from "./board.tsx"
import type { Viewport } from "./viewport.ts"

export const TextEditor = (props: { readonly context: BoardContext; readonly elementId: string; readonly view: Viewport; done(): void }) => {
  const element = () => props.context.state()?.canvas.elements.find((e) => e.id === props.elementId)
  const initial = element()
  const [text, setText] = createSignal(initial && "text" in initial ? initial.text : "")
  let field: HTMLTextAreaElement | undefined
  let closed = false
  onMount(() => {
    field?.focus()
    field?.select()
  })
  const close = (save: boolean) => {
    if (closed) return
    closed = true
    const current = element()
    if (save && current && "text" in current && current.text !== text()) void props.context.actions.update(props.elementId, { text: text() })
    props.done()
  }
  const place = () => {
    const e = element()
    if (!e || !("x" in e)) return {}
    const v = props.view
    const fontSize = (e.kind === "text" ? e.fontSize : STICKY_FONT_SIZE) * v.zoom
    return {
      left: `${(e.x - v.x) * v.zoom}px`,
      top: `${(e.y - v.y) * v.zoom}px`,
      width: `${Math.max(80, e.w * v.zoom)}px`,
      height: `${Math.max(40, e.h * v.zoom)}px`,
      "font-size": `${Math.max(12, fontSize)}px`,
    }
  }
  return (
    <textarea
      ref={(el) => {
        field = el
        const style = place()
        for (const [key, value] of Object.entries(style)) el.style.setProperty(key, value)
      }}
      class="board-text-editor"
      aria-label={element()?.kind === "sticky" ? t("canvas.editSticky") : t("canvas.editText")}
      maxLength={element()?.kind === "sticky" ? MAX_STICKY_TEXT : MAX_TEXT}
      value={text()}
      dir="auto"
      onInput={(e) => setText(e.currentTarget.value)}
      onBlur={() => close(true)}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === "Escape") close(false)
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) close(true)
      }}
      onPointerDown={(e) => e.stopPropagation()}
    />
  )
}
