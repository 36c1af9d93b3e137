/**
 * The audit trail and card usage read models: which events are audited and
 * how (the notes), how card uses are counted (a pick counts in its draw's
 * deck, even when the draw came in an earlier batch), and both tables on the
 * embedded store: log order, paging that never splits a commit, filters, and
 * only the tenant's admins see a row.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { LibraryEvent } from "../../actors/cards/protocol.ts"
import type { SessionEvent } from "../../actors/session/index.ts"
import { coFacilitator, decksLoaded, drawn, picked, withGroup } from "../../actors/session/testing/fixtures.ts"
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { cardUsage, listAudit } from "../queries/audit.ts"
import { openPgliteStore } from "../store/pglite-store.ts"
import type { ReadStore, Sql, Viewer } from "../store/port.ts"
import { runToHead } from "../testing/fixtures.ts"
import { memoryLogOf } from "../testing/simulate.ts"
import { auditLibraryEvent, auditSessionEvent } from "./audit-notes.ts"
import { auditProjection } from "./audit.ts"
import { usageOf, usageProjection } from "./usage.ts"

describe("audit notes", () => {
  it("roles, removals, reveals, locks and licensed draws are audited; ordinary session work is not", () => {
    const audited = (event: SessionEvent) => auditSessionEvent(event)?.category
    expect(audited(withGroup[0]!)).toBe("role")
    expect(audited(coFacilitator("part-1", "timer"))).toBe("role")
    expect(audited({ type: "coFacilitatorDismissed", userId: "part-1" })).toBe("role")
    expect(audited({ type: "participantRemoved", userId: "part-1" })).toBe("removal")
    expect(audited({ type: "participantReadmitted", userId: "part-1" })).toBe("removal")
    expect(audited({ type: "picksRevealed", drawId: "d", picks: [] })).toBe("reveal")
    expect(audited({ type: "locked" })).toBe("permission")
    expect(audited(decksLoaded())).toBe("permission")
    expect(audited({ ...drawn("d", ["q1"]), deckTier: "pro" } as SessionEvent)).toBe("licensed-content")
    expect(audited(drawn("d", ["f1"]))).toBeUndefined()
    expect(audited(picked("d", "part-1", "f1"))).toBeUndefined()
    expect(audited({ type: "handRaised", userId: "part-1" })).toBeUndefined()
  })

  it("a one-by-one reveal names its subject", () => {
    expect(auditSessionEvent({ type: "picksRevealed", drawId: "d", picks: [{ userId: "part-2", cardId: "f1", position: null }] })?.subject).toBe(
      "part-2",
    )
  })

  it("library licence changes and licensed accesses are audited", () => {
    expect(auditLibraryEvent({ type: "tierChanged", from: "free", to: "pro" })?.category).toBe("permission")
    expect(
      auditLibraryEvent({ type: "contentAccessed", userId: "u", deckId: "d", tier: "pro", packId: null, cards: 3, purpose: "view" }),
    ).toMatchObject({ category: "licensed-content", subject: "u" })
    expect(auditLibraryEvent({ type: "deckRetired", deckId: "d" })?.category).toBe("catalogue")
  })
})

const T0 = Date.UTC(2025, 3, 1, 9)
let position = 0
const commit = (
  tenant: string,
  kind: string,
  id: string,
  firstSeq: number,
  events: readonly unknown[],
  minute: number,
  by = `${tenant}-fac`,
): Commit => ({
  addr: makeAddress(tenant, kind, id),
  firstSeq,
  events,
  position: ++position,
  at: T0 + minute * 60_000,
  by,
  commandKey: `${by}:${position}`,
})
const tides: SessionEvent = { ...drawn("d2", ["t1", "t2"]), deckId: "tides", deckTier: "marketplace", packId: "tides" } as SessionEvent
const opened: LibraryEvent = { type: "contentAccessed", userId: "A-fac", deckId: "studio-pro", tier: "pro", packId: null, cards: 4, purpose: "view" }

const COMMITS: readonly Commit[] = [
  commit("A", "session", "s1", 1, [withGroup[0]!, decksLoaded()], 0),
  commit("B", "session", "s1", 1, [withGroup[0]!, drawn("d1", ["f1"])], 0),
  commit("A", "session", "s1", 3, [drawn("d1", ["f1", "f2"]), tides], 1),
  commit("A", "session", "s1", 5, [coFacilitator("part-1", "timer")], 2),
  commit("A", "session", "s1", 6, [picked("d2", "part-1", "t2"), picked("d1", "part-2", "f1"), picked("zz", "part-2", "f1")], 3, "part-1"),
  commit("A", "library", "A", 1, [opened], 4),
  commit("A", "session", "s1", 9, [{ type: "participantRemoved", userId: "part-2" }], 60),
]

describe("card uses for royalty reports", () => {
  it("count every card laid out and every card picked, per deck, without naming who picked", async () => {
    const { uses } = await usageOf(COMMITS, async () => [])
    const a = uses.filter((use) => use.tenant_id === "A")
    expect(a.map((use) => [use.kind, use.deck_id, use.cards])).toEqual([
      ["drawn", "sample", 2],
      ["drawn", "tides", 2],
      ["viewed", "studio-pro", 4],
      ["picked", "tides", 1],
      ["picked", "sample", 1],
    ])
    expect(JSON.stringify(uses)).not.toContain("part-")
  })

  it("a pick finds its draw in an earlier batch", async () => {
    const earlier = { tenant_id: "A", session_id: "s1", draw_id: "d1", deck_id: "sample", tier: "free", pack_id: null }
    const asked: unknown[] = []
    const { uses } = await usageOf([COMMITS[4]!], async (keys) => {
      asked.push(...keys)
      return [earlier]
    })
    expect(asked).toContainEqual({ tenant_id: "A", session_id: "s1", draw_id: "d1" })
    expect(uses.map((use) => [use.kind, use.deck_id])).toEqual([["picked", "sample"]])
  })
})

describe("audit and usage read models on the embedded store", () => {
  let store: ReadStore
  const admin: Viewer = { tenant: "A", userId: "A-admin", roles: ["admin"] }
  const facilitator: Viewer = { tenant: "A", userId: "A-fac", roles: ["facilitator"] }
  const asViewer = <T>(viewer: Viewer, body: (sql: Sql) => Promise<T>) => Effect.runPromise(store.asViewer(viewer, body))

  beforeAll(async () => {
    store = (await openPgliteStore()).store
    const { log } = memoryLogOf(COMMITS)
    // One commit per batch, so every pick meets its draw in the table rather than in its own batch.
    await runToHead(store, log, auditProjection, { batchCommits: 1 })
    await runToHead(store, log, usageProjection, { batchCommits: 1 })
  })
  afterAll(() => Effect.runPromise(store.close()))

  it("lists the tenant's audited events in log order, to its admins only", async () => {
    const { entries, next } = await asViewer(admin, (sql) => listAudit(sql, { after: 0, limit: 100 }))
    expect(next).toBeNull()
    expect(entries.map((e) => `${e.category}:${e.type}`)).toEqual([
      "role:created",
      "permission:decksLoaded",
      "licensed-content:cardsDrawn",
      "role:coFacilitatorAppointed",
      "licensed-content:contentAccessed",
      "removal:participantRemoved",
    ])
    expect(entries[5]).toMatchObject({ actor: "session/s1", seq: 9, by: "A-fac", subject: "part-2", at: new Date(T0 + 3_600_000).toISOString() })
    expect((await asViewer(facilitator, (sql) => listAudit(sql, { after: 0, limit: 100 }))).entries).toEqual([])
  })

  it("pages without splitting a commit, and filters in the database", async () => {
    const first = await asViewer(admin, (sql) => listAudit(sql, { after: 0, limit: 1 }))
    // The first commit holds two audited events: both come, and the next page starts after it.
    expect(first.entries.map((e) => e.type)).toEqual(["created", "decksLoaded"])
    const second = await asViewer(admin, (sql) => listAudit(sql, { after: first.next!, limit: 1 }))
    // A marketplace draw is licensed content; the free draw in the same commit is not audited.
    expect(second.entries.map((e) => e.summary)).toEqual(["2 marketplace card(s) drawn from tides (pack tides)"])
    const filtered = (filter: object) => asViewer(admin, (sql) => listAudit(sql, { after: 0, limit: 100, ...filter }))
    expect((await filtered({ category: "removal" })).entries.map((e) => e.subject)).toEqual(["part-2"])
    expect((await filtered({ kind: "library" })).entries.map((e) => e.type)).toEqual(["contentAccessed"])
    expect((await filtered({ by: "A-fac", category: "licensed-content" })).entries.map((e) => e.type)).toEqual(["cardsDrawn", "contentAccessed"])
    expect((await filtered({ from: T0 + 30 * 60_000 })).entries.map((e) => e.type)).toEqual(["participantRemoved"])
    expect((await filtered({ to: T0 - 1 })).entries).toEqual([])
  })

  it("counts usage per deck in a time window, to admins only, never another tenant's", async () => {
    expect(await asViewer(admin, (sql) => cardUsage(sql, undefined, undefined))).toEqual([
      { deckId: "sample", packId: null, tier: "free", drawn: 2, picked: 1, viewed: 0 },
      { deckId: "tides", packId: "tides", tier: "marketplace", drawn: 2, picked: 1, viewed: 0 },
      { deckId: "studio-pro", packId: null, tier: "", drawn: 0, picked: 0, viewed: 4 },
    ])
    // The picks came at minute 3; their draws at minute 1 still name their decks.
    expect(await asViewer(admin, (sql) => cardUsage(sql, T0 + 3 * 60_000, T0 + 3 * 60_000))).toEqual([
      { deckId: "sample", packId: null, tier: "free", drawn: 0, picked: 1, viewed: 0 },
      { deckId: "tides", packId: "tides", tier: "marketplace", drawn: 0, picked: 1, viewed: 0 },
    ])
    expect(await asViewer(facilitator, (sql) => cardUsage(sql, undefined, undefined))).toEqual([])
    expect(await asViewer({ ...admin, tenant: "B" }, (sql) => cardUsage(sql, undefined, undefined))).toEqual([
      { deckId: "sample", packId: null, tier: "free", drawn: 1, picked: 0, viewed: 0 },
    ])
  })
})
