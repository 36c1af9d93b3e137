/**
 * The entry editor's text: a small Markdown subset, one line per block of
 * the journal's rich-text document (actors/journal/rich-text.ts), so what
 * the writer types is what the journal stores, searches (plain text beside
 * it) and exports (toMarkdown, the PDF).
 *
 *   ## heading (#, ##, ### for levels 1-3)    - bullet    1. numbered
 *   > quote    - [ ] / - [x] check    **bold**  *italic*  `code`  [text](https://…)
 *
 * A backslash before punctuation keeps it literal; `toSource` adds one
 * wherever plain text would otherwise read as a mark, so a document comes
 * back from its source unchanged. Nothing here makes HTML: doc-view.tsx
 * builds elements from the document.
 */
import { plainText } from "../../../actors/journal/doc-text.ts"
import type { Block, Doc, Mark } from "../../../actors/journal/rich-text.ts"

type MarkType = Mark["type"]
type Parsed = { text: string; marks: Mark[] }

const PUNCTUATION = /[!-/:-@[-`{-~]/
const LINK = /^\[([^\]\n]*)\]\((https:\/\/[^\s()]+)\)/

/** Inline marks of one line: **bold**, *italic* (or _italic_), `code`, [text](https://…); unmatched markers stay text. */
export const parseInline = (source: string): Parsed => {
  const out: Parsed = { text: "", marks: [] }
  let i = 0
  const wrap = (type: MarkType, inner: Parsed, extra: { href?: string } = {}) => {
    const start = out.text.length
    for (const mark of inner.marks) out.marks.push({ ...mark, start: mark.start + start, end: mark.end + start })
    out.text += inner.text
    if (out.text.length > start) out.marks.push({ type, start, end: out.text.length, ...extra })
  }
  while (i < source.length) {
    const rest = source.slice(i)
    const ch = source[i]!
    if (ch === "\\" && i + 1 < source.length && PUNCTUATION.test(source[i + 1]!)) {
      out.text += source[i + 1]
      i += 2
      continue
    }
    if (ch === "`") {
      const close = source.indexOf("`", i + 1)
      if (close > i + 1) {
        wrap("code", { text: source.slice(i + 1, close), marks: [] })
        i = close + 1
        continue
      }
    }
    if (ch === "[") {
      const link = LINK.exec(rest)
      if (link && link[1]) {
        wrap("link", parseInline(link[1]), { href: link[2]! })
        i += link[0].length
        continue
      }
    }
    if (ch === "*" || ch === "_") {
      const marker = rest.startsWith(ch + ch) ? ch + ch : ch
      const close = closingMarker(source, i + marker.length, marker)
      if (close !== undefined) {
        wrap(marker.length === 2 ? "bold" : "italic", parseInline(source.slice(i + marker.length, close)))
        i = close + marker.length
        continue
      }
    }
    out.text += ch
    i += 1
  }
  return out
}

/** Where `marker` closes a span opened just before `from`: it must hug text on both sides (`* a *` is not italic). */
const closingMarker = (source: string, from: number, marker: string): number | undefined => {
  if (from >= source.length || /\s/.test(source[from]!)) return undefined
  for (let at = source.indexOf(marker, from + 1); at !== -1; at = source.indexOf(marker, at + 1)) {
    if (source[at - 1] === "\\") continue
    if (/\s/.test(source[at - 1]!)) continue
    // `**` inside an italic span is its own span, not the italic's end.
    if (marker.length === 1 && source[at + 1] === marker) {
      at += 1
      continue
    }
    return at
  }
  return undefined
}

const HEADING = /^(#{1,3}) (.*)$/
const CHECK = /^[-*] \[( |x|X)\] (.*)$/
const BULLET = /^[-*] (.*)$/
const NUMBERED = /^\d{1,9}\. (.*)$/
const QUOTE = /^> ?(.*)$/

const block = (type: Block["type"], source: string, extra: { level?: number; checked?: boolean } = {}): Block => {
  const { text, marks } = parseInline(source)
  return { type, text, ...extra, ...(marks.length ? { marks: marks.sort((a, b) => a.start - b.start || b.end - a.end) } : {}) }
}

/** The editor's text as a document: one block per line. */
export const fromSource = (source: string): Doc => {
  if (source === "") return []
  return source
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line): Block => {
      let match: RegExpExecArray | null
      if ((match = HEADING.exec(line))) return block("heading", match[2]!, { level: match[1]!.length })
      if ((match = CHECK.exec(line))) return block("check", match[2]!, { checked: match[1] !== " " })
      if ((match = BULLET.exec(line))) return block("bullet", match[1]!)
      if ((match = NUMBERED.exec(line))) return block("numbered", match[1]!)
      if ((match = QUOTE.exec(line))) return block("quote", match[1]!)
      return block("paragraph", line)
    })
}

const escapeText = (text: string) => text.replace(/[\\`*_[\]]/g, "\\$&")

/** One block's text with its marks as Markdown; marks that cross another (not nested) are dropped, their words kept. */
const inlineSource = (item: Block): string => {
  const marks = [...(item.marks ?? [])].sort((a, b) => a.start - b.start || b.end - a.end)
  const open: Mark[] = []
  const kept = marks.filter((mark) => {
    while (open.length && open.at(-1)!.end <= mark.start) open.pop()
    if (open.length && open.at(-1)!.end < mark.end) return false
    open.push(mark)
    return true
  })
  const render = (from: number, to: number, inside: Mark[]): string => {
    let out = ""
    let at = from
    for (let k = 0; k < inside.length; k++) {
      const mark = inside[k]!
      const nested: Mark[] = []
      while (k + 1 < inside.length && inside[k + 1]!.start < mark.end) nested.push(inside[++k]!)
      out += escapeText(item.text.slice(at, mark.start))
      const inner = mark.type === "code" ? item.text.slice(mark.start, mark.end).replace(/`/g, "'") : render(mark.start, mark.end, nested)
      out += { bold: `**${inner}**`, italic: `*${inner}*`, code: `\`${inner}\``, link: `[${inner}](${mark.href ?? ""})` }[mark.type]
      at = mark.end
    }
    return out + escapeText(item.text.slice(at, to))
  }
  return render(0, item.text.length, kept)
}

/** A paragraph whose words would read as a block marker gets a backslash. */
const escapeLineStart = (line: string) => (/^(#{1,3} |[-*] |> ?|\d{1,9}\. )/.test(line) ? line.replace(/^(\d*)([#*>.-])/, "$1\\$2") : line)

/** The document as the editor's text (the inverse of `fromSource`). */
export const toSource = (doc: Doc): string => {
  // Numbered lines count 1, 2, 3... as the writer typed them; the count starts again after any other block.
  let number = 0
  return doc
    .map((item) => {
      number = item.type === "numbered" ? number + 1 : 0
      const text = inlineSource(item)
      switch (item.type) {
        case "heading":
          return `${"#".repeat(item.level ?? 1)} ${text}`
        case "bullet":
          return `- ${text}`
        case "numbered":
          return `${number}. ${text}`
        case "check":
          return `- [${item.checked ? "x" : " "}] ${text}`
        case "quote":
          return `> ${text}`
        default: {
          // Plain words that read back as themselves are shown without backslashes ("5 * 3", "a_b").
          if (!item.marks?.length && item.text !== "" && JSON.stringify(fromSource(item.text)) === JSON.stringify([item])) return item.text
          return escapeLineStart(text)
        }
      }
    })
    .join("\n")
}

/** Whether a document needs more than plain lines (a mark, or a block other than a paragraph). */
export const isFormatted = (doc: Doc): boolean => doc.some((item) => item.type !== "paragraph" || (item.marks?.length ?? 0) > 0)

/** A document as the journal takes it: the document itself when it has formatting, plain text (any number of lines) when not. */
export const journalText = (doc: Doc): { doc: Doc } | { body: string } => (isFormatted(doc) ? { doc } : { body: plainText(doc) })

/** The editor's text as the journal takes it (see `journalText`). */
export const journalTextOf = (source: string): { doc: Doc } | { body: string } => journalText(fromSource(source))
