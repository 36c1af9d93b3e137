/**
 * The editor's Markdown subset and the journal's document agree: examples,
 * and a seeded round trip (document -> source -> document) over random
 * blocks, marks and punctuation, seeded by the tests' one helper
 * (STUDIO_TEST_SEED replays a run).
 */
import { describe, expect, it } from "vitest"
import { docProblem, plainText } from "../../../actors/journal/doc-text.ts"
import type { Block, Doc, Mark } from "../../../actors/journal/rich-text.ts"
import { makeRandom, replayHint, testSeed, type Random } from "../../../engine/testing/random.ts"
import { fromSource, journalText, journalTextOf, toSource } from "./markdown.ts"

describe("the journal editor's Markdown subset", () => {
  it("reads headings, lists, quotes, checks and inline marks", () => {
    expect(fromSource("## After the session\nI **noticed** how *often* I wait.\n- one\n- [x] done\n1. first\n> said")).toEqual([
      { type: "heading", level: 2, text: "After the session" },
      {
        type: "paragraph",
        text: "I noticed how often I wait.",
        marks: [
          { type: "bold", start: 2, end: 9 },
          { type: "italic", start: 14, end: 19 },
        ],
      },
      { type: "bullet", text: "one" },
      { type: "check", checked: true, text: "done" },
      { type: "numbered", text: "first" },
      { type: "quote", text: "said" },
    ])
  })

  it("keeps unmatched markers, loose stars and non-https links as text", () => {
    expect(fromSource("5 * 3 * 2 and **open")).toEqual([{ type: "paragraph", text: "5 * 3 * 2 and **open" }])
    expect(fromSource("[x](javascript:alert(1))")).toEqual([{ type: "paragraph", text: "[x](javascript:alert(1))" }])
    expect(fromSource("[site](https://example.org/a)")).toEqual([
      { type: "paragraph", text: "site", marks: [{ type: "link", start: 0, end: 4, href: "https://example.org/a" }] },
    ])
  })

  it("plain text that looks like Markdown comes back as plain text", () => {
    const doc: Doc = [
      { type: "paragraph", text: "- not a list" },
      { type: "paragraph", text: "# not a heading *nor* this" },
      { type: "paragraph", text: "2. no number, a \\ backslash" },
    ]
    expect(toSource(doc)).toBe("\\- not a list\n\\# not a heading \\*nor\\* this\n2\\. no number, a \\\\ backslash")
    expect(fromSource(toSource(doc))).toEqual(doc)
  })

  it("a merge of two formatted versions keeps both versions' marks, and plain text stays plain", () => {
    // What "merge by hand" starts from (conflict-panel.tsx): every version's source, a blank line between.
    const laptop = fromSource("- Written on the laptop.")
    const phone = fromSource("Written on the **phone**, offline.")
    const start = [laptop, phone].map(toSource).join("\n\n")
    expect(start).toBe("- Written on the laptop.\n\nWritten on the **phone**, offline.")
    expect(journalTextOf(start)).toEqual({ doc: [...laptop, { type: "paragraph", text: "" }, ...phone] })
    expect(journalTextOf("two\nplain lines")).toEqual({ body: "two\nplain lines" })
    expect(journalText(fromSource("> a quote"))).toEqual({ doc: [{ type: "quote", text: "a quote" }] })
  })

  it("numbers a numbered list 1, 2, 3 again after any other block, as the toolbar and Enter do", () => {
    const doc = fromSource("1. a\n1. b\n> q\n7. c")
    expect(doc.map((block) => block.type)).toEqual(["numbered", "numbered", "quote", "numbered"])
    expect(toSource(doc)).toBe("1. a\n2. b\n> q\n1. c")
  })

  it("round-trips random documents", () => {
    const seed = testSeed("journal markdown round trip")
    const random = makeRandom(seed)
    for (let i = 0; i < 300; i++) {
      const doc = randomDoc(random)
      const back = fromSource(toSource(doc))
      expect(back, `${replayHint(seed)}, case ${i}: ${JSON.stringify(toSource(doc))}`).toEqual(doc)
      expect(plainText(back)).toBe(plainText(doc))
      expect(docProblem(back, 10_000)).toBeUndefined()
    }
  })
})

const CHARS = "abcdefgh xyz*_`[]()#>-.\\!1"
const WORD = "abcdefghijkl"

const text = (random: Random, alphabet: string, min: number, max: number) =>
  Array.from({ length: min + random.int(max - min + 1) }, () => alphabet[random.int(alphabet.length)]).join("")

/** A block of plain runs and marked words, each mark apart from the next by plain text (adjacent marks have no Markdown of their own). */
const randomBlock = (random: Random): Block => {
  const type = random.pick(["paragraph", "paragraph", "heading", "bullet", "numbered", "check", "quote"] as const)
  let value = ""
  const marks: Mark[] = []
  const parts = random.int(4)
  for (let p = 0; p < parts; p++) {
    value += text(random, CHARS, p === 0 ? 0 : 1, 6).replace(/^\s+/, "") || (p === 0 ? "" : "x")
    if (random.chance(0.6)) {
      const kind = random.pick(["bold", "italic", "code", "link"] as const)
      const word = text(random, WORD, 1, 6)
      const start = value.length
      value += word
      marks.push({ type: kind, start, end: value.length, ...(kind === "link" ? { href: "https://example.org/p" } : {}) })
      if (kind === "bold" && word.length > 2 && random.chance(0.5)) marks.push({ type: "italic", start: start + 1, end: start + word.length - 1 })
      value += text(random, " .!", 1, 2)
    }
  }
  // A paragraph's leading spaces or a quote's are the one thing the source cannot keep apart from its marker.
  value = value.replace(/^\s+/, "")
  const kept = marks.filter((mark) => mark.end <= value.length && mark.start < mark.end).sort((a, b) => a.start - b.start || b.end - a.end)
  return {
    type,
    text: value,
    ...(type === "heading" ? { level: 1 + random.int(3) } : {}),
    ...(type === "check" ? { checked: random.chance(0.5) } : {}),
    ...(kept.length ? { marks: kept } : {}),
  }
}

/** One empty paragraph and no blocks at all are the same empty entry: the generator says it the one way. */
const randomDoc = (random: Random): Doc => {
  const doc = Array.from({ length: 1 + random.int(5) }, () => randomBlock(random))
  return doc.length === 1 && doc[0]!.type === "paragraph" && doc[0]!.text === "" ? [] : doc
}
