/**
 * The entry's text box with light formatting: a toolbar (bold, italic,
 * bulleted list, numbered list, quote, heading, preview) over a plain
 * textarea holding the Markdown subset of markdown.ts. A textarea keeps
 * the phone's own keyboard, selection handles, dictation and undo; the
 * marks are a few visible characters, and the preview shows the entry as
 * it reads. Enter on a list or quote line continues it; on an empty one
 * it ends it.
 *
 * Shortcuts are the ones people know from Google Docs and Slack:
 * Ctrl/⌘+B bold, +I italic, +Shift+7 numbered list, +Shift+8 bulleted
 * list, +Shift+9 quote (GitHub's +Shift+. works for a quote too). They
 * are read from the key's position (`code`), so Shift+7 is the same
 * shortcut on a layout where it types "/" or "&".
 *
 * The box and the preview take the direction of what is written, not of
 * the page (`dir="auto"`): English notes read left to right on a Hebrew
 * page, Hebrew ones right to left on an English page.
 */
import { createSignal, Show, type JSX } from "solid-js"
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
  const italicEdge = (side: string, atEnd: boolean) =>
    atEnd
      ? side.endsWith("*") && (!side.endsWith("**") || side.endsWith("***"))
      : side.startsWith("*") && (!side.startsWith("**") || side.startsWith("***"))
  const wrapped = marker === "**" ? before.endsWith("**") && after.startsWith("**") : italicEdge(before, true) && italicEdge(after, false)
  if (wrapped && start !== end) return replace(area, start - m, end + m, value.slice(start, end), start - m, end - m)
  replace(area, start, end, `${marker}${value.slice(start, end)}${marker}`, start + m, end + m)
}

/** A kind of line the toolbar makes: how to recognise one, and the marker for its `index`th line (0-based) after `previous`. */
interface LineKind {
  readonly marker: RegExp
  readonly make: (index: number, previous: string) => string
}

const NUMBER = /^(\d{1,9})\. /
const LINE_KINDS = {
  bullet: { marker: /^[-*] (?!\[[ xX]\] )/, make: () => "- " },
  numbered: {
    marker: NUMBER,
    // A numbered line right under another carries on its count, as a list typed with Enter does.
    make: (index, previous) => `${Number.parseInt(NUMBER.exec(previous)?.[1] ?? "0", 10) + 1 + index}. `,
  },
  quote: { marker: /^> /, make: () => "> " },
  heading: { marker: /^## /, make: () => "## " },
} satisfies Record<string, LineKind>

type LineKindName = keyof typeof LINE_KINDS

/** A block marker on every line the selection touches (replacing another kind's), or off them all if they all have it. */
const toggleLines = (area: HTMLTextAreaElement, name: LineKindName) => {
  const kind: LineKind = LINE_KINDS[name]
  const { value } = area
  const lineStart = value.lastIndexOf("\n", area.selectionStart - 1) + 1
  const endBreak = value.indexOf("\n", area.selectionEnd)
  const lineEnd = endBreak === -1 ? value.length : endBreak
  const lines = value.slice(lineStart, lineEnd).split("\n")
  let previous = lineStart === 0 ? "" : value.slice(value.lastIndexOf("\n", lineStart - 2) + 1, lineStart - 1)
  const all = lines.some((line) => line !== "") && lines.every((line) => line === "" || kind.marker.test(line))
  let made = 0
  const next = lines
    .map((line) => {
      if (all) return line.replace(kind.marker, "")
      // A blank line between the chosen ones stays blank: one list ends there and the next counts from 1.
      if (line === "" && lines.length > 1) {
        made = 0
        previous = ""
        return line
      }
      return kind.make(made++, previous) + line.replace(BLOCK_PREFIX, "")
    })
    .join("\n")
  replace(area, lineStart, lineEnd, next, lines.length === 1 ? lineStart + next.length : lineStart, lineStart + next.length)
}

/** Enter inside a list or a quote: the next line is one too; Enter on an empty one ends it. */
const continueList = (area: HTMLTextAreaElement): boolean => {
  if (area.selectionStart !== area.selectionEnd) return false
  const at = area.selectionStart
  const lineStart = area.value.lastIndexOf("\n", at - 1) + 1
  const line = area.value.slice(lineStart, at)
  const marker = /^([-*] \[[ xX]\] |[-*] |\d{1,9}\. |> )/.exec(line)?.[1]
  if (!marker) return false
  if (line === marker) {
    replace(area, lineStart, at, "", lineStart, lineStart)
    return true
  }
  const next = marker.includes("[") ? "- [ ] " : /^\d/.test(marker) ? `${Number.parseInt(marker, 10) + 1}. ` : marker
  replace(area, at, at, `\n${next}`, at + 1 + next.length, at + 1 + next.length)
  return true
}

/**
 * A numbered list drawn, not written: a digit in the button would be
 * visible text its name does not hold in every language, and fonts lack
 * the one-character "1." glyphs. In a right-to-left page the lines go to
 * the left of the numbers, and the numbers still read as numbers.
 */
const NumberedIcon = () => (
  <svg
    class="journal-icon journal-icon-mirrored"
    viewBox="0 0 24 24"
    width="22"
    height="22"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
  >
    <path class="journal-icon-upright" d="M3.5 4.5 5.5 3v6.5" />
    <path class="journal-icon-upright" d="M3 14.5c.4-1.3 3.2-1.6 3.2.3 0 1.3-3.2 2.6-3.2 4.2h3.4" />
    <path d="M10 6h11M10 17h11" />
  </svg>
)

/** An opening quotation mark, drawn to the size of the other icons (a font's is small and sits high). */
const QuoteIcon = () => (
  <svg class="journal-icon" viewBox="0 0 24 24" width="22" height="22" fill="currentColor">
    <path d="M7 18a3.5 3.5 0 1 1 2.9-5.5C9.6 9.4 8 7.4 5.3 6.7l.5-1.7C9.8 5.9 12 9 12 13.3v1.2A3.5 3.5 0 0 1 7 18Z" />
    <path d="M17.5 18a3.5 3.5 0 1 1 2.9-5.5c-.3-3.1-1.9-5.1-4.6-5.8l.5-1.7c4 .9 6.2 4 6.2 8.3v1.2a3.5 3.5 0 0 1-5 3.5Z" />
  </svg>
)

/** Line shortcuts with Ctrl/⌘+Shift, by key position. */
const SHIFT_SHORTCUTS: Readonly<Record<string, LineKindName>> = { Digit7: "numbered", Digit8: "bullet", Digit9: "quote", Period: "quote" }

/** Ctrl on most keyboards, ⌘ on Apple's: what the tooltip names. */
const COMMAND_KEY = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? "") ? "⌘" : "Ctrl"

/**
 * One toolbar button: its name for screen readers, its shortcut in the
 * tooltip and in aria-keyshortcuts, a glyph for the eye (symbols, or the
 * letter the English name starts with: a digit would be visible text the
 * name does not hold in another language). It keeps the text box's focus
 * and selection (a tap would otherwise take them).
 */
const FormatButton = (props: { readonly label: string; readonly keys?: string; readonly onClick: () => void; readonly children: JSX.Element }) => (
  <button
    type="button"
    class="btn journal-format"
    aria-label={props.label}
    aria-keyshortcuts={props.keys ? `Control+${props.keys} Meta+${props.keys}` : undefined}
    title={props.keys ? `${props.label} (${COMMAND_KEY}+${props.keys})` : props.label}
    onMouseDown={(event) => event.preventDefault()}
    onClick={() => props.onClick()}
  >
    <span aria-hidden="true">{props.children}</span>
  </button>
)

export const RichTextField = (props: {
  readonly label: string
  readonly value: string
  readonly maxLength: number
  readonly onInput: (value: string) => void
}) => {
  let area: HTMLTextAreaElement | undefined
  const [preview, setPreview] = createSignal(false)
  const act = (action: (area: HTMLTextAreaElement) => void) => () => area && action(area)
  const onKeyDown = (event: KeyboardEvent) => {
    if (!area) return
    const key = event.key.toLowerCase()
    const command = (event.ctrlKey || event.metaKey) && !event.altKey
    const lineShortcut = command && event.shiftKey ? SHIFT_SHORTCUTS[event.code] : undefined
    if (command && !event.shiftKey && (key === "b" || key === "i")) {
      event.preventDefault()
      toggleInline(area, key === "b" ? "**" : "*")
    } else if (lineShortcut) {
      event.preventDefault()
      toggleLines(area, lineShortcut)
    } else if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.isComposing && continueList(area)) {
      event.preventDefault()
    }
  }
  return (
    <div class="stack journal-rich">
      <div class="row journal-format-bar" role="toolbar" aria-label={t("journal.format.toolbar")}>
        <FormatButton label={t("journal.format.bold")} keys="B" onClick={act((a) => toggleInline(a, "**"))}>
          <strong>B</strong>
        </FormatButton>
        <FormatButton label={t("journal.format.italic")} keys="I" onClick={act((a) => toggleInline(a, "*"))}>
          <em>I</em>
        </FormatButton>
        <FormatButton label={t("journal.format.bullet")} keys="Shift+8" onClick={act((a) => toggleLines(a, "bullet"))}>
          •≡
        </FormatButton>
        <FormatButton label={t("journal.format.numbered")} keys="Shift+7" onClick={act((a) => toggleLines(a, "numbered"))}>
          <NumberedIcon />
        </FormatButton>
        <FormatButton label={t("journal.format.quote")} keys="Shift+9" onClick={act((a) => toggleLines(a, "quote"))}>
          <QuoteIcon />
        </FormatButton>
        <FormatButton label={t("journal.format.heading")} onClick={act((a) => toggleLines(a, "heading"))}>
          H
        </FormatButton>
        <button type="button" class="btn btn-quiet journal-format-preview" aria-pressed={preview()} onClick={() => setPreview((on) => !on)}>
          {t("journal.format.preview")}
        </button>
      </div>
      <TextArea
        label={props.label}
        hint={t("journal.format.hint")}
        dir="auto"
        value={props.value}
        rows={8}
        maxLength={props.maxLength}
        ref={(el: HTMLTextAreaElement) => (area = el)}
        onKeyDown={onKeyDown}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <Show when={preview()}>
        <section class="panel journal-preview" aria-label={t("journal.format.previewTitle")}>
          <DocView doc={fromSource(props.value)} />
        </section>
      </Show>
    </div>
  )
}
