/**
 * The replica in parts (what web/src/journal/local-store.ts stores record
 * by record) comes back as the same replica, and a change the journal
 * refuses keeps its words for the writer.
 */
import { describe, expect, it } from "vitest"
import type { Doc } from "../../actors/journal/rich-text.ts"
import { JournalReplica } from "./replica.ts"
import { SimJournal } from "./testing/simulation.ts"

const sync = (replica: JournalReplica, journal: SimJournal) => {
  for (const batch of replica.outboxBatches()) journal.handle(batch)
  replica.receive(journal.eventsSince(replica.seq))
}

describe("a journal replica in parts", () => {
  it("comes back from its parts with the same view, outbox and op numbers", () => {
    const journal = new SimJournal("tenant-1", "writer")
    let clock = 0
    const replica = new JournalReplica("dev1", "tenant-1", "writer", () => ++clock)
    const first = replica.write({ title: "One", body: "confirmed" })
    replica.write({ title: "Two", body: "also confirmed" })
    sync(replica, journal)
    replica.edit(first, { body: "pending edit" })
    replica.write({ title: "Three", doc: [{ type: "heading", level: 2, text: "Pending" }] })
    const parts = replica.parts()
    expect(parts.entries.map((entry) => entry.id)).toEqual(
      replica
        .view()
        .entries.slice(0, 2)
        .map((entry) => entry.id),
    )
    expect(parts.pending.map((op) => op.n)).toEqual([3, 4])
    const back = JournalReplica.fromParts(structuredClone(parts), () => ++clock)
    expect(back.view()).toEqual(replica.view())
    expect(back.outbox()).toEqual(replica.outbox())
    expect(back.nextOpId).toBe(replica.nextOpId)
    sync(back, journal)
    expect(back.pendingCount).toBe(0)
    expect(back.view().entries.map((entry) => entry.title)).toEqual(["One", "Two", "Three"])
  })

  it("keeps the words of a change the journal refused, for the writer to copy or write again", () => {
    const journal = new SimJournal("tenant-1", "writer")
    const replica = new JournalReplica("dev1", "tenant-1", "writer")
    const entryId = replica.write({ title: "Plans", body: "short" })
    sync(replica, journal)
    // A mark past its block's text: the journal refuses the edit (and consumes it, so the device is not blocked).
    const broken: Doc = [{ type: "paragraph", text: "Walk early", marks: [{ type: "bold", start: 5, end: 40 }] }]
    replica.edit(entryId, { title: "Plans, again", doc: broken })
    sync(replica, journal)
    expect(replica.pendingCount).toBe(0)
    const refused = replica.attention().filter((item) => item.kind === "refused")
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatchObject({ kind: "refused", code: "invalid_command", lost: { entryId, title: "Plans, again", doc: broken } })
    // Kept through a restart of the device.
    expect(JournalReplica.fromParts(structuredClone(replica.parts())).attention()).toEqual(replica.attention())
  })
})
