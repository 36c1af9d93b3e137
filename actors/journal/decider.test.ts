import { describe, expect, it } from "vitest"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { journalKind, type JournalEvent } from "./index.ts"
import { canRead } from "./rules.ts"

const owner = testUser("user-1")
const facilitator = testUser("fac-1", ["facilitator"])
const admin = testUser("admin-1", ["admin"])

const created: JournalEvent = { type: "created", ownerId: "user-1" }
const written: JournalEvent = {
  type: "entryWritten",
  entryId: "e-1",
  title: "After the session",
  body: "I noticed how often I wait.",
  tags: ["patience"],
  mood: 3,
  sessionId: "s-1",
  prompt: "What did you notice?",
}
const journal = spec(journalKind, { addr: testAddress("journal", "user-1") })

describe("create", () => {
  it("opens the journal for the user whose id it carries", () => {
    expect(journal.when({ type: "create" }, { user: owner }).then([created]).state).toMatchObject({ exists: true, ownerId: "user-1", entries: [] })
  })

  it("is refused for anyone else's id, and when it exists", () => {
    journal.when({ type: "create" }, { user: facilitator }).thenRejects("forbidden", /journal\/<your user id>/)
    journal
      .given([created])
      .when({ type: "create" }, { user: owner })
      .thenRejects("conflict", /already exists/)
  })
})

describe("writeEntry", () => {
  it("adds an entry with an id from the context, tags kept once each", () => {
    const { state } = journal
      .given([created])
      .when(
        {
          type: "writeEntry",
          title: "After the session",
          body: "I noticed how often I wait.",
          tags: ["patience", "patience"],
          mood: 3,
          sessionId: "s-1",
          prompt: "What did you notice?",
        },
        { user: owner },
      )
      .then([{ ...written, entryId: "id-1" }])
    expect(state.entries).toEqual([expect.objectContaining({ id: "id-1", tags: ["patience"], mood: 3, sessionId: "s-1" })])
  })

  it("stores absent optional fields as null", () => {
    journal
      .given([created])
      .when({ type: "writeEntry", title: "", body: "quiet day" }, { user: owner })
      .then([{ type: "entryWritten", entryId: "id-1", title: "", body: "quiet day", tags: [], mood: null, sessionId: null, prompt: null }])
  })

  it("is refused to anyone but the owner, facilitators and admins included", () => {
    for (const user of [facilitator, admin]) {
      journal.given([created]).when({ type: "writeEntry", title: "", body: "x" }, { user }).thenRejects("forbidden", /owner/)
    }
  })

  it("is refused before the journal exists and once it is full", () => {
    journal.when({ type: "writeEntry", title: "", body: "x" }, { user: owner }).thenRejects("not_found", /create it first/)
    const many = Array.from({ length: 1000 }, (_, i): JournalEvent => ({ ...written, entryId: `e${i}` }))
    journal
      .given([created, ...many])
      .when({ type: "writeEntry", title: "", body: "x" }, { user: owner })
      .thenRejects("conflict", /full/)
  })

  it("refuses oversized text, too many tags and a mood outside 1-5 at the schema", () => {
    journal.when({ type: "writeEntry", title: "", body: "x".repeat(10_001) }).thenRefusedBySchema(/at most 10000/)
    journal.when({ type: "writeEntry", title: "", body: "", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }).thenRefusedBySchema()
    journal.when({ type: "writeEntry", title: "", body: "", tags: [""] }).thenRefusedBySchema()
    journal.when({ type: "writeEntry", title: "", body: "", mood: 6 }).thenRefusedBySchema()
    journal.when({ type: "writeEntry", title: "", body: "", mood: 2.5 }).thenRefusedBySchema()
  })
})

describe("editEntry", () => {
  it("records only the fields that change, and null clears the mood", () => {
    const { state } = journal
      .given([created, written])
      .when({ type: "editEntry", entryId: "e-1", changes: { title: "After the session", body: "I wait less now.", mood: null } }, { user: owner })
      .then([{ type: "entryEdited", entryId: "e-1", changes: { body: "I wait less now.", mood: null } }])
    expect(state.entries[0]).toMatchObject({ title: "After the session", body: "I wait less now.", mood: null })
  })

  it("decides nothing when nothing differs", () => {
    journal
      .given([created, written])
      .when({ type: "editEntry", entryId: "e-1", changes: { tags: ["patience", "patience"] } }, { user: owner })
      .then([])
  })

  it("is refused with no changes, for a missing entry, and to anyone but the owner", () => {
    journal
      .given([created, written])
      .when({ type: "editEntry", entryId: "e-1", changes: {} }, { user: owner })
      .thenRejects("invalid_command", /at least one/)
    journal
      .given([created, written])
      .when({ type: "editEntry", entryId: "e-9", changes: { title: "x" } }, { user: owner })
      .thenRejects("not_found", /no entry e-9/)
    journal
      .given([created, written])
      .when({ type: "editEntry", entryId: "e-1", changes: { title: "x" } }, { user: facilitator })
      .thenRejects("forbidden")
  })
})

describe("deleteEntry", () => {
  it("removes the entry", () => {
    expect(
      journal
        .given([created, written])
        .when({ type: "deleteEntry", entryId: "e-1" }, { user: owner })
        .then([{ type: "entryDeleted", entryId: "e-1" }]).state.entries,
    ).toEqual([])
  })

  it("is refused for a missing entry and to anyone but the owner", () => {
    journal.given([created, written]).when({ type: "deleteEntry", entryId: "e-9" }, { user: owner }).thenRejects("not_found")
    journal.given([created, written]).when({ type: "deleteEntry", entryId: "e-1" }, { user: admin }).thenRejects("forbidden")
  })
})

describe("canRead", () => {
  it("only the owner reads the journal: no facilitator, no admin, nobody of another tenant", () => {
    const state = journal.given([created, written]).state
    expect([owner, facilitator, admin, testUser("user-1", [], "tenant-2")].map((user) => canRead(state, user))).toEqual([true, false, false, false])
    expect(canRead(journal.given([]).state, owner)).toBe(false)
  })
})
