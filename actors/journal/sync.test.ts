import { describe, expect, it } from "vitest"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { journalKind, type JournalEvent } from "./index.ts"

const owner = testUser("user-1")
const facilitator = testUser("fac-1", ["facilitator"])
const journal = spec(journalKind, { addr: testAddress("journal", "user-1") })

const created: JournalEvent = { type: "created", ownerId: "user-1" }
const written: JournalEvent = {
  type: "entryWritten",
  entryId: "e1",
  title: "Morning",
  body: "calm",
  tags: ["a"],
  mood: 3,
  sessionId: null,
  prompt: null,
  op: "phone.1",
}
const base = [created, written]

describe("device operations", () => {
  it("a device writes with its own entry id, and the event names its op", () => {
    const { state } = journal
      .given([created])
      .when(
        { type: "writeEntry", entryId: "e1", title: "Morning", body: "calm", tags: ["a"], mood: 3, sync: { device: "phone", op: 1 } },
        { user: owner },
      )
      .then([written])
    expect(state.devices).toEqual({ phone: 1 })
    expect(state.entries[0]?.fieldOps).toEqual({ title: "phone.1", body: "phone.1" })
  })

  it("a replayed op decides nothing, and an op ahead of the next expected one is refused until the earlier ones arrive", () => {
    journal
      .given(base)
      .when({ type: "writeEntry", entryId: "e1", title: "Morning", body: "calm", sync: { device: "phone", op: 1 } }, { user: owner })
      .then([])
    journal
      .given(base)
      .when({ type: "deleteEntry", entryId: "e1", sync: { device: "phone", op: 3 } }, { user: owner })
      .thenRejects("conflict", /must send op 2 before op 3/)
    journal
      .given(base)
      .when({ type: "deleteEntry", entryId: "e1", sync: { device: "laptop", op: 2 } }, { user: owner })
      .thenRejects("conflict", /op 1 before op 2/)
  })

  it("an op that changes nothing is still recorded, so the device's next op is expected", () => {
    const { state } = journal
      .given(base)
      .when({ type: "editEntry", entryId: "e1", changes: { mood: 3 }, sync: { device: "phone", op: 2 } }, { user: owner })
      .then([{ type: "synced", op: "phone.2" }])
    expect(state.devices).toEqual({ phone: 2 })
  })

  it("a device named like a member every object has (constructor, toString, valueOf) keeps its ops in order", () => {
    for (const device of ["constructor", "toString", "valueOf", "hasOwnProperty"]) {
      journal
        .given(base)
        .when({ type: "deleteEntry", entryId: "e1", sync: { device, op: 2 } }, { user: owner })
        .thenRejects("conflict", /op 1 before op 2/)
    }
  })

  it("an op the journal cannot apply is consumed as syncRefused rather than blocking the device", () => {
    const { state } = journal
      .given(base)
      .when({ type: "editEntry", entryId: "nope", changes: { mood: 1 }, sync: { device: "phone", op: 2 } }, { user: owner })
      .then([{ type: "syncRefused", code: "not_found", message: "no entry nope in this journal", op: "phone.2" }])
    expect(state.devices.phone).toBe(2)
  })

  it("only the owner's devices sync, and a journal takes at most 20 devices", () => {
    journal
      .given(base)
      .when({ type: "deleteEntry", entryId: "e1", sync: { device: "x", op: 1 } }, { user: facilitator })
      .thenRejects("forbidden")
    const many = Array.from({ length: 20 }, (_, i): JournalEvent => ({ type: "synced", op: `d${i}.1` }))
    journal
      .given([...base, ...many])
      .when({ type: "deleteEntry", entryId: "e1", sync: { device: "new", op: 1 } }, { user: owner })
      .thenRejects("conflict", /at most 20 devices/)
    journal.when({ type: "deleteEntry", entryId: "e1", sync: { device: "phone", op: 0 } }).thenRefusedBySchema()
  })
})

describe("per-field merge", () => {
  const bodyEdited: JournalEvent = { type: "entryEdited", entryId: "e1", changes: { body: "stormy" }, op: "laptop.1" }

  it("an edit made on the current text applies; different fields from two devices both apply", () => {
    journal
      .given(base)
      .when(
        { type: "editEntry", entryId: "e1", changes: { body: "sunny" }, base: { body: "phone.1" }, sync: { device: "phone", op: 2 } },
        { user: owner },
      )
      .then([{ type: "entryEdited", entryId: "e1", changes: { body: "sunny" }, op: "phone.2" }])
    const { state } = journal
      .given([...base, bodyEdited])
      .when(
        { type: "editEntry", entryId: "e1", changes: { title: "Evening" }, base: { title: "phone.1" }, sync: { device: "phone", op: 2 } },
        { user: owner },
      )
      .then([{ type: "entryEdited", entryId: "e1", changes: { title: "Evening" }, op: "phone.2" }])
    expect([state.entries[0]?.title, state.entries[0]?.body]).toEqual(["Evening", "stormy"])
  })

  it("an edit made on a text someone else changed since is kept beside it as a conflict", () => {
    const { state } = journal
      .given([...base, bodyEdited])
      .when(
        { type: "editEntry", entryId: "e1", changes: { body: "sunny" }, base: { body: "phone.1" }, sync: { device: "phone", op: 2 } },
        { user: owner },
      )
      .then([{ type: "conflictRecorded", entryId: "e1", field: "body", conflictId: "phone.2", value: { body: "sunny" }, op: "phone.2" }])
    expect(state.entries[0]?.body).toBe("stormy")
    expect(state.entries[0]?.conflicts).toEqual([
      { id: "phone.2", field: "body", title: null, body: "sunny", doc: null, by: "user-1", at: expect.any(Number) },
    ])
  })

  it("a device that keeps editing its own conflicting text updates that conflict instead of adding one", () => {
    const conflicted: JournalEvent = {
      type: "conflictRecorded",
      entryId: "e1",
      field: "body",
      conflictId: "phone.2",
      value: { body: "sunny" },
      op: "phone.2",
    }
    const { state } = journal
      .given([...base, bodyEdited, conflicted])
      .when(
        { type: "editEntry", entryId: "e1", changes: { body: "sunny, then rain" }, base: { body: "phone.2" }, sync: { device: "phone", op: 3 } },
        { user: owner },
      )
      .then([
        {
          type: "conflictRecorded",
          entryId: "e1",
          field: "body",
          conflictId: "phone.3",
          value: { body: "sunny, then rain" },
          replaces: "phone.2",
          op: "phone.3",
        },
      ])
    expect(state.entries[0]?.conflicts.map((c) => c.body)).toEqual(["sunny, then rain"])
  })

  it("tags added and removed on different devices all apply; mood is the last written", () => {
    const { state } = journal
      .given([...base, { type: "entryEdited", entryId: "e1", changes: { tags: ["a", "b"] }, op: "laptop.1" }])
      .when(
        { type: "editEntry", entryId: "e1", changes: { mood: 5 }, addTags: ["c"], removeTags: ["a"], sync: { device: "phone", op: 2 } },
        { user: owner },
      )
      .then([{ type: "entryEdited", entryId: "e1", changes: { tags: ["b", "c"], mood: 5 }, op: "phone.2" }])
    expect(state.entries[0]?.tags).toEqual(["b", "c"])
  })

  it("an offline edit of an entry deleted meanwhile keeps its text as an orphan, which the owner may dismiss", () => {
    const deleted: JournalEvent[] = [...base, { type: "entryDeleted", entryId: "e1", op: "laptop.1" }]
    const { state } = journal
      .given(deleted)
      .when(
        { type: "editEntry", entryId: "e1", changes: { body: "my words" }, base: { body: "phone.1" }, sync: { device: "phone", op: 2 } },
        { user: owner },
      )
      .then([{ type: "editOrphaned", entryId: "e1", orphanId: "phone.2", changes: { body: "my words" }, op: "phone.2" }])
    expect(state.orphans).toEqual([{ id: "phone.2", entryId: "e1", changes: { body: "my words" }, at: expect.any(Number) }])
    journal
      .given([...deleted, { type: "editOrphaned", entryId: "e1", orphanId: "phone.2", changes: { body: "x" }, op: "phone.2" }])
      .when({ type: "dismissOrphan", orphanId: "phone.2" }, { user: owner })
      .then([{ type: "orphanDismissed", orphanId: "phone.2" }])
    journal.given(deleted).when({ type: "dismissOrphan", orphanId: "phone.9" }, { user: owner }).thenRejects("not_found")
    journal
      .given(deleted)
      .when({ type: "editEntry", entryId: "e1", changes: { body: "x" } }, { user: owner })
      .thenRejects("conflict", /was deleted/)
  })

  it("a replayed write cannot bring a deleted entry back", () => {
    journal
      .given([...base, { type: "entryDeleted", entryId: "e1" }])
      .when({ type: "writeEntry", entryId: "e1", title: "", body: "" }, { user: owner })
      .thenRejects("conflict", /was deleted/)
  })
})

describe("resolveConflict", () => {
  const conflicted: JournalEvent[] = [
    ...base,
    { type: "entryEdited", entryId: "e1", changes: { body: "stormy" }, op: "laptop.1" },
    { type: "conflictRecorded", entryId: "e1", field: "body", conflictId: "phone.2", value: { body: "sunny" }, op: "phone.2" },
  ]

  it("settles the conflicts the writer saw with the text they keep", () => {
    const { state } = journal
      .given(conflicted)
      .when(
        { type: "resolveConflict", entryId: "e1", field: "body", body: "stormy, then sunny", conflictIds: ["phone.2"], base: "laptop.1" },
        { user: owner },
      )
      .then([
        { type: "entryEdited", entryId: "e1", changes: { body: "stormy, then sunny" } },
        { type: "conflictsResolved", entryId: "e1", field: "body", conflictIds: ["phone.2"] },
      ])
    expect(state.entries[0]?.conflicts).toEqual([])
  })

  it("keeps the choice as a new conflict when the text moved on or the conflict was settled elsewhere", () => {
    journal
      .given(conflicted)
      .when({ type: "resolveConflict", entryId: "e1", field: "body", body: "mine", conflictIds: ["phone.2"], base: "phone.1" }, { user: owner })
      .then([{ type: "conflictRecorded", entryId: "e1", field: "body", conflictId: "c-id-1", value: { body: "mine" } }])
    journal
      .given(base)
      .when({ type: "resolveConflict", entryId: "e1", field: "title", title: "Morning", conflictIds: ["gone.1"] }, { user: owner })
      .then([])
  })

  it("is refused without the text to keep, for a missing entry, and to anyone but the owner", () => {
    journal
      .given(conflicted)
      .when({ type: "resolveConflict", entryId: "e1", field: "title", conflictIds: [] }, { user: owner })
      .thenRejects("invalid_command", /needs the title/)
    journal
      .given(conflicted)
      .when({ type: "resolveConflict", entryId: "e9", field: "body", body: "x", conflictIds: [] }, { user: owner })
      .thenRejects("not_found")
    journal
      .given(conflicted)
      .when({ type: "resolveConflict", entryId: "e1", field: "body", body: "x", conflictIds: [] }, { user: facilitator })
      .thenRejects("forbidden")
  })
})
