/**
 * The engine from log commits to the facilitator's view: canvases join their
 * session, building on someone else's element counts as collaboration (named
 * only with consent), card themes come from the library, "everyone voted"
 * suggests moving on, and a finding stays on between its off and on
 * thresholds (no flicker). Time is a manual clock.
 */
import { describe, expect, it } from "vitest"
import { SAMPLE_DECK } from "../../actors/cards/sample-deck/index.ts"
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { InsightsEngine } from "./engine.ts"
import { LogFeed, sessionKey } from "./from-log.ts"
import type { InsightsView } from "./present.ts"
import { ManualClock } from "./testing/manual-clock.ts"

const session = makeAddress("t1", "session", "s1")
const board = makeAddress("t1", "canvas", "b1")
let position = 0
const commit = (addr: typeof session, by: string, at: number, ...events: object[]): Commit => ({
  addr,
  by,
  at,
  commandKey: `${by}:${position}`,
  firstSeq: 1,
  events,
  position: ++position,
})
const note = { kind: "sticky", text: "idea", colour: "#ffcc00", x: 0, y: 0, w: 10, h: 10 }

const setUp = () => {
  const clock = new ManualClock(1_000)
  const engine = new InsightsEngine({ clock })
  const feed = new LogFeed()
  engine.start()
  const views: InsightsView[] = []
  const play = (c: Commit) => {
    clock.advanceTo(c.at)
    for (const [key, activity] of feed.read(c)) engine.apply(key, activity)
  }
  engine.subscribe(sessionKey("t1", "s1"), (view) => views.push(view))
  play(commit(session, "lead", 1_000, { type: "created", title: "T", phases: ["Pause"], joinCode: "ABC234", facilitatorId: "lead" }))
  for (const [id, name] of [
    ["ana", "Ana"],
    ["ben", "Ben"],
    ["cy", "Cy"],
  ])
    play(commit(session, id!, 1_100, { type: "participantJoined", userId: id, displayName: name }))
  play(commit(session, "lead", 1_200, { type: "phaseAdvanced", from: null, to: "Pause" }))
  play(commit(board, "ana", 1_300, { type: "created", ownerId: "ana", title: "Board", privacy: "shared", sessionId: "s1" }))
  return { clock, engine, feed, views, play, last: () => views.at(-1)! }
}

describe("insights engine over log commits", () => {
  it("links a canvas to its session, counts building on others' elements, and names the pair only with both consents", () => {
    const { play, last } = setUp()
    play(commit(board, "ana", 2_000, { type: "elementAdded", elementId: "e1", element: note }))
    play(commit(board, "ben", 2_100, { type: "elementAdded", elementId: "e2", element: note }))
    play(commit(board, "cy", 2_150, { type: "elementAdded", elementId: "e3", element: note }))
    play(
      commit(board, "ben", 2_200, {
        type: "elementAdded",
        elementId: "c1",
        element: { kind: "connector", from: "e2", to: "e1", colour: "#000000", width: 2, arrow: true, label: "" },
      }),
    )
    play(commit(board, "ben", 2_300, { type: "elementMoved", elementId: "e1", kind: "sticky", x: 5, y: 5 }))
    play(commit(board, "ben", 2_400, { type: "commentAdded", commentId: "m1", elementId: "e1", kind: "sticky", text: "yes" }))
    const collaboration = () => last().insights.find((i) => i.kind === "collaboration")!
    expect(collaboration()).toMatchObject({ who: [], evidence: { links: 3, builders: 1, builtOn: 1, participants: 3 } })
    play(commit(session, "ben", 2_500, { type: "insightsConsentChanged", userId: "ben", given: true }))
    expect(collaboration().who).toEqual([])
    play(commit(session, "ana", 2_600, { type: "insightsConsentChanged", userId: "ana", given: true }))
    expect(collaboration()).toMatchObject({ who: ["ben", "ana"], names: ["Ben", "Ana"] })
    expect(last().people.map((p) => p.userId)).toEqual(["ana", "ben"])
    expect(last().people.find((p) => p.userId === "ben")).toMatchObject({ operations: 4, variety: 4 })
  })

  it("reads card themes from the library for picks and cards placed, and suggests moving on once everyone voted", () => {
    const { play, last, clock } = setUp()
    const card = SAMPLE_DECK.cards[0]!
    play(commit(session, "ana", 2_000, { type: "insightsConsentChanged", userId: "ana", given: true }))
    play(commit(session, "ana", 2_100, { type: "cardPicked", drawId: "d1", userId: "ana", cardId: card.cardId, position: 0 }))
    play(
      commit(board, "ana", 2_200, {
        type: "elementAdded",
        elementId: "k1",
        element: { kind: "card", cardId: card.cardId, x: 0, y: 0, w: 10, h: 10 },
      }),
    )
    // Counts without a change of insights reach the panel on the next tick.
    clock.advanceTo(3_000)
    expect(last().people[0]!.topThemes).toEqual([...card.themes].sort().slice(0, 3))
    play(
      commit(session, "lead", 3_000, {
        type: "pollOpened",
        pollId: "p1",
        question: "Q",
        options: ["a", "b"],
        mode: "single",
        dots: 1,
        anonymous: false,
        resultsWhen: "live",
      }),
    )
    for (const id of ["ana", "ben"]) play(commit(session, id, 3_100, { type: "voteCast", pollId: "p1", voterId: id, choices: [0] }))
    expect(last().insights.some((i) => i.kind === "phaseDone")).toBe(false)
    play(commit(session, "cy", 3_200, { type: "voteCast", pollId: "p1", voterId: "cy", choices: [1] }))
    expect(last().insights.find((i) => i.kind === "phaseDone")).toMatchObject({ who: [], evidence: { voted: 3, participants: 3 } })
    play(commit(session, "lead", 3_300, { type: "pollClosed", pollId: "p1", tally: [2, 1], voters: 3 }))
    expect(last().insights.some((i) => i.kind === "phaseDone")).toBe(false)
  })

  it("keeps a dominant participant on between the off and on thresholds, and clears it below", () => {
    const { play, last } = setUp()
    play(commit(session, "ana", 1_500, { type: "insightsConsentChanged", userId: "ana", given: true }))
    let at = 2_000
    let n = 0
    const ops = (who: string, count: number) => {
      for (let i = 0; i < count; i++) play(commit(board, who, (at += 10), { type: "elementAdded", elementId: `x${n++}`, element: note }))
    }
    const dominant = () => last().insights.some((i) => i.kind === "dominant")
    ops("ana", 15)
    expect(dominant()).toBe(true)
    // Ana at 15 of 21 (71%): under the 83% it took to come on, above the 60% it takes to go off.
    ops("ben", 3)
    ops("cy", 3)
    expect(dominant()).toBe(true)
    // 15 of 26 (58%): below the 60% threshold, it goes off.
    ops("ben", 2)
    ops("cy", 3)
    expect(dominant()).toBe(false)
  })

  it("honours consent withdrawn and anonymised mode switched on after the session ended in its retrospective", () => {
    const { play, engine } = setUp()
    const key = sessionKey("t1", "s1")
    for (const id of ["ana", "ben"]) play(commit(session, id, 1_500, { type: "insightsConsentChanged", userId: id, given: true }))
    play(commit(board, "ana", 2_000, { type: "elementAdded", elementId: "e1", element: note }))
    play(commit(board, "ben", 2_100, { type: "elementAdded", elementId: "e2", element: note }))
    play(commit(session, "lead", 3_000, { type: "ended" }))
    const named = () => {
      const retrospective = engine.retrospective(key)
      if (retrospective === undefined || retrospective === "open") throw new Error("no retrospective after the end")
      return retrospective.people.map((p) => p.userId)
    }
    expect(named()).toEqual(["ana", "ben"])
    play(commit(session, "ben", 4_000, { type: "insightsConsentChanged", userId: "ben", given: false }))
    expect(named()).toEqual(["ana"])
    play(commit(session, "lead", 4_100, { type: "insightsModeChanged", anonymised: true }))
    expect(named()).toEqual([])
    // Nothing else reopens an ended session.
    play(commit(board, "ana", 4_200, { type: "elementAdded", elementId: "e3", element: note }))
    expect(engine.retrospective(key)).toMatchObject({ room: { operations: 2 } })
  })
})
