/**
 * The entry's text box with light formatting: a toolbar (bold, italic,
 * bulleted list, heading, preview) and Ctrl/⌘+B, Ctrl/⌘+I over a plain
 * textarea holding the Markdown subset of markdown.ts. A textarea keeps
 * the phone's own keyboard, selection handles, dictation and undo; the
 * marks are a few visible characters, and the preview shows the entry as
 * it reads. Enter on a list line continues the list; on an empty one it
 * ends it.
 */
import { createSignal, Show } from "solid-js"
import { t } from "../i18n/i18n.ts"
import { TextArea } from "../ui/Field.tsx"
import { DocView } from "./doc-view.tsx"
import { fromSource } from "./markdown.ts"

const BLOCK_PREFIX = /^(#{1,3} |[-*] \[[ xX]\] |[-*] |\d{1,9}\. |> )/

/** Replaces [start, end) the way typing would (the browser's undo keeps it), then selects [selectStart, selectEnd). */
const replace = (area: HTMLTextAreaElement, start: number, end: number, text: string, selectStart: number, selectEnd: number) => {
  area.focus()
  area.setSelectionRange(start, end)
  const typed = text === "" ? document.execCommand("delete") : document.execCommand("insertText", false, text)
  if (!typed || area.value.slice(start, start + text.length) !== text) {
    area.setRangeText(text, start, end)
    area.dispatchEvent(new Event("input", { bubbles: true }))
  }
  area.setSelectionRange(selectStart, selectEnd)
}

/** Bold or italic on the selection, or off if it already is; with nothing selected, a pair of markers to type between. */
const toggleInline = (area: HTMLTextAreaElement, marker: "**" | "*") => {
  const { value } = area
  let start = area.selectionStart
  let end = area.selectionEnd
  // Marks hug their words: a selection's edge spaces stay outside.
  while (end > start && /\s/.test(value[end - 1]!)) end--
  while (start < end && /\s/.test(value[start]!)) start++
  const m = marker.length
  const before = value.slice(0, start)
  const after = value.slice(end)
  const italicEdge = (side: string, atEnd: boolean) => (atEnd ? side.endsWith("*") && (!side.endsWith("**") || side.endsWith("***")) : side.startsWith("*") && (!side.startsWith("**") || side.startsWith("***")))
  const wrapped = marker === "**" ? before.endsWith("**") && after.startsWith("**") : italicEdge(before, true) && italicEdge(after, false)
  if (wrapped && start !== end) return replace(area, start - m, end + m, value.slice(start, end), start - m, end - m)
  replace(area, start, end, `${marker}${value.slice(start, end)}${marker}`, start + m, end + m)
}

/** A block marker on every line the selection touches, or off them all if they all have it. */
const toggleLines = (area: HTMLTextAreaElement, prefix: "- " | "## ") => {
  const { value } = area
  const lineStart = value.lastIndexOf("\n", area.selectionStart - 1) + 1
  const endBreak = value.indexOf("\n", area.selectionEnd)
  const lineEnd = endBreak === -1 ? value.length : endBreak
  const lines = value.slice(lineStart, lineEnd).split("\n")
  const all = lines.some((line) => line !== "") && lines.every((line) => line === "" || line.startsWith(prefix))
  const next = lines.map((line) => (all ? line.slice(line.startsWith(prefix) ? prefix.length : 0) : line === "" && lines.length > 1 ? line : prefix + line.replace(BLOCK_PREFIX, ""))).join("\n")
  replace(area, lineStart, lineEnd, next, lines.length === 1 ? lineStart + next.length : lineStart, lineStart + next.length)
}

/** Enter inside a list: the next line is an item too; Enter on an empty item ends the list. */
const continueList = (area: HTMLTextAreaElement): boolean => {
  if (area.selectionStart !== area.selectionEnd) return false
  const at = area.selectionStart
  const lineStart = area.value.lastIndexOf("\n", at - 1) + 1
  const line = area.value.slice(lineStart, at)
  const marker = /^([-*] \[[ xX]\] |[-*] |\d{1,9}\. )/.exec(line)?.[1]
  if (!marker) return false
  if (line === marker) {
    replace(area, lineStart, at, "", lineStart, lineStart)
    return true
  }
  const next = marker.includes("[") ? "- [ ] " : /^\d/.test(marker) ? `${Number.parseInt(marker, 10) + 1}. ` : marker
  replace(area, at, at, `\n${next}`, at + 1 + next.length, at + 1 + next.length)
  return true
}

export const RichTextField = (props: { readonly label: string; readonly value: string; readonly maxLength: number; readonly onInput: (value: string) => void }) => {
  let area: HTMLTextAreaElement | undefined
  const [preview, setPreview] = createSignal(false)
  const act = (action: (area: HTMLTextAreaElement) => void) => () => area && action(area)
  const onKeyDown = (event: KeyboardEvent) => {
    if (!area) return
    const key = event.key.toLowerCase()
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (key === "b" || key === "i")) {
      event.preventDefault()
      toggleInline(area, key === "b" ? "**" : "*")
    } else if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.isComposing && continueList(area)) {
      event.preventDefault()
    }
  }
  // Buttons keep the text box's focus and selection (a tap would otherwise take them).
  const keepFocus = (event: MouseEvent) => event.preventDefault()
  return (
    <div class="stack journal-rich">
      <div class="row journal-format-bar" role="toolbar" aria-label={t("journal.format.toolbar")}>
        <button type="button" class="btn journal-format" aria-label={t("journal.format.bold")} title={`${t("journal.format.bold")} (Ctrl+B)`} onMouseDown={keepFocus} onClick={act((a) => toggleInline(a, "**"))}><strong aria-hidden="true">B</strong></button>
        <button type="button" class="btn journal-format" aria-label={t("journal.format.italic")} title={`${t("journal.format.italic")} (Ctrl+I)`} onMouseDown={keepFocus} onClick={act((a) => toggleInline(a, "*"))}><em aria-hidden="true">I</em></button>
        <button type="button" class="btn journal-format" aria-label={t("journal.format.bullet")} title={t("journal.format.bullet")} onMouseDown={keepFocus} onClick={act((a) => toggleLines(a, "- "))}><span aria-hidden="true">•≡</span></button>
        <button type="button" class="btn journal-format" aria-label={t("journal.format.heading")} title={t("journal.format.heading")} onMouseDown={keepFocus} onClick={act((a) => toggleLines(a, "## "))}><span aria-hidden="true">H</span></button>
        <button type="button" class="btn btn-quiet journal-format-preview" aria-pressed={preview()} onClick={() => setPreview((on) => !on)}>{t("journal.format.preview")}</button>
      </div>
      <TextArea label={props.label} hint={t("journal.format.hint")} value={props.value} rows={8} maxLength={props.maxLength} ref={(el: HTMLTextAreaElement) => (area = el)} onKeyDown={onKeyDown} onInput={(e) => props.onInput(e.currentTarget.value)} />
      <Show when={preview()}>
        <section class="panel journal-preview" aria-label={t("journal.format.previewTitle")}>
          <DocView doc={fromSource(props.value)} />
        </section>
      </Show>
    </div>
  )
}
