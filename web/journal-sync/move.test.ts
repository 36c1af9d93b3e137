/**
 * A guest keeps its journal (the gateway moves the entries to the account's
 * journal) while its phone still holds changes the guest journal never
 * applied, or applied without the phone hearing of it. Carried into the
 * account's replica, every change lands once: nothing lost, nothing twice,
 * and nothing the account's journal has to refuse.
 */
import { describe, expect, it } from "vitest"
import type { ImportedEntry } from "../../actors/journal/protocol.ts"
import { JournalReplica } from "./replica.ts"
import { SimJournal } from "./testing/simulation.ts"

const TENANT = "tenant-1"

const sync = (replica: JournalReplica, journal: SimJournal) => {
  for (const batch of replica.outboxBatches()) journal.handle(batch)
  replica.receive(journal.eventsSince(replica.seq))
}

/** What POST /api/guests/account does (gateway/http/guest-account-routes.ts): close, copy the entries, empty. */
const move = (guest: SimJournal, account: SimJournal) => {
  guest.asGateway({ type: "startMove", to: account.ownerId })
  const entries: ImportedEntry[] = guest.state.entries.map((entry) => ({
    entryId: entry.id,
    title: entry.title,
    body: entry.body,
    doc: entry.doc,
    tags: entry.tags,
    mood: entry.mood,
    sessionId: entry.sessionId,
    prompt: entry.prompt,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  }))
  account.asGateway({ type: "importEntries", from: guest.ownerId, entries })
  guest.asGateway({ type: "finishMove", to: account.ownerId })
}

describe("changes left on a guest's phone when its journal moves", () => {
  it("reach the account's journal once each: new entries keep their ids, edits apply, what already moved is not written again", () => {
    let clock = 0
    const guest = new SimJournal(TENANT, "guest-1")
    const account = new SimJournal(TENANT, "acct-1")
    const phone = new JournalReplica("dev1", TENANT, "guest-1", () => ++clock)
    const answered = phone.write({ title: "Take-home", body: "Ask one more question.", sessionId: "s1", prompt: "What will you take home?" })
    const dropped = phone.write({ title: "Draft", body: "to delete" })
    sync(phone, guest)

    // Applied by the guest journal, but the phone never heard back (its tab closed): still in the phone's outbox.
    const unheard = phone.write({ title: "Sent, unheard", body: "It reached the journal." })
    for (const batch of phone.outboxBatches()) guest.handle(batch)
    // Never sent: written after the last sync.
    const late = phone.write({ title: "Late answer", body: "Said after the move." })
    phone.edit(answered, { body: "Ask one more question, and wait." })
    phone.delete(dropped)
    expect(phone.pendingCount).toBe(4)

    move(guest, account)
    const desk = new JournalReplica("dev1", TENANT, "acct-1", () => ++clock)
    desk.receive(account.eventsSince(0))
    const carried = phone.outbox().map((op) => desk.carry(op.cmd))
    // The unheard write moved with the entries already.
    expect(carried).toEqual([false, true, true, true])
    sync(desk, account)

    expect(desk.pendingCount).toBe(0)
    expect(desk.attention()).toEqual([])
    const entries = account.state.entries.map((entry) => ({ id: entry.id, title: entry.title, body: entry.body }))
    expect(entries).toEqual([
      { id: answered, title: "Take-home", body: "Ask one more question, and wait." },
      { id: unheard, title: "Sent, unheard", body: "It reached the journal." },
      { id: late, title: "Late answer", body: "Said after the move." },
    ])
    expect(account.state.entries.find((entry) => entry.id === answered)).toMatchObject({ sessionId: "s1", prompt: "What will you take home?" })
    expect(desk.view().entries.map((entry) => entry.id)).toEqual(entries.map((entry) => entry.id))
  })

  it("the words of a change the moved journal refused become an edit of the moved entry, or a new entry", () => {
    const guest = new SimJournal(TENANT, "guest-2")
    const account = new SimJournal(TENANT, "acct-2")
    const phone = new JournalReplica("dev1", TENANT, "guest-2")
    const entryId = phone.write({ title: "Morning", body: "first words" })
    sync(phone, guest)
    move(guest, account)
    // Sent after the move: the closed journal refuses both, and the phone keeps their words.
    phone.edit(entryId, { body: "second words" })
    phone.write({ title: "Evening", doc: [{ type: "heading", level: 2, text: "Later" }] })
    sync(phone, guest)
    const refused = phone.attention().flatMap((item) => (item.kind === "refused" && item.lost ? [item.lost] : []))
    expect(refused).toHaveLength(2)

    const desk = new JournalReplica("dev1", TENANT, "acct-2")
    desk.receive(account.eventsSince(0))
    for (const lost of refused) desk.carryWords(lost)
    sync(desk, account)
    expect(desk.attention()).toEqual([])
    expect(account.state.entries.map((entry) => [entry.title, entry.body])).toEqual([
      ["Morning", "second words"],
      ["Evening", "Later"],
    ])
    expect(account.state.entries[1]!.doc).toEqual([{ type: "heading", level: 2, text: "Later" }])
  })
})
