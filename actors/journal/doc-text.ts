/**
 * Reading a journal document (rich-text.ts describes the format): its
 * problems, its plain text and its Markdown. No schemas here, so the
 * browser runs the journal's own rules without bundling Effect.
 */
import type { Block, Doc } from "./rich-text.ts"

/** Why a document that passed the schema does not hold together (a mark past its text), or undefined. */
export const docProblem = (doc: Doc, maxChars: number): string | undefined => {
  let chars = 0
  for (const [i, block] of doc.entries()) {
    chars += block.text.length
    for (const mark of block.marks ?? []) {
      if (mark.start >= mark.end || mark.end > block.text.length) return `block ${i + 1}: a mark must cover part of its block's text`
      if ((mark.type === "link") !== (mark.href !== undefined)) return `block ${i + 1}: a link mark needs an href, and only a link has one`
    }
    if (block.level !== undefined && block.type !== "heading") return `block ${i + 1}: only a heading has a level`
    if (block.checked !== undefined && block.type !== "check") return `block ${i + 1}: only a check block is checked`
  }
  return chars > maxChars ? `the text is ${chars} characters; an entry holds at most ${maxChars}` : undefined
}

/** The text alone, one block a line: what search indexes and old clients show. */
export const plainText = (doc: Doc): string => doc.map((block) => block.text).join("\n")

/** Plain text as paragraphs, one per line: how entries written before rich text read. */
export const docFromText = (text: string): Doc => (text === "" ? [] : text.split("\n").map((line) => ({ type: "paragraph" as const, text: line })))

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]#>])/g, "\\$1")

const inline = (block: Block): string => {
  const marks = [...(block.marks ?? [])].sort((a, b) => a.start - b.start || b.end - a.end)
  let out = ""
  let at = 0
  for (const mark of marks) {
    if (mark.start < at) continue // overlapping marks: the outer one wins in Markdown
    out += escapeMarkdown(block.text.slice(at, mark.start))
    const inner =
      mark.type === "code" ? block.text.slice(mark.start, mark.end).replace(/`/g, "'") : escapeMarkdown(block.text.slice(mark.start, mark.end))
    out += { bold: `**${inner}**`, italic: `*${inner}*`, code: `\`${inner}\``, link: `[${inner}](${mark.href ?? ""})` }[mark.type]
    at = mark.end
  }
  return out + escapeMarkdown(block.text.slice(at))
}

export const toMarkdown = (doc: Doc): string => {
  let number = 0
  return doc
    .map((block) => {
      number = block.type === "numbered" ? number + 1 : 0
      const text = inline(block)
      switch (block.type) {
        case "heading":
          return `${"#".repeat(block.level ?? 1)} ${text}`
        case "quote":
          return `> ${text}`
        case "bullet":
          return `- ${text}`
        case "numbered":
          return `${number}. ${text}`
        case "check":
          return `- [${block.checked ? "x" : " "}] ${text}`
        default:
          return text
      }
    })
    .join("\n\n")
}
