/**
 * The journal's portable rich text: a document is a list of blocks, each
 * one line of plain text with a type and optional inline marks.
 *
 *   [{ "type": "heading", "level": 1, "text": "After the session" },
 *    { "type": "paragraph", "text": "I noticed how often I wait.",
 *      "marks": [{ "type": "bold", "start": 20, "end": 24 }] },
 *    { "type": "check", "checked": false, "text": "Call my sister" }]
 *
 * Block types: paragraph, heading (level 1-3), quote, bullet, numbered,
 * check (checked). Marks: bold, italic, code, link (href, https only), each
 * over the half-open character range [start, end) of its block's text.
 * Anything that reads JSON can render it; `plainText` and `toMarkdown` are
 * the two renderings the engine needs (search and export).
 */
import { Schema } from "effect"
import { Text } from "../shared.ts"

export const MAX_BLOCKS = 500
export const MAX_BLOCK_TEXT = 10_000
export const MAX_MARKS = 50

const Offset = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: MAX_BLOCK_TEXT }))

export const Mark = Schema.Struct({
  type: Schema.Literals(["bold", "italic", "code", "link"]),
  start: Offset,
  end: Offset,
  href: Schema.optionalKey(
    Schema.String.check(Schema.isMaxLength(2_000), Schema.isPattern(/^https:\/\/\S+$/, { message: "links must be https:// addresses" })),
  ),
})
export type Mark = typeof Mark.Type

export const Block = Schema.Struct({
  type: Schema.Literals(["paragraph", "heading", "quote", "bullet", "numbered", "check"]),
  text: Text(MAX_BLOCK_TEXT),
  level: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 3 }))),
  checked: Schema.optionalKey(Schema.Boolean),
  marks: Schema.optionalKey(Schema.Array(Mark).check(Schema.isMaxLength(MAX_MARKS))),
})
export type Block = typeof Block.Type

export const Doc = Schema.Array(Block).check(Schema.isMaxLength(MAX_BLOCKS))
export type Doc = typeof Doc.Type

export { docFromText, docProblem, plainText, toMarkdown } from "./doc-text.ts"
