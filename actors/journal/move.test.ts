/**
 * A guest's journal, and moving it to the account the guest creates: the
 * gateway alone moves (startMove, importEntries, finishMove), every step is
 * safe to repeat, and a moved journal takes no more changes. As a property:
 * a guest reads its own journal and no other, and nobody else reads a
 * guest's journal (consent rules as for members, a guest never a coach).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import { spec } from "../../engine/testing/decider-spec.ts"
import { propertyParameters } from "../../engine/testing/random.ts"
import { journalKind, type JournalEvent, type JournalState } from "./index.ts"
import { canRead, canReadEntry } from "./rules.ts"
import { redactState } from "./redact.ts"

const guestOf = (id: string, session: string, tenant = "tenant-1"): User => ({ id, tenant, roles: ["guest"], session })
const guest = guestOf("guest-a", "s-1")
const system = testUser("system", ["admin"])
const coach = testUser("coach-1", ["facilitator"])
const guestJournal = spec(journalKind, { addr: testAddress("journal", "guest-a") })
const account = spec(journalKind, { addr: testAddress("journal", "u-kept") })

const created: JournalEvent = { type: "created", ownerId: "guest-a" }
const written: JournalEvent = {
  type: "entryWritten",
  entryId: "e-1",
  title: "Morning circle",
  body: "I listened more.",
  tags: ["calm"],
  mood: 4,
  sessionId: "s-1",
  prompt: "What did you notice?",
}
const shared: JournalEvent = { type: "consentGiven", entryId: "e-1", coachId: "coach-1" }
const moving: JournalEvent = { type: "moveStarted", to: "u-kept" }
const imported = {
  entryId: "e-1",
  title: "Morning circle",
  body: "I listened more.",
  tags: ["calm"],
  mood: 4,
  sessionId: "s-1",
  prompt: "What did you notice?",
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_100_000,
}

describe("a guest's journal", () => {
  it("is created and written by the guest, for its own session only", () => {
    guestJournal.when({ type: "create" }, { user: guest }).then([created])
    guestJournal
      .given([created])
      .when(
        { type: "writeEntry", title: "Morning circle", body: "I listened more.", sessionId: "s-1", prompt: "What did you notice?" },
        { user: guest },
      )
      .then([
        {
          type: "entryWritten",
          entryId: "id-1",
          title: "Morning circle",
          body: "I listened more.",
          tags: [],
          mood: null,
          sessionId: "s-1",
          prompt: "What did you notice?",
        },
      ])
    guestJournal
      .given([created])
      .when({ type: "writeEntry", title: "", body: "x", sessionId: "s-2" }, { user: guest })
      .thenRejects("forbidden", /its own session/)
  })

  it("cannot be opened by another guest, even of the same session", () => {
    guestJournal.when({ type: "create" }, { user: guestOf("guest-b", "s-1") }).thenRejects("forbidden")
    guestJournal
      .given([created])
      .when({ type: "writeEntry", title: "", body: "x" }, { user: guestOf("guest-b", "s-1") })
      .thenRejects("forbidden", /owner/)
  })
})

describe("startMove", () => {
  it("closes the journal and withdraws every consent; repeating it decides nothing", () => {
    const { state } = guestJournal
      .given([created, written, shared])
      .when({ type: "startMove", to: "u-kept" }, { user: system })
      .then([{ type: "consentWithdrawn", entryId: "e-1", coachId: "coach-1" }, moving])
    expect(state.move).toEqual({ to: "u-kept", finished: false })
    expect(canRead(state, coach)).toBe(false)
    guestJournal.given([created, written, moving]).when({ type: "startMove", to: "u-kept" }, { user: system }).then([])
    guestJournal
      .given([created, written, moving])
      .when({ type: "startMove", to: "u-other" }, { user: system })
      .thenRejects("conflict", /already moves/)
  })

  it("closes a journal never opened, so nothing is written to it afterwards", () => {
    expect(guestJournal.when({ type: "startMove", to: "u-kept" }, { user: system }).then([created, moving]).state).toMatchObject({
      exists: true,
      ownerId: "guest-a",
    })
  })

  it("is the gateway's alone", () => {
    for (const user of [guest, coach, testUser("u-kept")])
      guestJournal
        .given([created])
        .when({ type: "startMove", to: "u-kept" }, { user })
        .thenRejects("forbidden", /gateway/)
  })

  it("refuses every later change, a device's included (consumed, so the device learns why)", () => {
    const closed = guestJournal.given([created, written, moving])
    closed.when({ type: "writeEntry", title: "", body: "late" }, { user: guest }).thenRejects("conflict", /moved to journal\/u-kept/)
    closed.when({ type: "editEntry", entryId: "e-1", changes: { title: "x" } }, { user: guest }).thenRejects("conflict", /moved/)
    closed.when({ type: "grantConsent", entryId: "e-1", coachId: "coach-1" }, { user: guest }).thenRejects("conflict", /moved/)
    closed
      .when({ type: "writeEntry", title: "", body: "late", entryId: "phone-1", sync: { device: "phone", op: 1 } }, { user: guest })
      .then([{ type: "syncRefused", code: "conflict", message: expect.stringMatching(/moved/) as unknown as string, op: "phone.1" }])
  })
})

describe("importEntries", () => {
  it("opens the new account's journal and writes each entry with its session, prompt, tags, mood, text and times", () => {
    const { state } = account.when({ type: "importEntries", from: "guest-a", entries: [imported] }, { user: system }).then([
      { type: "created", ownerId: "u-kept" },
      {
        type: "entryWritten",
        entryId: "e-1",
        title: "Morning circle",
        body: "I listened more.",
        tags: ["calm"],
        mood: 4,
        sessionId: "s-1",
        prompt: "What did you notice?",
        moved: { from: "guest-a", writtenAt: 1_700_000_000_000, updatedAt: 1_700_000_100_000 },
      },
    ])
    expect(state.entries[0]).toMatchObject({ id: "e-1", createdAt: 1_700_000_000_000, updatedAt: 1_700_000_100_000, coaches: [] })
    expect(canRead(state, testUser("u-kept"))).toBe(true)
  })

  it("keeps an entry's unsettled alternatives as conflicts", () => {
    const { state } = account
      .given([{ type: "created", ownerId: "u-kept" }])
      .when(
        {
          type: "importEntries",
          from: "guest-a",
          entries: [{ ...imported, conflicts: [{ id: "phone.3", field: "body", value: { body: "I listened." } }] }],
        },
        { user: system },
      )
      .then([
        expect.objectContaining({ type: "entryWritten" }) as unknown as JournalEvent,
        { type: "conflictRecorded", entryId: "e-1", field: "body", conflictId: "phone.3", value: { body: "I listened." } },
      ])
    expect(state.entries[0]!.conflicts).toEqual([expect.objectContaining({ id: "phone.3", body: "I listened." })])
  })

  it("skips what the journal already holds or deleted, so a retry adds nothing", () => {
    const first: JournalEvent[] = [
      { type: "created", ownerId: "u-kept" },
      { ...written, moved: { from: "guest-a", writtenAt: imported.createdAt, updatedAt: imported.updatedAt } },
    ]
    account
      .given(first)
      .when({ type: "importEntries", from: "guest-a", entries: [imported, imported] }, { user: system })
      .then([])
    account
      .given([...first, { type: "entryDeleted", entryId: "e-1" }])
      .when({ type: "importEntries", from: "guest-a", entries: [imported] }, { user: system })
      .then([])
    // Within one batch too: the second copy of an entry is skipped.
    account
      .when({ type: "importEntries", from: "guest-a", entries: [imported, imported] }, { user: system })
      .then([{ type: "created", ownerId: "u-kept" }, first[1]!])
  })

  it("is the gateway's alone, and refused into a journal that moved", () => {
    account.when({ type: "importEntries", from: "guest-a", entries: [imported] }, { user: testUser("u-kept") }).thenRejects("forbidden", /gateway/)
    account
      .given([
        { type: "created", ownerId: "u-kept" },
        { type: "moveStarted", to: "u-next" },
      ])
      .when({ type: "importEntries", from: "guest-a", entries: [imported] }, { user: system })
      .thenRejects("conflict", /moved/)
    account.when({ type: "importEntries", from: "guest-a", entries: [] }, { user: system }).thenRefusedBySchema()
  })
})

describe("finishMove", () => {
  it("empties the moved journal once; repeating it decides nothing", () => {
    const { state } = guestJournal
      .given([created, written, moving])
      .when({ type: "finishMove", to: "u-kept" }, { user: system })
      .then([
        { type: "entryDeleted", entryId: "e-1" },
        { type: "moveFinished", to: "u-kept" },
      ])
    expect(state).toMatchObject({ entries: [], move: { to: "u-kept", finished: true } })
    guestJournal
      .given([created, written, moving, { type: "entryDeleted", entryId: "e-1" }, { type: "moveFinished", to: "u-kept" }])
      .when({ type: "finishMove", to: "u-kept" }, { user: system })
      .then([])
  })

  it("needs the move started to the same account, by the gateway", () => {
    guestJournal
      .given([created, written])
      .when({ type: "finishMove", to: "u-kept" }, { user: system })
      .thenRejects("conflict", /start the move first/)
    guestJournal.given([created, written, moving]).when({ type: "finishMove", to: "u-other" }, { user: system }).thenRejects("conflict")
    guestJournal.given([created, written, moving]).when({ type: "finishMove", to: "u-kept" }, { user: guest }).thenRejects("forbidden")
  })
})

describe("who reads a guest's journal (property)", () => {
  const readers: User[] = [
    guest,
    guestOf("guest-b", "s-1"),
    guestOf("guest-c", "s-2"),
    guestOf("guest-a", "s-1", "tenant-2"),
    testUser("coach-1", ["facilitator"]),
    testUser("admin-1", ["admin"]),
    testUser("u-member"),
    system,
  ]
  const fold = (events: readonly JournalEvent[], owner: string): JournalState =>
    events.reduce(
      (state, event, i) => journalKind.evolve(state, event, { seq: i + 1, by: owner, at: 1 }),
      journalKind.initialState(testAddress("journal", owner)),
    )

  it("a guest's journal is read by its owner and, entry by entry, by the members it consented to; a guest reads no journal but its own", () => {
    const grants = fc.subarray(readers.map((r) => r.id))
    fc.assert(
      fc.property(fc.constantFrom("guest-a", "u-member"), grants, fc.boolean(), (owner, coaches, moved) => {
        const events: JournalEvent[] = [
          { type: "created", ownerId: owner },
          { ...written, entryId: "e-1" },
          ...coaches.filter((id) => id !== owner).map((coachId): JournalEvent => ({ type: "consentGiven", entryId: "e-1", coachId })),
          ...(moved
            ? [
                ...coaches.filter((id) => id !== owner).map((coachId): JournalEvent => ({ type: "consentWithdrawn", entryId: "e-1", coachId })),
                moving,
              ]
            : []),
        ]
        const state = fold(events, owner)
        for (const reader of readers) {
          const ownerReads = reader.id === owner && reader.tenant === "tenant-1"
          const isGuest = reader.roles.includes("guest")
          // Consent as for members: a member of the tenant it was given to, while the journal has not moved; never a guest, never the gateway.
          const consented =
            !isGuest && reader.id !== "system" && reader.tenant === "tenant-1" && reader.id !== owner && coaches.includes(reader.id) && !moved
          const label = `${reader.id}@${reader.tenant} on journal/${owner}`
          expect(canRead(state, reader), label).toBe(ownerReads || consented)
          expect(redactState(state, reader) !== undefined, label).toBe(ownerReads || consented)
          if (isGuest && !ownerReads)
            expect(
              state.entries.some((entry) => canReadEntry(state, entry, reader)),
              label,
            ).toBe(false)
        }
      }),
      propertyParameters("guest journal readers", { numRuns: 200 }),
    )
  })
})
