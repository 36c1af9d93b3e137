import { describe, expect, it } from "vitest"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { docFromText, journalKind, plainText, toMarkdown, type Doc, type JournalEvent } from "./index.ts"

const owner = testUser("user-1")
const journal = spec(journalKind, { addr: testAddress("journal", "user-1") })
const created: JournalEvent = { type: "created", ownerId: "user-1" }
const doc: Doc = [
  { type: "heading", level: 2, text: "After the session" },
  { type: "paragraph", text: "I noticed how often I wait.", marks: [{ type: "bold", start: 22, end: 26 }] },
  { type: "check", checked: true, text: "Call my sister" },
  { type: "numbered", text: "one" },
  { type: "numbered", text: "two" },
  { type: "quote", text: "see the *card*", marks: [{ type: "link", start: 8, end: 14, href: "https://example.com/c" }] },
]

describe("rich text", () => {
  it("renders plain text one block a line, and Markdown with marks, lists and checks", () => {
    expect(plainText(doc)).toBe("After the session\nI noticed how often I wait.\nCall my sister\none\ntwo\nsee the *card*")
    expect(toMarkdown(doc)).toBe(
      "## After the session\n\nI noticed how often I **wait**.\n\n- [x] Call my sister\n\n1. one\n\n2. two\n\n> see the [\\*card\\*](https://example.com/c)",
    )
    expect(docFromText("a\nb")).toEqual([
      { type: "paragraph", text: "a" },
      { type: "paragraph", text: "b" },
    ])
  })

  it("an entry written as a doc carries its plain text too, so search and older readers keep working", () => {
    const { state } = journal
      .given([created])
      .when({ type: "writeEntry", title: "t", doc }, { user: owner })
      .then([{ type: "entryWritten", entryId: "id-1", title: "t", body: plainText(doc), tags: [], mood: null, sessionId: null, prompt: null, doc }])
    expect(state.entries[0]?.doc).toEqual(doc)
  })

  it("an entry written before rich text reads as paragraphs", () => {
    const old: JournalEvent = {
      type: "entryWritten",
      entryId: "e1",
      title: "",
      body: "one\ntwo",
      tags: [],
      mood: null,
      sessionId: null,
      prompt: null,
    }
    expect(journal.given([created, old]).state.entries[0]?.doc).toEqual(docFromText("one\ntwo"))
  })

  it("refuses marks outside their text, links without https, a body sent twice, and documents over the size limit", () => {
    const write = (d: unknown, extra = {}) => journal.given([created]).when({ type: "writeEntry", title: "", doc: d, ...extra }, { user: owner })
    write([{ type: "paragraph", text: "ab", marks: [{ type: "bold", start: 1, end: 5 }] }]).thenRejects("invalid_command", /part of its block/)
    write([{ type: "paragraph", text: "ab", marks: [{ type: "link", start: 0, end: 1 }] }]).thenRejects("invalid_command", /needs an href/)
    write([{ type: "paragraph", text: "ab", level: 2 }]).thenRejects("invalid_command", /only a heading/)
    write([{ type: "paragraph", text: "ab" }], { body: "ab" }).thenRejects("invalid_command", /not both/)
    write(Array.from({ length: 3 }, () => ({ type: "paragraph", text: "x".repeat(4_000) }))).thenRejects("invalid_command", /at most 10000/)
    journal
      .when({
        type: "writeEntry",
        title: "",
        doc: [{ type: "paragraph", text: "a", marks: [{ type: "link", start: 0, end: 1, href: "javascript:x" }] }],
      })
      .thenRefusedBySchema(/https/)
    journal.when({ type: "writeEntry", title: "", doc: [{ type: "table", text: "" }] }).thenRefusedBySchema()
  })
})
