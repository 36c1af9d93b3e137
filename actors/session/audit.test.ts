import { describe, expect, it } from "vitest"
import { auditLibraryEvent } from "../cards/audit.ts"
import { cardUses, usageByDeck } from "../cards/usage.ts"
import { auditSessionEvent } from "./audit.ts"
import { coFacilitator, decksLoaded, drawn, picked, withGroup } from "./testing/fixtures.ts"
import type { SessionEvent } from "./index.ts"

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

describe("card uses for royalty reports", () => {
  it("count every card laid out and every card picked, per deck, without naming who picked", () => {
    const pack: SessionEvent = { ...drawn("d2", ["t1", "t2"]), deckId: "tides", deckTier: "marketplace", packId: "tides" } as SessionEvent
    const uses = cardUses([drawn("d1", ["f1", "f2"]), pack, picked("d2", "part-1", "t2"), picked("d1", "part-2", "f1"), picked("zz", "part-2", "f1")])
    expect(usageByDeck(uses)).toEqual([
      { deckId: "sample", packId: null, tier: "free", drawn: 2, picked: 1 },
      { deckId: "tides", packId: "tides", tier: "marketplace", drawn: 2, picked: 1 },
    ])
    expect(JSON.stringify(uses)).not.toContain("part-")
  })

  it("keep only the uses a window accepts, while earlier draws still identify later picks", () => {
    const events = [drawn("d1", ["f1", "f2"]), picked("d1", "part-1", "f2")]
    expect(cardUses(events, (_event, i) => i === 1)).toEqual([{ kind: "picked", deckId: "sample", cardId: "f2", tier: "free", packId: null }])
  })
})
