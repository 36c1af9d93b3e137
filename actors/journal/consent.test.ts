import { describe, expect, it } from "vitest"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { canRead, journalKind, redactEvent, redactState, type JournalEvent } from "./index.ts"

const owner = testUser("user-1")
const coach = testUser("coach-1", ["facilitator"])
const otherCoach = testUser("coach-2", ["facilitator"])
const journal = spec(journalKind, { addr: testAddress("journal", "user-1") })

const created: JournalEvent = { type: "created", ownerId: "user-1" }
const entry = (id: string, body: string): JournalEvent => ({
  type: "entryWritten",
  entryId: id,
  title: id,
  body,
  tags: [],
  mood: null,
  sessionId: "s-1",
  prompt: "What did you notice?",
})
const twoEntries = [created, entry("e1", "shared words"), entry("e2", "private words")]
const shared: JournalEvent[] = [...twoEntries, { type: "consentGiven", entryId: "e1", coachId: "coach-1" }]

describe("grantConsent and withdrawConsent", () => {
  it("the owner shows one entry to a coach and can take it back", () => {
    journal
      .given(twoEntries)
      .when({ type: "grantConsent", entryId: "e1", coachId: "coach-1" }, { user: owner })
      .then([{ type: "consentGiven", entryId: "e1", coachId: "coach-1" }])
    journal
      .given(shared)
      .when({ type: "withdrawConsent", entryId: "e1", coachId: "coach-1" }, { user: owner })
      .then([{ type: "consentWithdrawn", entryId: "e1", coachId: "coach-1" }])
  })

  it("granting twice or withdrawing what was not given decides nothing", () => {
    journal.given(shared).when({ type: "grantConsent", entryId: "e1", coachId: "coach-1" }, { user: owner }).then([])
    journal.given(shared).when({ type: "withdrawConsent", entryId: "e2", coachId: "coach-1" }, { user: owner }).then([])
  })

  it("is refused to anyone but the owner, for a missing entry, to the owner as coach, past ten coaches", () => {
    journal.given(twoEntries).when({ type: "grantConsent", entryId: "e1", coachId: "coach-1" }, { user: coach }).thenRejects("forbidden")
    journal.given(shared).when({ type: "withdrawConsent", entryId: "e1", coachId: "coach-1" }, { user: coach }).thenRejects("forbidden")
    journal.given(twoEntries).when({ type: "grantConsent", entryId: "e9", coachId: "coach-1" }, { user: owner }).thenRejects("not_found")
    journal.given(twoEntries).when({ type: "withdrawConsent", entryId: "e9", coachId: "coach-1" }, { user: owner }).thenRejects("not_found")
    journal.given(twoEntries).when({ type: "grantConsent", entryId: "e1", coachId: "user-1" }, { user: owner }).thenRejects("invalid_command")
    const ten = Array.from({ length: 10 }, (_, i): JournalEvent => ({ type: "consentGiven", entryId: "e1", coachId: `c${i}` }))
    journal
      .given([...twoEntries, ...ten])
      .when({ type: "grantConsent", entryId: "e1", coachId: "coach-1" }, { user: owner })
      .thenRejects("conflict", /at most 10/)
  })

  it("deleting a shared entry withdraws consent first, so the coach learns it is gone", () => {
    journal
      .given(shared)
      .when({ type: "deleteEntry", entryId: "e1" }, { user: owner })
      .then([
        { type: "consentWithdrawn", entryId: "e1", coachId: "coach-1" },
        { type: "entryDeleted", entryId: "e1" },
      ])
  })
})

describe("what a coach reads", () => {
  it("no coach reads a journal before consent; a consented coach reads exactly the shared entries", () => {
    expect(canRead(journal.given(twoEntries).state, coach)).toBe(false)
    const state = journal.given(shared).state
    expect([canRead(state, coach), canRead(state, otherCoach)]).toEqual([true, false])
    expect(redactState(state, coach)).toEqual({
      id: state.id,
      ownerId: "user-1",
      entries: [expect.objectContaining({ id: "e1", body: "shared words", sessionId: "s-1", prompt: "What did you notice?" })],
    })
    expect(JSON.stringify(redactState(state, coach))).not.toContain("private words")
  })

  it("the coach's copy of consentGiven carries the entry; edits of other entries and conflicts are withheld", () => {
    const state = journal.given(shared).state
    expect(redactEvent(state, shared.at(-1)!, coach)).toMatchObject({ type: "consentGiven", entry: { id: "e1", body: "shared words" } })
    expect(redactEvent(state, { type: "entryEdited", entryId: "e1", changes: { body: "new" }, op: "p.1" }, coach)).toEqual({
      type: "entryEdited",
      entryId: "e1",
      changes: { body: "new" },
    })
    expect(redactEvent(state, { type: "entryEdited", entryId: "e2", changes: { body: "secret" } }, coach)).toBeUndefined()
    expect(
      redactEvent(state, { type: "conflictRecorded", entryId: "e1", field: "body", conflictId: "p.2", value: { body: "draft" } }, coach),
    ).toBeUndefined()
    expect(redactEvent(state, entry("e3", "new private"), coach)).toBeUndefined()
  })

  it("withdrawal stops access at once: the coach is told, then reads nothing", () => {
    const withdrawn = journal.given([...shared, { type: "consentWithdrawn", entryId: "e1", coachId: "coach-1" }]).state
    expect(canRead(withdrawn, coach)).toBe(false)
    expect(redactState(withdrawn, coach)).toBeUndefined()
    expect(redactEvent(withdrawn, { type: "consentWithdrawn", entryId: "e1", coachId: "coach-1" }, coach)).toEqual({
      type: "consentWithdrawn",
      entryId: "e1",
      coachId: "coach-1",
    })
    expect(redactEvent(withdrawn, { type: "entryEdited", entryId: "e1", changes: { body: "later" } }, coach)).toBeUndefined()
  })
})
